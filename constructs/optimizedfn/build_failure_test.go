package optimizedfn_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestToolchainErrorsStopSynthesis: a handler that does not build stops
// synthesis with the toolchain's message and its file:line, not CDK's
// "Failed to bundle asset" wrapper, and the jsii kernel is left in step:
// the same app goes on to synthesize a function that builds.
func TestToolchainErrorsStopSynthesis(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"node/package-lock.json": `{"lockfileVersion": 3, "packages": {}}`,
		"node/handler.ts":        "export const handler = async () => {\n  return { ok: true ;\n};\n",
		"gofn/go.mod":            "module example.com/broken\n\ngo 1.26\n",
		"gofn/main.go":           "package main\n\nfunc main() {\n\tundefinedThing()\n}\n",
	})
	cases := []struct {
		name  string
		entry string
		want  []string
	}{
		{"a Node.js handler with a syntax error", filepath.Join(dir, "node", "handler.ts"),
			[]string{`optimizedfn "S/Broken": esbuild `, "handler.ts failed (exit status 1):\n", `[ERROR] Expected "}" but found ";"`, filepath.Join(dir, "node", "handler.ts") + ":2:20:"}},
		{"a Go handler that does not compile", filepath.Join(dir, "gofn"),
			[]string{`optimizedfn "S/Broken": go build `, "gofn (GOARCH=arm64) failed (exit status 1):\n", filepath.Join(dir, "gofn", "main.go") + ":4:2: undefined: undefinedThing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stack := newStack(t)
			msg := cdktest.Panics(func() { optimizedfn.New(stack, jsii.String("Broken"), &optimizedfn.Props{Entry: c.entry}) })
			if !strings.HasPrefix(msg, c.want[0]) {
				t.Errorf("the message does not start with the construct and the tool (%q):\n%s", c.want[0], msg)
			}
			for _, want := range c.want[1:] {
				if !strings.Contains(msg, want) {
					t.Errorf("the message lacks %q:\n%s", want, msg)
				}
			}
			for _, noise := range []string{"Failed to bundle asset", "bundle output is located", "Interrupted before callback returned", "jsii"} {
				if strings.Contains(msg, noise) {
					t.Errorf("the message carries CDK's wrapper (%q):\n%s", noise, msg)
				}
			}
			optimizedfn.New(stack, jsii.String("Fine"), &optimizedfn.Props{Entry: "testdata/node/handler.ts"})
			if fns := cdktest.Resources(cdktest.Template(t, stack), "AWS::Lambda::Function"); len(fns) != 1 {
				t.Errorf("after the failure the stack has %d functions, want the one that builds", len(fns))
			}
		})
	}
}

// TestFileQualifiedHandler: Handler "index.handler", as Lambda and CDK's
// NodejsFunction write it, deploys as index.handler, not
// index.index.handler.
func TestFileQualifiedHandler(t *testing.T) {
	_, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: "testdata/node/handler.ts", Handler: "index.handler"})
	fns := cdktest.Resources(cdktest.Template(t, stack), "AWS::Lambda::Function")
	if len(fns) != 1 {
		t.Fatalf("%d functions, want 1", len(fns))
	}
	for _, fn := range fns {
		if got := cdktest.Props(fn)["Handler"]; got != "index.handler" {
			t.Errorf("Handler %v, want index.handler", got)
		}
	}
}
