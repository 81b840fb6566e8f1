package gates

// Go tools are pinned by canonical module version. The Go module proxy
// refuses tag queries such as `staticcheck@2025.1.1` ("invalid version",
// 403): they only ever worked from a warm module cache, so a fresh clone
// failed `make test`. `@latest` changes under the build. The way that
// works is a `tool` directive in tools/go.mod (go.sum verifies it) run by
// `go tool`, or `go run`/`go install` with an exact vX.Y.Z.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// goToolRun finds `go run pkg@version` and `go install pkg@version`
	// (flags between the verb and the package allowed).
	goToolRun = regexp.MustCompile(`\bgo\s+(run|install|get)\s+(?:-\S+\s+)*(\S+)@(\S+)`)
	// goRunRemote finds `go run`/`go install` of a remote package without
	// any version (it then resolves through the current module, or fails).
	goRunRemote = regexp.MustCompile(`\bgo\s+(run|install)\s+(?:-\S+\s+)*([a-z0-9.-]+\.[a-z]{2,}/\S+)`)
	// canonicalVersion is a canonical semantic version, vX.Y.Z, nothing
	// else: not a tag query (2025.1.1), not a branch, not latest.
	canonicalVersion = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
)

// toolPinProblems reports every line of text (a Makefile, a CI script, or
// the generate directives of a Go file) that runs a Go tool by anything
// but a canonical vX.Y.Z. file names the source in the messages.
func toolPinProblems(file, text string) []string {
	var problems []string
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue // a comment, in make and shell alike
		}
		matched := false
		for _, m := range goToolRun.FindAllStringSubmatch(line, -1) {
			matched = true
			version := strings.Trim(m[3], `"';)`)
			if !canonicalVersion.MatchString(version) {
				problems = append(problems, fmt.Sprintf("%s:%d: `go %s %s@%s` is not pinned to a canonical vX.Y.Z (the module proxy refuses tag queries, @latest moves): add it to tools/go.mod with `go get -tool -modfile=tools/go.mod %s@vX.Y.Z` and run `go tool -modfile=tools/go.mod NAME`",
					file, n, m[1], m[2], m[3], m[2]))
			}
		}
		if matched {
			continue
		}
		for _, m := range goRunRemote.FindAllStringSubmatch(line, -1) {
			problems = append(problems, fmt.Sprintf("%s:%d: `go %s %s` names no version: pin it in tools/go.mod and run it with `go tool`", file, n, m[1], m[2]))
		}
	}
	return problems
}

// goGenerateLines returns the //go:generate lines of a Go file, as text.
func goGenerateLines(b []byte) string {
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "//go:generate ") {
			out = append(out, strings.TrimPrefix(line, "//go:generate "))
		} else {
			out = append(out, "") // keep line numbers
		}
	}
	return strings.Join(out, "\n")
}

// TestGoToolsArePinned reads the Makefile, every CI script under .ci and
// every go:generate line the repository tracks.
func TestGoToolsArePinned(t *testing.T) {
	root := repoDir()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	checked := 0
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		isMake := filepath.Base(rel) == "Makefile" || strings.HasSuffix(rel, ".mk")
		isCI := strings.HasPrefix(rel, ".ci/") || strings.HasPrefix(rel, ".github/")
		isGo := strings.HasSuffix(rel, ".go") && !strings.HasPrefix(rel, "node_modules/")
		if !isMake && !isCI && !isGo {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			continue // deleted in the working tree
		}
		text := string(b)
		if isGo {
			text = goGenerateLines(b)
		}
		checked++
		for _, p := range toolPinProblems(rel, text) {
			t.Error(p)
		}
	}
	if checked == 0 {
		t.Fatal("found no Makefile, CI script or Go file to check")
	}
}

// TestToolPinCheckFires proves the check refuses each way of running an
// unpinned tool, and accepts the pinned ones.
func TestToolPinCheckFires(t *testing.T) {
	bad := map[string]string{
		"a tag query":            "\tgo run honnef.co/go/tools/cmd/staticcheck@2025.1.1 ./...",
		"latest":                 "\tgo install golang.org/x/vuln/cmd/govulncheck@latest",
		"a version without v":    "go run example.com/tool@1.2.3",
		"a short version":        "go run example.com/tool@v1.2",
		"a branch":               "go run example.com/tool@master",
		"flags before the path":  "go run -mod=mod example.com/tool@main ./...",
		"go get of a tag":        "go get example.com/tool@2024.1",
		"a remote without @":     "go run golang.org/x/tools/cmd/stringer -type=Kind",
		"a go:generate tag line": goGenerateLines([]byte("package x\n//go:generate go run golang.org/x/tools/cmd/stringer@latest -type=Kind\n")),
	}
	for name, line := range bad {
		t.Run("refuses "+name, func(t *testing.T) {
			if p := toolPinProblems("Makefile", line); len(p) != 1 {
				t.Errorf("%q: %d problems %v, want 1", line, len(p), p)
			}
		})
	}
	good := map[string]string{
		"go tool with the tools modfile": "\tgo tool -modfile=$(CURDIR)/tools/go.mod staticcheck ./...",
		"an exact version":               "go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...",
		"a local main package":           "go run app.go",
		"a local package path":           "go run ./cmd/lambdaperf report cdk.out",
		"a comment":                      "# never `go run pkg@tag`: the module proxy refuses tag queries",
		"a build":                        "go build -o bin/lambdaperf ./cmd/lambdaperf",
	}
	for name, line := range good {
		t.Run("accepts "+name, func(t *testing.T) {
			if p := toolPinProblems("Makefile", line); len(p) != 0 {
				t.Errorf("%q: %v", line, p)
			}
		})
	}
	// Line numbers point at the offending line.
	if p := toolPinProblems(".ci/run", "set -e\nmake test\ngo run x.io/y@latest\n"); len(p) != 1 || !strings.HasPrefix(p[0], ".ci/run:3: ") {
		t.Errorf("problems %v, want one at .ci/run:3", p)
	}
}
