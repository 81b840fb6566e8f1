package docs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The checks themselves: each one fails on the mistake it is for.

func TestSlugFollowsGitHub(t *testing.T) {
	for _, c := range []struct{ heading, want string }{
		{"For app teams", "for-app-teams"},
		{"Node.js cold start: the builds side by side", "nodejs-cold-start-the-builds-side-by-side"},
		{"`make test`", "make-test"},
		{"Hostile input: what lambdaperf does with crafted files, archives and clients", "hostile-input-what-lambdaperf-does-with-crafted-files-archives-and-clients"},
		{"invoke, load and serve: the built function on this machine", "invoke-load-and-serve-the-built-function-on-this-machine"},
		{"Synth time (BenchmarkSynth)", "synth-time-benchmarksynth"},
		{"A [linked](x.md) *emphasized* heading", "a-linked-emphasized-heading"},
		{"snake_case and a - dash", "snake_case-and-a---dash"},
	} {
		if got := slug(c.heading); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.heading, got, c.want)
		}
	}
	p := parsePage("x.md", "# A\n\n## A\n\n```sh\n# not a heading\n```\n\n## A\n")
	for _, want := range []string{"a", "a-1", "a-2"} {
		if !p.anchors()[want] {
			t.Errorf("anchors %v lack %q (duplicate headings get -1, -2)", p.anchors(), want)
		}
	}
	if p.anchors()["not-a-heading"] {
		t.Error("a comment in a code block was taken for a heading")
	}
}

func TestLinkCheckCatches(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs", "guide.md"), []byte("# Guide\n\n## The part\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text := strings.Join([]string{
		"[good](docs/guide.md#the-part) and [folder](docs) and [line](main.go#L1) and [web](https://example.com/x#y)",
		"[missing file](docs/nope.md)",
		"[missing anchor](docs/guide.md#the-whole)",
		"[a link across",
		"two lines](docs/gone.md)",
		"[own anchor](#nowhere)",
		"[out](../elsewhere.md)",
		"[anchor in code](main.go#main)",
		"`[in a code span](docs/nope2.md)`",
		"",
		"```md",
		"[in a code block](docs/nope3.md)",
		"```",
	}, "\n")
	got := strings.Join(linkProblems(root, parsePage("README.md", text)), "\n")
	for _, want := range []string{"docs/nope.md: no such file", "#the-whole", "README.md:4: link docs/gone.md", "#nowhere", "../elsewhere.md: leaves the repository", "main.go#main: an anchor into a file that is not Markdown"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"guide.md#the-part", "link docs:", "L1", "example.com", "nope2", "nope3"} {
		if strings.Contains(got, not) {
			t.Errorf("problems name %q, which is fine:\n%s", not, got)
		}
	}
}

func TestShellSplitting(t *testing.T) {
	cmds, err := simpleCommands(strings.Join([]string{
		"make deps                         # npm ci + go mod download",
		"command -v qemu-aarch64 || sudo apt-get install -y qemu-user",
		`CDK_DEFAULT_ACCOUNT=1 AWS_REGION=eu-west-1 npx cdk synth \`,
		"  --quiet",
		`(cd ../lambdaperf && make deps) > log 2>&1`,
		`go test -run '^$' -bench "Node Cold" ./test/bench/ | tee out; echo done`,
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cmds {
		got = append(got, strings.Join(c.argv, "|"))
	}
	want := []string{
		"make|deps", "command|-v|qemu-aarch64", "apt-get|install|-y|qemu-user", "npx|cdk|synth|--quiet",
		"cd|../lambdaperf", "make|deps", "go|test|-run|^$|-bench|Node Cold|./test/bench/", "tee|out", "echo|done",
	}
	if !slices.Equal(got, want) {
		t.Errorf("commands:\n got %q\nwant %q", got, want)
	}
	for _, bad := range []string{"echo 'open", "cat <<EOF\nx\nEOF", "echo $(date)"} {
		if _, err := simpleCommands(bad); err == nil {
			t.Errorf("%q: no error; the checks cannot read it and must say so", bad)
		}
	}
}

func TestCommandCheckCatches(t *testing.T) {
	k := facts(t)
	page := parsePage("docs/x.md", strings.Join([]string{
		"```sh",
		"lambdaperf audit --format sarif cdk.out",
		"lambdaperf audit --no-such-flag cdk.out",
		"lambdaperf frobnicate cdk.out",
		"lambdaperf cost --memory",
		"lambdaperf invoke --event functions/nope.json cdk.out LambdaPerfApi/GoApi",
		"lambdaperf invoke cdk.out LambdaPerfNope/GoApi",
		"make synth test",
		"make deploy",
		"go test ./test/docs ./constructs/...",
		"go test ./constructs/nope",
		"go get github.com/lambdaperf/lambdaperf/cmd/nope@v0.1.0",
		"go run ./cmd/lambdaperf tune --strategy cost r.json",
		"go run ./cmd/lambdaperf tune --nope",
		"go frob",
		"npx cdk synth --quiet",
		"npx cdk conjure",
		"npx cdk synth --no-such-flag",
		"npm install --save-dev esbuild@0.0.1",
		"npx artillery@1.0.0 run load.yml",
		"aws s3 ls",
		"cp ../outside/x .",
		"```",
		"",
		"```sh illustrative",
		"aws configure export-credentials --format env",
		"lambdaperf tune mine.json --strateg cost",
		"```",
		"",
		"```yaml",
		"      - run: npx cdk synth --quiet",
		"      - run: go tool lambdaperf audit --formt sarif cdk.out > x.sarif || status=$?",
		"```",
		"",
		"Prose: `lambdaperf report --batch-fill 0.5 cdk.out`, `make nope`, `lambdaperf <command> -h`, `lambdaperf cost --rps`.",
	}, "\n"))
	cmds, problems := commandsOf(page)
	if len(problems) > 0 {
		t.Fatalf("%v", problems)
	}
	failed := map[string]string{}
	for _, c := range cmds {
		if p := k.check(c); p != "" {
			failed[strings.Join(c.argv, " ")] = p
		}
	}
	wantFail := []string{
		"lambdaperf audit --no-such-flag cdk.out",
		"lambdaperf frobnicate cdk.out",
		"lambdaperf cost --memory",
		"lambdaperf invoke --event functions/nope.json cdk.out LambdaPerfApi/GoApi",
		"lambdaperf invoke cdk.out LambdaPerfNope/GoApi",
		"make deploy",
		"go test ./constructs/nope",
		"go get github.com/lambdaperf/lambdaperf/cmd/nope@v0.1.0",
		"go run ./cmd/lambdaperf tune --nope",
		"go frob",
		"npx cdk conjure",
		"npx cdk synth --no-such-flag",
		"npm install --save-dev esbuild@0.0.1",
		"npx artillery@1.0.0 run load.yml",
		"aws s3 ls",
		"cp ../outside/x .",
		"lambdaperf tune mine.json --strateg cost",
		"go tool lambdaperf audit --formt sarif cdk.out",
		"make nope",
	}
	for _, w := range wantFail {
		if _, ok := failed[w]; !ok {
			t.Errorf("`%s` passed the checks; it must not", w)
		}
		delete(failed, w)
	}
	for cmd, p := range failed {
		t.Errorf("`%s` failed, but is right: %s", cmd, p)
	}
	if n := len(cmds); n != 28 {
		t.Errorf("%d commands found, want 28 (21 in the plain block, 2 illustrative, 2 in the YAML job, 3 in prose)", n)
	}
}

func TestFrontDoorCatches(t *testing.T) {
	good := "# lambdaperf\n\n```sh\nmake synth   # a\nmake test    # b\n```\n\n" +
		"## For app teams\n\n[g](docs/a.md)\n\n## For platform teams\n\n[g](docs/p.md)\n\n" +
		"## The command line\n\n[g](docs/c.md)\n\n## Versions and compatibility\n\n[c](CHANGELOG.md)\n"
	if problems := frontDoorProblems(parsePage("README.md", good)); len(problems) > 0 {
		t.Errorf("a good README fails: %v", problems)
	}
	for name, bad := range map[string]string{
		"too long":            good + strings.Repeat("x\n", maxREADMELines),
		"a long line":         good + strings.Repeat("word ", 30) + "\n",
		"another first block": strings.Replace(good, "make synth", "make deps", 1),
		"prose first":         strings.Replace(good, "# lambdaperf\n\n", "# lambdaperf\n\nWelcome.\n\n", 1),
		"a section lost":      strings.Replace(good, "## For platform teams", "## Platform", 1),
		"a guide unlinked":    strings.Replace(good, "[g](docs/c.md)", "see the docs", 1),
	} {
		if problems := frontDoorProblems(parsePage("README.md", bad)); len(problems) == 0 {
			t.Errorf("%s: the README passes; it must not", name)
		}
	}
	long := good + "| " + strings.Repeat("cell ", 40) + "|\n\n```sh\n" + strings.Repeat("x", 150) + "\n```\n"
	if problems := frontDoorProblems(parsePage("README.md", long)); len(problems) > 0 {
		t.Errorf("long table rows and code lines are allowed: %v", problems)
	}
}

func TestFirstStackScriptFollowsTheREADME(t *testing.T) {
	readme := strings.Join([]string{
		"```sh your-module",
		"go mod init example.com/x",
		"```",
		"",
		"```go",
		"// infra/x.go",
		"package infra",
		"```",
		"",
		"```go",
		"// a fragment: no file header",
		"```",
		"",
		"```sh",
		"make test",
		"```",
		"",
		"```sh your-module",
		"go test ./infra -update",
		"```",
	}, "\n")
	script, files, err := firstStackScript(parsePage("README.md", readme))
	if err != nil {
		t.Fatal(err)
	}
	init := strings.Index(script, "go mod init example.com/x")
	write := strings.Index(script, "cat > \"infra/x.go\" <<'LAMBDAPERF_EOF'\n// infra/x.go\npackage infra\nLAMBDAPERF_EOF")
	test := strings.Index(script, "go test ./infra -update")
	if !slices.Equal(files, []string{"infra/x.go"}) || init < 0 || write < init || test < write || strings.Contains(script, "make test") || strings.Contains(script, "fragment") {
		t.Errorf("files %v, script:\n%s", files, script)
	}
	if _, _, err := firstStackScript(parsePage("README.md", "```go\n// ../escape.go\n```\n")); err == nil {
		t.Error("a file outside the module was written")
	}
}
