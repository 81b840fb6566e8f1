package optimizedfn

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runLazy builds testdata/node/<entry> with the plan's settings (through
// TryBundle, or esbuild alone when raw) and returns what node prints for
// handler(event).
func runLazy(t *testing.T, props *Props, raw bool, event string, nodeArgs ...string) string {
	t.Helper()
	p, err := Resolve("S/Fn", props)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if raw {
		cmd := exec.Command(p.Esbuild, esbuildArgs(p, out)...)
		cmd.Dir = nodeProjectRoot(p)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("esbuild: %v\n%s", err, b)
		}
	} else {
		failure := &bundleFailure{}
		(&nodeBundler{plan: p, failure: failure}).TryBundle(&out, nil)
		if failure.err != nil {
			t.Fatal(failure.err)
		}
	}
	script := `import(process.argv[1]).then(m => m.handler(` + event + `)).then(r => console.log(JSON.stringify(r)), e => console.log(e.stack))`
	cmd := exec.Command("node", append(nodeArgs, "-e", script, filepath.Join(out, NodeEntryFile(p.Format)))...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s%s", err, got, stderr.String())
	}
	return strings.TrimSpace(string(got))
}

// A CommonJS module loaded with import() keeps its named exports in every
// format, as in Node.js itself. esbuild alone drops them under SplitESM
// (esbuild#3245): should an esbuild update fix that, the first case fails
// and fixCJSImports can go.
func TestLazyCJSKeepsNamedExports(t *testing.T) {
	const named = `{"named":"function","viaDefault":"function"}`
	entry := "testdata/node/lazycjs.mjs"
	if got := runLazy(t, &Props{Entry: entry}, true, "{}"); got != `{"named":"undefined","viaDefault":"function"}` {
		t.Errorf("esbuild alone, SplitESM: handler() = %s, want named undefined (esbuild#3245)", got)
	}
	for _, f := range []Format{SplitESM, ESM, CommonJS} {
		if got := runLazy(t, &Props{Entry: entry, Format: f}, false, "{}"); got != named {
			t.Errorf("%s: handler() = %s, want %s", f, got, named)
		}
	}
	// A real CommonJS package: the fixture's (await import("yaml")).stringify.
	if got := runLazy(t, &Props{Entry: "testdata/node/handler.ts"}, false, "{yaml: true}"); got != `"ok: true\n"` {
		t.Errorf("handler.ts: handler({yaml: true}) = %s, want yaml's stringify output", got)
	}
	// ES modules are left as esbuild printed them.
	if got := runLazy(t, &Props{Entry: "testdata/node/lazyesm.mjs"}, false, "{}"); got != `{"named":"function"}` {
		t.Errorf("lazyesm: handler() = %s", got)
	}
}

// The source map follows the inserted interop: an error thrown after two
// rewritten import() calls on the same generated line points at its source.
func TestLazyCJSInteropKeepsSourceMaps(t *testing.T) {
	got := runLazy(t, &Props{Entry: "testdata/node/lazycjs.mjs", SourceMap: true}, false, "{fail: true}", "--enable-source-maps")
	// Line 6, column 25: `new Error("fail")` in lazycjs.mjs.
	if !strings.Contains(got, "Error: fail") || !strings.Contains(got, "testdata/node/lazycjs.mjs:6:25") {
		t.Errorf("stack %q does not point at lazycjs.mjs:6:25", got)
	}
}

// Never silent: an import() of a CommonJS chunk that esbuild printed in
// another shape than expected stops the build.
func TestFixCJSImportsRefusesWhatItCannotFind(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.mjs"), []byte(`await import("./legacy-X.mjs");await import('./legacy-X.mjs')`), 0o644); err != nil {
		t.Fatal(err)
	}
	meta := `{"inputs":{"a.mjs":{"format":"esm"},"legacy.cjs":{"format":"cjs"}},"outputs":{
		"out/index.mjs":{"entryPoint":"a.mjs","imports":[{"path":"out/legacy-X.mjs","kind":"dynamic-import"},{"path":"out/legacy-X.mjs","kind":"dynamic-import"}]},
		"out/legacy-X.mjs":{"entryPoint":"legacy.cjs","imports":[]}}}`
	err := fixCJSImports(dir, []byte(meta))
	if err == nil || !strings.Contains(err.Error(), "has 2 import() of a CommonJS chunk, found 1") || !strings.Contains(err.Error(), "Format: optimizedfn.ESM") {
		t.Errorf("fixCJSImports = %v, want the count mismatch and the fix", err)
	}
}
