package optimizedfn

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// buildJar resolves a Java entry with the local JDK and builds its jar.
func buildJar(t *testing.T, entry string) []byte {
	t.Helper()
	p, err := Resolve("S/Java", &Props{Entry: entry})
	if err != nil {
		t.Fatal(err)
	}
	b := &javaBundler{path: p.Path, javac: p.Javac, release: p.JavaRelease, runtime: 21, sources: p.JavaSources, resources: p.JavaResources}
	jar := filepath.Join(t.TempDir(), JarName)
	if err := b.build(jar); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(jar)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// copyTree copies the test sources, so two builds run from two places.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeTestFile(t, filepath.Join(dst, rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestJavaBuildIsReproducible: the same sources, compiled in two places at
// two times, give the same jar bytes, so the asset hash changes only with
// the sources; and the jar holds the compiled classes, manifest first.
func TestJavaBuildIsReproducible(t *testing.T) {
	t.Setenv("JAVA_HOME", "")
	first := buildJar(t, copyTree(t, javaEntry))
	second := buildJar(t, copyTree(t, javaEntry))
	if !bytes.Equal(first, second) {
		t.Fatal("two builds of the same sources differ")
	}

	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	classes := map[string][]byte{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(jarTime) {
			t.Errorf("%s has timestamp %v, want the fixed %v", f.Name, f.Modified, jarTime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "META-INF/MANIFEST.MF" && string(b) != jarManifest {
			t.Errorf("manifest %q", b)
		}
		if strings.HasSuffix(f.Name, ".class") {
			classes[f.Name] = b
		}
	}
	want := []string{"META-INF/", "META-INF/MANIFEST.MF", "com/", "com/example/", "com/example/hello/",
		"com/example/hello/Greeting.class", "com/example/hello/Hello.class"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("jar entries:\n  %v\nwant:\n  %v", names, want)
	}
	if !sort.StringsAreSorted(names[2:]) {
		t.Errorf("entries after the manifest are not sorted: %v", names)
	}
	for name, b := range classes {
		if len(b) < 8 || binary.BigEndian.Uint32(b) != 0xCAFEBABE {
			t.Errorf("%s is not a class file", name)
			continue
		}
		// Class file major version 61 is Java 17, 65 is Java 21.
		if major := binary.BigEndian.Uint16(b[6:8]); major > 65 || major < 55 {
			t.Errorf("%s has class file version %d: not runnable on java21", name, major)
		}
	}

}

// TestJarDependsOnContentsOnly: file times and creation order do not reach
// the jar; a changed byte does.
func TestJarDependsOnContentsOnly(t *testing.T) {
	files := map[string]string{"com/x/B.class": "b", "com/x/A.class": "a", "com/y/C.class": "c"}
	first, second := folder(t, files), folder(t, files)
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for name := range files {
		os.Chtimes(filepath.Join(second, filepath.FromSlash(name)), old, old)
	}
	jar := func(dir string) []byte {
		out := filepath.Join(t.TempDir(), "a.jar")
		if err := writeJar(out, dir); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(out)
		return b
	}
	a, b := jar(first), jar(second)
	if !bytes.Equal(a, b) {
		t.Error("file times changed the jar")
	}
	writeTestFile(t, filepath.Join(second, "com/x/A.class"), "A")
	if bytes.Equal(a, jar(second)) {
		t.Error("a changed class left the jar unchanged")
	}
}

func TestJarKeepsResourcesAndRefusesClashes(t *testing.T) {
	classes := folder(t, map[string]string{"com/x/A.class": "class", ".hidden/skip": "x"})
	resources := folder(t, map[string]string{"log4j2.xml": "<x/>", "META-INF/services/s": "impl"})
	jar := filepath.Join(t.TempDir(), "a.jar")
	if err := writeJar(jar, classes, resources); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(jar)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	zr.Close()
	want := "META-INF/ META-INF/MANIFEST.MF META-INF/services/ META-INF/services/s com/ com/x/ com/x/A.class log4j2.xml"
	if strings.Join(names, " ") != want {
		t.Errorf("entries %v, want %s", names, want)
	}
	clash := folder(t, map[string]string{"com/x/A.class": "other"})
	if err := writeJar(jar, classes, clash); err == nil || !strings.Contains(err.Error(), "would both be com/x/A.class in the jar") {
		t.Errorf("a clash: %v", err)
	}
	manifest := folder(t, map[string]string{"META-INF/MANIFEST.MF": "Main-Class: x"})
	if err := writeJar(jar, manifest); err == nil || !strings.Contains(err.Error(), "the construct writes the manifest") {
		t.Errorf("a manifest of its own: %v", err)
	}
}
