package cdktest

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPanicsReportsTheMessage(t *testing.T) {
	if msg := Panics(func() { panic("bad prop") }); msg != "bad prop" {
		t.Errorf("Panics = %q", msg)
	}
	if msg := Panics(func() {}); msg != "" {
		t.Errorf("Panics of a normal return = %q", msg)
	}
}

// TestCDKCLIIsFoundWithoutPath: the repository's node_modules/.bin/cdk
// (make deps) is found from a package folder with nothing on PATH, and a
// project with none gets both fixes and the pinned version.
func TestCDKCLIIsFoundWithoutPath(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	bin, err := CDKCLI(".")
	want, _ := filepath.Abs(filepath.Join("..", "node_modules", ".bin", "cdk"))
	if err != nil || bin != want {
		t.Errorf("CDKCLI(.) = %q, %v; want %q", bin, err, want)
	}
	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	_, err = CDKCLI(elsewhere)
	for _, fix := range []string{"npm install --save-dev --save-exact aws-cdk@" + CDKCLIVersion + "` in " + elsewhere, "or put cdk on PATH"} {
		if err == nil || !strings.Contains(err.Error(), fix) {
			t.Errorf("CDKCLI without a CLI: %v, want it to name %q", err, fix)
		}
	}
}
