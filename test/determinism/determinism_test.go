// Package determinism proves that synthesis is reproducible: the same
// sources, checked out in two different folders, synthesize to
// byte-identical templates and asset hashes. No absolute path, timestamp or
// map order may leak into a bundle, a binary or a template.
package determinism

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// checkout copies the files git knows (tracked, and untracked but not
// ignored) into a new folder: a fresh clone of the working tree.
func checkout(t *testing.T, root, dst string) {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, rel)
		info, err := os.Lstat(src)
		if err != nil {
			continue // deleted in the working tree
		}
		if info.IsDir() || info.Mode()&os.ModeSymlink != 0 {
			continue // links (a shared node_modules) are not sources
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	// node_modules is installed from the lock file; share the one we have.
	if err := os.Symlink(filepath.Join(root, "node_modules"), filepath.Join(dst, "node_modules")); err != nil {
		t.Fatal(err)
	}
}

// synth runs the app as `cdk synth` does and returns the assembly folder.
func synth(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "cdk.out")
	cmd := exec.Command("go", "run", "app.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+out, "CDK_CONTEXT_JSON={\"aws:cdk:enable-asset-metadata\":true}",
		"PATH="+filepath.Join(dir, "node_modules", ".bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("synth in %s: %v\n%s", dir, err, b)
	}
	return out
}

// digest maps every template and every file of every asset to its SHA-256.
func digest(t *testing.T, assembly string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(assembly, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(assembly, p)
		if !strings.HasSuffix(rel, ".template.json") && !strings.HasPrefix(rel, "asset.") {
			return nil // manifest, tree.json and reports are not deployed
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := sha256.Sum256(b)
		sums[rel] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

func TestSynthesisIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes the reference app twice")
	}
	root := repoRoot(t)
	var sums [2]map[string]string
	var dirs [2]string
	for i := range sums {
		dirs[i] = t.TempDir()
		checkout(t, root, dirs[i])
		sums[i] = digest(t, synth(t, dirs[i]))
	}
	var templates, assetFiles int
	for n := range sums[0] {
		if strings.HasPrefix(n, "asset.") {
			assetFiles++
		} else {
			templates++
		}
	}
	if templates == 0 || assetFiles == 0 {
		t.Fatalf("synthesized %d templates and %d asset files: nothing to compare", templates, assetFiles)
	}
	t.Logf("compared %d templates and %d asset files", templates, assetFiles)
	var names []string
	for n := range sums[0] {
		names = append(names, n)
	}
	for n := range sums[1] {
		if _, ok := sums[0][n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if sums[0][n] != sums[1][n] {
			t.Errorf("%s differs between two checkouts (%s vs %s)", n, short(sums[0][n]), short(sums[1][n]))
		}
	}
	// The folder names must not appear anywhere in what is deployed.
	for _, n := range names {
		if !strings.HasSuffix(n, ".json") && !strings.HasSuffix(n, ".js") && !strings.HasSuffix(n, ".mjs") && !strings.HasSuffix(n, ".py") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dirs[0], "cdk.out", n))
		if err == nil && bytes.Contains(b, []byte(dirs[0])) {
			t.Errorf("%s contains the checkout's absolute path %s", n, dirs[0])
		}
	}
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	if s == "" {
		return "missing"
	}
	return s
}
