package nodebin

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bin writes an executable node_modules/.bin/<name> under dir.
func bin(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, "node_modules", ".bin", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// noPath makes PATH find nothing, and restores lookPath after the test.
func noPath(t *testing.T) {
	t.Helper()
	orig := lookPath
	t.Cleanup(func() { lookPath = orig })
	lookPath = func(string) (string, error) { return "", errors.New("not on PATH") }
}

func TestFind(t *testing.T) {
	t.Run("finds the binary in node_modules/.bin above the entry file", func(t *testing.T) {
		noPath(t)
		project := t.TempDir()
		want := bin(t, project, "esbuild")
		entry := filepath.Join(project, "handlers", "api", "index.ts")
		os.MkdirAll(filepath.Dir(entry), 0o755)
		os.WriteFile(entry, []byte("export const handler = () => 1;\n"), 0o644)
		t.Chdir(t.TempDir())
		got, err := Find("esbuild", entry)
		if err != nil || got != want {
			t.Errorf("Find = %q, %v; want %q", got, err, want)
		}
	})
	t.Run("the nearest node_modules above the entry wins over the working directory's", func(t *testing.T) {
		noPath(t)
		project := t.TempDir()
		want := bin(t, filepath.Join(project, "app"), "esbuild")
		bin(t, project, "esbuild")
		wd := t.TempDir()
		bin(t, wd, "esbuild")
		t.Chdir(wd)
		got, err := Find("esbuild", filepath.Join(project, "app", "src"))
		if err != nil || got != want {
			t.Errorf("Find = %q, %v; want %q", got, err, want)
		}
	})
	t.Run("falls back to node_modules/.bin above the working directory", func(t *testing.T) {
		noPath(t)
		wd := t.TempDir()
		want := bin(t, wd, "cdk")
		sub := filepath.Join(wd, "infra")
		os.MkdirAll(sub, 0o755)
		t.Chdir(sub)
		got, err := Find("cdk", t.TempDir())
		if err != nil || got != want {
			t.Errorf("Find = %q, %v; want %q", got, err, want)
		}
	})
	t.Run("falls back to PATH", func(t *testing.T) {
		orig := lookPath
		t.Cleanup(func() { lookPath = orig })
		lookPath = func(name string) (string, error) { return "/usr/local/bin/" + name, nil }
		t.Chdir(t.TempDir())
		got, err := Find("esbuild", t.TempDir())
		if err != nil || got != "/usr/local/bin/esbuild" {
			t.Errorf("Find = %q, %v; want PATH's", got, err)
		}
	})
	t.Run("skips a file that is not executable", func(t *testing.T) {
		noPath(t)
		dir := t.TempDir()
		p := bin(t, dir, "esbuild")
		os.Chmod(p, 0o644)
		t.Chdir(t.TempDir())
		if got, err := Find("esbuild", dir); err == nil {
			t.Errorf("Find = %q, want not found", got)
		}
	})
	t.Run("not found names every folder searched", func(t *testing.T) {
		noPath(t)
		wd, entry := t.TempDir(), t.TempDir()
		t.Chdir(wd)
		_, err := Find("esbuild", entry)
		if !IsNotFound(err) {
			t.Fatalf("err = %v, want a NotFoundError", err)
		}
		for _, want := range []string{"esbuild", entry, wd, "nor on PATH"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %q", err, want)
			}
		}
		// A folder searched already is not named twice.
		_, err = Find("esbuild", wd)
		if want := "esbuild is not in node_modules/.bin at or above " + wd + ", nor on PATH"; err == nil || err.Error() != want {
			t.Errorf("err = %v, want %q", err, want)
		}
	})
}

// TestVersionsAreThePinnedOnes: the versions the errors tell to install
// are the ones the repository's package.json and the example app's pin.
func TestVersionsAreThePinnedOnes(t *testing.T) {
	for _, file := range []string{"../../package.json", "../../examples/orders/package.json"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var pkg struct {
			DevDependencies map[string]string `json:"devDependencies"`
		}
		if err := json.Unmarshal(b, &pkg); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for name, want := range map[string]string{"esbuild": EsbuildVersion, "aws-cdk": CDKCLIVersion} {
			if got := pkg.DevDependencies[name]; got != want {
				t.Errorf("%s pins %s %q, nodebin names %q", file, name, got, want)
			}
		}
	}
}
