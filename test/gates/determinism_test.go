package gates

// Synthesis is reproducible: the same sources, checked out in two different
// folders, synthesize to byte-identical templates and asset hashes. No
// absolute path, timestamp or map order may leak into a bundle, a binary or
// a template.

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
	a := synth(t) // the repository itself, in one folder
	copyDir := t.TempDir()
	checkout(t, repoDir(), copyDir)
	copyOut := filepath.Join(copyDir, "cdk.out")
	if err := synthesizeIn(copyDir, copyOut); err != nil {
		t.Fatal(err)
	}
	sums := [2]map[string]string{digest(t, a.Dir), digest(t, copyOut)}
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
	// Neither folder's name may appear in what is deployed.
	for _, n := range names {
		if !strings.HasSuffix(n, ".json") && !strings.HasSuffix(n, ".js") && !strings.HasSuffix(n, ".mjs") && !strings.HasSuffix(n, ".py") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(copyOut, n))
		if err == nil && (bytes.Contains(b, []byte(copyDir)) || bytes.Contains(b, []byte(repoDir()))) {
			t.Errorf("%s contains a checkout's absolute path", n)
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
