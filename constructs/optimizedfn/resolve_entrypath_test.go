package optimizedfn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourceRelativeResolvesAgainstTheCallingFile(t *testing.T) {
	got := SourceRelative("testdata/node/handler.ts")
	wd, _ := os.Getwd() // go test runs here, beside this file
	if want := filepath.Join(wd, "testdata", "node", "handler.ts"); got != want {
		t.Errorf("SourceRelative = %s, want %s", got, want)
	}
	if got := SourceRelative("/srv/app/../handlers/x.ts"); got != "/srv/handlers/x.ts" {
		t.Errorf("an absolute path = %s, want it cleaned", got)
	}
	// From another working directory, the relative Entry misses and the
	// SourceRelative one still resolves.
	t.Chdir(t.TempDir())
	if _, err := Resolve("S/F", &Props{Entry: SourceRelative("testdata/node/handler.ts")}); err != nil {
		t.Errorf("SourceRelative entry from another folder: %v", err)
	}
	_, err := Resolve("S/F", &Props{Entry: "testdata/node/handler.ts"})
	wd, _ = os.Getwd()
	tried := filepath.Join(wd, "testdata", "node", "handler.ts")
	if err == nil || !strings.Contains(err.Error(), "looked for "+tried+" (relative to the working directory "+wd+")") ||
		!strings.Contains(err.Error(), `optimizedfn.SourceRelative("testdata/node/handler.ts")`) {
		t.Errorf("want the absolute path tried, the folder and the fix; got %v", err)
	}
}

// TestEveryKindIsInTheMessages: the kinds of handler the construct builds
// (those of its runtimes) are each named in the one table messages use.
func TestEveryKindIsInTheMessages(t *testing.T) {
	built := map[Kind]bool{}
	for r := range runtimes {
		built[r.kind()] = true
	}
	listed := map[Kind]bool{}
	for _, k := range handlerKinds {
		listed[k.kind] = true
		if k.kind.String() == string(k.kind) {
			t.Errorf("kind %q has no name", k.kind)
		}
	}
	for k := range built {
		if !listed[k] {
			t.Errorf("the construct builds %q handlers, which handlerKinds does not list", k)
		}
	}
	_, err := Resolve("S/F", &Props{})
	for _, want := range []string{"Node.js handler file (.ts, .mts, .cts, .js, .mjs or .cjs)", "Go main package folder", "Python module folder", "Java source folder", ".NET `dotnet publish` output folder"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Entry is required: want %q in %v", want, err)
		}
	}
	_, err = Resolve("S/F", &Props{Entry: "testdata/node"})
	if err == nil || !strings.Contains(err.Error(), "has no .go files, .py files, .java files or a *.runtimeconfig.json: point it at a Go main package folder") ||
		strings.Contains(err.Error(), "Node.js") {
		t.Errorf("a folder with no handler: %v", err)
	}
	_, err = Resolve("S/F", &Props{Entry: "testdata/node/README.txt"})
	if err == nil || !strings.Contains(err.Error(), "or a folder for Go, Python, Java or .NET") {
		t.Errorf("a non-handler file: %v", err)
	}
}
