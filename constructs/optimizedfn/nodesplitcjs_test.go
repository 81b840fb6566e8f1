package optimizedfn

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The hazard the split-cjs-import warning is about, run for real with the
// repository's esbuild and node: a CommonJS module loaded with import()
// loses its named exports under SplitESM only, and `.default` works in
// every format. Should an esbuild update fix esbuild#3245, this test fails
// and the warning can go.
func TestSplitESMDropsNamedExportsOfLazyCJS(t *testing.T) {
	for _, tc := range []struct {
		format Format
		want   string
	}{
		{SplitESM, `{"named":"undefined","viaDefault":"function"}`},
		{ESM, `{"named":"function","viaDefault":"function"}`},
		{CommonJS, `{"named":"function","viaDefault":"function"}`},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			p, err := Resolve("S/Fn", &Props{Entry: "testdata/node/lazycjs.mjs", Format: tc.format})
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			(&nodeBundler{plan: p}).TryBundle(&out, nil)
			script := `import(process.argv[1]).then(m => m.handler()).then(r => console.log(JSON.stringify(r)))`
			got, err := exec.Command("node", "-e", script, filepath.Join(out, NodeEntryFile(tc.format))).CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, got)
			}
			if strings.TrimSpace(string(got)) != tc.want {
				t.Errorf("handler() = %s, want %s", got, tc.want)
			}
			if ws := bundleWarnings(p); (len(ws) == 1) != (tc.format == SplitESM) {
				t.Errorf("warnings %v: want exactly one under SplitESM, none otherwise", ws)
			}
		})
	}
}

// Only import() of a module esbuild read as CommonJS counts: not of an
// ES module, not a static import or require() of a CommonJS one, not an
// external; each importer and module once.
func TestSplitCJSImportsFromMetafile(t *testing.T) {
	meta, err := json.Marshal(map[string]any{"inputs": map[string]any{
		"h.mjs": map[string]any{"format": "esm", "imports": []map[string]any{
			{"path": "node_modules/yaml/dist/index.js", "kind": "dynamic-import", "original": "yaml"},
			{"path": "node_modules/yaml/dist/index.js", "kind": "dynamic-import", "original": "yaml"},
			{"path": "m.mjs", "kind": "dynamic-import", "original": "./m.mjs"},
			{"path": "c.cjs", "kind": "import-statement", "original": "./c.cjs"},
			{"path": "c.cjs", "kind": "require-call", "original": "./c.cjs"},
			{"path": "ext", "kind": "dynamic-import", "original": "ext", "external": true},
			{"path": "node:http", "kind": "dynamic-import", "external": true},
		}},
		"a.mjs": map[string]any{"format": "esm", "imports": []map[string]any{
			{"path": "c.cjs", "kind": "dynamic-import", "original": "./c.cjs"},
		}},
		"node_modules/yaml/dist/index.js": map[string]any{"format": "cjs", "imports": []any{}},
		"c.cjs":                           map[string]any{"format": "cjs", "imports": []any{}},
		"m.mjs":                           map[string]any{"format": "esm", "imports": []any{}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := splitCJSImports(meta)
	if err != nil {
		t.Fatal(err)
	}
	want := []cjsImport{{"a.mjs", "./c.cjs", "c.cjs"}, {"h.mjs", "yaml", "node_modules/yaml/dist/index.js"}}
	if !slices.Equal(got, want) {
		t.Errorf("splitCJSImports = %v, want %v", got, want)
	}
	if _, err := splitCJSImports([]byte("{")); err == nil {
		t.Error("a truncated metafile must be an error, not no warning")
	}
}
