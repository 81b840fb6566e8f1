package optimizedfn

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Two builds whose chunks differ only in esbuild's path-dependent names get
// the same files, and every reference follows the new names.
func TestStableChunkNamesFollowContentOnly(t *testing.T) {
	build := func(yaml, shared string) map[string]string {
		dir := t.TempDir()
		for name, content := range map[string]string{
			"index.mjs":           `import{a}from"./` + shared + `";export const handler=async()=>(await import("./` + yaml + `")).default;`,
			yaml:                  `import{a}from"./` + shared + `";export default a;` + "\n//# sourceMappingURL=" + yaml + ".map",
			yaml + ".map":         `{"file":"` + yaml + `"}`,
			shared:                `export const a=1;`,
			"bowser-SAME0000.mjs": `export default 2;`,
		} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := stableChunkNames(dir); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			out[e.Name()] = string(b)
		}
		return out
	}
	a := build("dist-AAAA1111.mjs", "chunk-BBBB2222.mjs")
	b := build("dist-CCCC3333.mjs", "chunk-DDDD4444.mjs")
	if len(a) != 5 || len(a) != len(b) {
		t.Fatalf("files %v and %v", slices.Sorted(maps.Keys(a)), slices.Sorted(maps.Keys(b)))
	}
	for name, content := range a {
		if b[name] != content {
			t.Errorf("%s: %q in one build, %q in the other", name, content, b[name])
		}
		for _, old := range []string{"AAAA1111", "BBBB2222"} {
			if strings.Contains(name+content, old) {
				t.Errorf("%s still names %s: %q", name, old, content)
			}
		}
	}
	for _, prefix := range []string{"dist-", "chunk-", "bowser-"} {
		if !slices.ContainsFunc(slices.Sorted(maps.Keys(a)), func(n string) bool { return strings.HasPrefix(n, prefix) }) {
			t.Errorf("no %s chunk in %v: the name prefix is kept", prefix, slices.Sorted(maps.Keys(a)))
		}
	}
}
