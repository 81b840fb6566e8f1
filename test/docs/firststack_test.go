package docs

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fileHeader is the first line of a README code block that is a file of
// the reader's module: `// infra/orders.go`.
var fileHeader = regexp.MustCompile(`^// ([A-Za-z0-9_./-]+\.(go|mjs|js|ts))$`)

// firstStackScript is the README's path for an app team as one bash
// script: its your-module blocks in order, and each file block written to
// the path its first line names, at the point where the README shows it.
func firstStackScript(p *page) (script string, files []string, err error) {
	var b strings.Builder
	b.WriteString("set -euo pipefail\n")
	for _, blk := range p.blocks {
		switch {
		case blk.has(markYourModule):
			fmt.Fprintf(&b, "# README.md:%d\n%s\n", blk.line, strings.Join(blk.lines, "\n"))
		case len(blk.lines) > 0 && fileHeader.MatchString(blk.lines[0]):
			name := fileHeader.FindStringSubmatch(blk.lines[0])[1]
			if path.IsAbs(name) || strings.HasPrefix(path.Clean(name), "..") {
				return "", nil, fmt.Errorf("README.md:%d: %s leaves the module", blk.line, name)
			}
			body := strings.Join(blk.lines, "\n") + "\n"
			if strings.Contains(body, "\nLAMBDAPERF_EOF\n") {
				return "", nil, fmt.Errorf("README.md:%d: the block holds the script's end marker", blk.line)
			}
			fmt.Fprintf(&b, "# README.md:%d\nmkdir -p %q\ncat > %q <<'LAMBDAPERF_EOF'\n%sLAMBDAPERF_EOF\n", blk.line, path.Dir(name), name, body)
			files = append(files, name)
		}
	}
	return b.String(), files, nil
}

// Stand-ins for what needs the network or is slow, on PATH before the real
// tools. The repository is the clone (tmp/lambdaperf links to it);
// `npm install` links its node_modules (esbuild, the CDK CLI) and writes a
// lock file; `npx cdk synth` is skipped: examples/orders runs `cdk synth`
// of an app module for real (TestTemplateEqualsCDKSynth), and the README's
// snapshot test synthesizes the same app here.
const (
	gitStandIn = `#!/bin/sh
if [ "$1" = clone ]; then
	[ "$2" = https://github.com/lambdaperf/lambdaperf ] || { echo "git clone: test/docs stands in for $2 only with this checkout" >&2; exit 1; }
	[ -d "$3" ] || { echo "git clone: $3 is not where test/docs linked the checkout" >&2; exit 1; }
	exit 0
fi
exec %s "$@"
`
	npmStandIn = `#!/bin/sh
case "$1" in
init) [ -f package.json ] || printf '{"name": "orders", "version": "1.0.0", "private": true}\n' > package.json ;;
install|i|ci)
	ln -sfn %s node_modules
	[ -f package-lock.json ] || printf '{"name": "orders", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "orders"}}}\n' > package-lock.json ;;
*) echo "npm $1: not stood in for by test/docs" >&2; exit 1 ;;
esac
`
	npxStandIn = `#!/bin/sh
if [ "$1" = cdk ] && [ "$2" = synth ]; then
	echo "npx cdk synth: skipped by test/docs (examples/orders runs cdk synth)"
	exit 0
fi
exec %s "$@"
`
)

// TestFirstStackOutsideTheRepository runs the README's app-team path in a
// new folder beside a link to this checkout, as a reader would beside a
// clone: the install commands, the four files, go mod tidy, the snapshot
// test with -update (one synthesis), and go get -tool of the CLI. The
// golden it writes must hold the stack the README promises.
func TestFirstStackOutsideTheRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes a stack (about 30 s): not with -short")
	}
	p, err := readPage(repoDir(), "README.md")
	if err != nil {
		t.Fatal(err)
	}
	script, files, err := firstStackScript(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 || !strings.Contains(script, "go test ./infra -update") {
		t.Fatalf("the README's app-team path lost its parts (files %v); the script:\n%s", files, script)
	}

	dir := t.TempDir()
	if err := os.Symlink(repoDir(), filepath.Join(dir, "lambdaperf")); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "standins")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"git": fmt.Sprintf(gitStandIn, lookPath(t, "git")),
		"npm": fmt.Sprintf(npmStandIn, filepath.Join(repoDir(), "node_modules")),
		"npx": fmt.Sprintf(npxStandIn, lookPath(t, "npx")),
	} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	// The reader's PATH has no node_modules/.bin (the Makefile puts the
	// repository's there): esbuild must be found in the module's own.
	dirs := []string{bin}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if filepath.Base(d) != ".bin" || filepath.Base(filepath.Dir(d)) != "node_modules" {
			dirs = append(dirs, d)
		}
	}
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PATH="+strings.Join(dirs, string(os.PathListSeparator)),
		// Offline: the modules come from the cache `make deps` filled,
		// and go mod tidy writes go.sum from it.
		"GOPROXY=off", "GOSUMDB=off", "GOFLAGS=", "GOWORK=off",
		"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's app-team path failed: %v\n%s\nthe script:\n%s", err, out, script)
	}
	t.Logf("%s", out)

	module := filepath.Join(dir, "orders")
	b, err := os.ReadFile(filepath.Join(module, "infra", "testdata", "Orders.template.json"))
	if err != nil {
		t.Fatalf("the snapshot test wrote no golden: %v\n%s", err, out)
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &tpl); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range tpl.Resources {
		count[r.Type]++
		switch r.Type {
		case "AWS::Lambda::Function":
			if got := fmt.Sprint(r.Properties["MemorySize"], r.Properties["Architectures"]); got != "512 [arm64]" {
				t.Errorf("the function: MemorySize and Architectures %s, want 512 [arm64] (IOBound on Graviton)", got)
			}
		case "AWS::ApplicationAutoScaling::ScalableTarget":
			if got := fmt.Sprint(r.Properties["MinCapacity"], " ", r.Properties["MaxCapacity"]); got != "9 30" {
				t.Errorf("provisioned concurrency scales %s, want 9 30 (ForLoad(40, 150ms) to Max 30)", got)
			}
		}
	}
	for typ, want := range map[string]int{
		"AWS::Lambda::Function": 1, "AWS::Lambda::Alias": 1, "AWS::ApplicationAutoScaling::ScalableTarget": 1,
		"AWS::CloudWatch::Dashboard": 1, "AWS::CloudWatch::CompositeAlarm": 1,
	} {
		if count[typ] != want {
			t.Errorf("%d %s in the golden, want %d", count[typ], typ, want)
		}
	}
	if count["AWS::CloudWatch::Alarm"] == 0 {
		t.Error("no alarms in the golden: is monitoring.New in the README's stack?")
	}
	if !strings.Contains(string(out), "lambdaperf prices and right-sizes") {
		t.Errorf("go tool lambdaperf -h printed no usage:\n%s", out)
	}
}

func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not on PATH", name)
	}
	return p
}
