package test

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/stacks"
)

// TestToolchainErrorsReadAlone runs a real app (test/testdata/badsynth, a
// main that defers jsii.Close() as app teams write it) on a Node.js
// handler with a syntax error and a Go handler that does not compile,
// and reads what a user sees: the toolchain's message first, with its
// file:line relative to where synthesis runs, and nothing below it. Before
// lambdaperf kept bundler errors out of the jsii callback, the message
// came after a 25-line Node.js EPIPE trace (the kernel, abandoned inside
// the callback, answered jsii.Close on a closed pipe) and before a
// goroutine dump.
func TestToolchainErrorsReadAlone(t *testing.T) {
	repo := stacks.RepoDir()
	app := filepath.Join(t.TempDir(), "badsynth")
	build := exec.Command("go", "build", "-o", app, "./test/testdata/badsynth")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cases := []struct {
		name, entry string
		first       string   // the first line after CDK's "Bundling asset" line
		want        []string // the tool's message, with its location
	}{
		{"esbuild", "test/testdata/badsynth/node/handler.ts",
			`optimizedfn "BadSynth/Api": esbuild test/testdata/badsynth/node/handler.ts failed (exit status 1):`,
			[]string{`✘ [ERROR] Expected "}" but found ";"`, "    test/testdata/badsynth/node/handler.ts:2:20:"}},
		{"go build", "test/testdata/badsynth/gofn",
			`optimizedfn "BadSynth/Api": go build test/testdata/badsynth/gofn (GOARCH=arm64) failed (exit status 1):`,
			[]string{"test/testdata/badsynth/gofn/main.go:6:2: undefined: undefinedThing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(app)
			cmd.Dir = repo
			cmd.Env = append(cmd.Environ(), "ENTRY="+c.entry, "CDK_OUTDIR="+t.TempDir())
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Errorf("the app ended with %v, want exit status 1\n%s", err, out.String())
			}
			lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
			if len(lines) > 0 && strings.HasPrefix(lines[0], "Bundling asset ") {
				lines = lines[1:]
			}
			if len(lines) == 0 || lines[0] != c.first {
				t.Fatalf("the output does not start with the toolchain's error:\n%s\nwant first:\n%s", out.String(), c.first)
			}
			for _, want := range c.want {
				if !strings.Contains(out.String(), "\n"+want) {
					t.Errorf("the output lacks the line %q:\n%s", want, out.String())
				}
			}
			for _, noise := range []string{"EPIPE", "node:events", "goroutine ", "panic:", "exited abnormally", "Failed to bundle asset", "jsii"} {
				if strings.Contains(out.String(), noise) {
					t.Errorf("the output carries %q:\n%s", noise, out.String())
				}
			}
		})
	}
}
