package untrusted

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpenRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "template.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadFile(fifo, 1<<20); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a FIFO") {
			t.Errorf("a FIFO: %v, want ErrNotRegular naming a FIFO", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO with no writer blocked")
	}
	if _, err := ReadFile(dir, 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v, want ErrNotRegular", err)
	}
	if _, err := ReadFile("/dev/zero", 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("/dev/zero: %v, want ErrNotRegular", err)
	}
}

func TestReadFileStopsAtItsCap(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big")
	if err := os.WriteFile(p, bytes.Repeat([]byte("x"), 1025), 0o600); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(p, 1024); !errors.As(err, &tl) || tl.Limit != 1024 {
		t.Errorf("1025 bytes under a 1 KiB cap: %v", err)
	}
	if data, err := ReadFile(p, 1025); err != nil || len(data) != 1025 {
		t.Errorf("1025 bytes under a 1025-byte cap: %d bytes, %v", len(data), err)
	}
	if _, err := ReadAll(strings.NewReader(strings.Repeat("y", 7)), 6, "the event"); err == nil || err.Error() != "the event is larger than 6 B, the most lambdaperf reads" {
		t.Errorf("ReadAll over its cap: %v", err)
	}
}

func TestWithinResolvesLinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("inner", filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	if _, err := Within(root, filepath.Join(root, "escape")); err == nil {
		t.Error("a link out of the root was accepted")
	}
	if got, err := Within(root, filepath.Join(root, "alias")); err != nil || filepath.Base(got) != "inner" {
		t.Errorf("a link inside the root: %q, %v", got, err)
	}
	if _, err := Within(root, root); err != nil {
		t.Errorf("the root itself: %v", err)
	}
}

func TestWriteFileStaysWhereItWasAsked(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "report.json")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir, "report.json", []byte("new"), 0o644); !errors.Is(err, ErrNotRegular) {
		t.Errorf("writing through a planted link: %v", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir, "sub/victim", []byte("new"), 0o644); err == nil {
		t.Error("writing through a linked folder that leaves dir was accepted")
	}
	if err := WriteFile(dir, "../victim", []byte("new"), 0o644); err == nil {
		t.Error("a name with .. was accepted")
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep" {
		t.Errorf("the file outside was overwritten: %q", data)
	}
	if err := WriteFile(dir, "ok.json", []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir, "ok.json", []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "ok.json")); string(data) != "two" || strings.Contains(strings.Join(names, " "), "tmp") {
		t.Errorf("replace: %q, folder %v", data, names)
	}
}

func TestSafeNameAndPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"NodeApi8C1F":  "NodeApi8C1F",
		"../../etc/x":  ".._.._etc_x",
		"..":           "_",
		"":             "_",
		"a\x1b[2Jb":    "a__2Jb",
		"Café":         "Caf_",
		"Stack/Fn.Arn": "Stack_Fn.Arn",
	} {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := len(SafeName(strings.Repeat("a", 500))); got != 100 {
		t.Errorf("SafeName of 500 bytes: %d bytes", got)
	}
	for in, want := range map[string]string{
		"Api":             "Api",
		"a\x1b]0;pwned\a": `a\x1b]0;pwned\a`,
		"line\rover":      `line\rover`,
		"bad\xffutf8":     `bad\xffutf8`,
		"Café\tok":        "Café\tok",
		"c1\u009bcontrol": `c1\u009bcontrol`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

var lim = Limits{Entries: 10, EntryBytes: 1 << 20, TotalBytes: 2 << 20}

// zipOf writes a zip of name -> content; a content starting with "->" is a
// symbolic link to the rest.
func zipOf(t *testing.T, files ...[2]string) string {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f[0], Method: zip.Deflate}
		h.SetMode(0o644)
		body := f[1]
		if target, ok := strings.CutPrefix(body, "->"); ok {
			h.SetMode(fs.ModeSymlink | 0o777)
			body = target
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "asset.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUnzipExtractsAPackage(t *testing.T) {
	src := zipOf(t, [2]string{"index.mjs", "export const handler = async () => 1;"}, [2]string{"lib/a.js", "a"}, [2]string{"current", "->lib/a.js"})
	dst := t.TempDir()
	if err := Unzip(src, dst, lim); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dst, "current")); err != nil || string(data) != "a" {
		t.Errorf("link inside the package: %q, %v", data, err)
	}
}

func TestUnzipRefusesWhatLeavesThePackage(t *testing.T) {
	for name, entries := range map[string][][2]string{
		"a .. entry":              {{"../evil", "x"}},
		"an absolute entry":       {{"/tmp/evil", "x"}},
		"a link out":              {{"l", "->../../etc/passwd"}},
		"an absolute link":        {{"l", "->/etc/passwd"}},
		"a write through a link ": {{"l", "->."}, {"l/../../x", "x"}},
	} {
		t.Run(name, func(t *testing.T) {
			outside := t.TempDir()
			dst := filepath.Join(outside, "pkg")
			os.Mkdir(dst, 0o755)
			if err := Unzip(zipOf(t, entries...), dst, lim); err == nil {
				t.Error("accepted")
			}
			if left, _ := os.ReadDir(outside); len(left) != 1 {
				t.Errorf("wrote beside the package: %v", left)
			}
		})
	}
}

func TestZipLimits(t *testing.T) {
	many := make([][2]string, 11)
	for i := range many {
		many[i] = [2]string{strings.Repeat("f", i+1), "x"}
	}
	big := strings.Repeat("0", 1<<20+1)
	part := strings.Repeat("0", 3<<18) // 768 KiB
	var le *LimitError
	for name, entries := range map[string][][2]string{
		"more entries than the cap": many,
		"an entry over its cap":     {{"big", big}},
		"entries over the total":    {{"a", part}, {"b", part}, {"c", part}},
	} {
		if _, err := OpenZip(zipOf(t, entries...), lim); !errors.As(err, &le) {
			t.Errorf("%s: %v, want a LimitError", name, err)
		}
	}
	if err := Unzip(zipOf(t, [2]string{"a", part}, [2]string{"b", part}), t.TempDir(), lim); err != nil {
		t.Errorf("within limits: %v", err)
	}
}

// TestOverlappingEntriesAreRefused builds the zip-bomb construction: two
// central-directory entries that point at one compressed stream.
func TestOverlappingEntriesAreRefused(t *testing.T) {
	p := zipOf(t, [2]string{"a", strings.Repeat("z", 1000)}, [2]string{"b", strings.Repeat("z", 1000)})
	data, _ := os.ReadFile(p)
	i := bytes.LastIndex(data, []byte("PK\x01\x02")) // b's central-directory record
	binary.LittleEndian.PutUint32(data[i+42:], 0)    // its local header offset: a's
	os.WriteFile(p, data, 0o600)
	if _, err := OpenZip(p, lim); err == nil || !strings.Contains(err.Error(), "share compressed data") {
		t.Errorf("overlapping entries: %v", err)
	}
}

func TestReadFileInStaysInsideTheRoot(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{"x":1}`), 0o600)
	os.WriteFile(filepath.Join(dir, "ok.json"), []byte(`{}`), 0o600)
	os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(dir, "abs.json"))
	os.Symlink("../"+filepath.Base(outside)+"/secret.json", filepath.Join(dir, "rel.json"))
	os.Symlink("ok.json", filepath.Join(dir, "alias.json"))
	syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o600)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, name := range []string{"abs.json", "rel.json", "../" + filepath.Base(outside) + "/secret.json", "fifo.json"} {
		if data, err := ReadFileIn(root, name, 1<<20); err == nil {
			t.Errorf("%s: read %q, want a refusal", name, data)
		}
	}
	if data, err := ReadFileIn(root, "alias.json", 1<<20); err != nil || string(data) != "{}" {
		t.Errorf("a link inside the root: %q, %v", data, err)
	}
	var tl *TooLargeError
	if _, err := ReadFileIn(root, "ok.json", 1); !errors.As(err, &tl) {
		t.Errorf("over the cap: %v", err)
	}
}

func TestWalkListsBeforeItReads(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(dir, "lib"), 0o755)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte("exports.handler = 1"), 0o644)
	os.WriteFile(filepath.Join(dir, "lib", "a.js"), []byte("a"), 0o644)
	os.Symlink("../index.js", filepath.Join(dir, "lib", "inside"))
	os.Symlink(outside, filepath.Join(dir, "out"))
	os.Symlink("nowhere", filepath.Join(dir, "dangling"))
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	f, err := Walk(dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var entries, skipped []string
	for _, e := range f.Entries {
		entries = append(entries, e.Rel)
	}
	for _, s := range f.Skipped {
		skipped = append(skipped, s.Rel+": "+s.Why)
	}
	if got, want := strings.Join(entries, " "), "index.js lib lib/a.js"; got != want {
		t.Errorf("entries %q, want %q", got, want)
	}
	if got, want := strings.Join(skipped, "; "), "dangling: a symbolic link that leaves the folder or leads nowhere; out: a symbolic link that leaves the folder or leads nowhere; pipe: a FIFO"; got != want {
		t.Errorf("skipped %q, want %q", got, want)
	}
	// A file that grows after the listing is read up to its listed size;
	// one swapped for a FIFO is refused, never waited on.
	os.WriteFile(filepath.Join(dir, "index.js"), []byte("exports.handler = 1; and more"), 0o644)
	rc, err := f.Open(f.Entries[0])
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	if string(data) != "exports.handler = 1" {
		t.Errorf("a file that grew: read %q", data)
	}
	os.Remove(filepath.Join(dir, "lib", "a.js"))
	syscall.Mkfifo(filepath.Join(dir, "lib", "a.js"), 0o600)
	if _, err := f.Open(f.Entries[2]); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a file swapped for a FIFO: %v", err)
	}
}

func TestWalkLimits(t *testing.T) {
	many := t.TempDir()
	for i := range 11 {
		os.WriteFile(filepath.Join(many, strings.Repeat("f", i+1)), nil, 0o644)
	}
	sparse := t.TempDir()
	f, _ := os.Create(filepath.Join(sparse, "huge"))
	if err := f.Truncate(4 << 30); err != nil { // 4 GiB, no blocks
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	total := t.TempDir()
	for _, n := range []string{"a", "b", "c"} {
		os.WriteFile(filepath.Join(total, n), bytes.Repeat([]byte("0"), 3<<18), 0o644)
	}
	for name, tt := range map[string]struct {
		dir  string
		kind LimitKind
	}{
		"more entries than the cap":   {many, TooManyEntries},
		"a 4 GiB sparse file":         {sparse, EntryTooLarge},
		"files over the total of all": {total, TotalTooLarge},
	} {
		start := time.Now()
		_, err := Walk(tt.dir, lim)
		var le *LimitError
		if !errors.As(err, &le) || le.Kind != tt.kind {
			t.Errorf("%s: %v, want a LimitError of kind %d", name, err, tt.kind)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %s: the limits are checked before reading", name, d)
		}
	}
}

func TestPrintableHidesNothing(t *testing.T) {
	for in, want := range map[string]string{
		"Fn\u202eexe.js":  `Fn\u202eexe.js`,
		"a\u200bb":        `a\u200bb`,
		"line\u2028break": `line\u2028break`,
		"tag\U000e0041":   `tag\U000e0041`,
		"日本語のスタック":        "日本語のスタック",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONForTerminal(t *testing.T) {
	v := map[string]string{"id": "a\u009b31mb\u007f\u202e\U000e0041\x1b", "ok": "Café"}
	raw, _ := json.MarshalIndent(v, "", "\t")
	safe := JSONForTerminal(raw)
	if !bytes.Contains(safe, []byte("{\n\t\"id\"")) {
		t.Errorf("JSON's own whitespace was escaped: %s", safe)
	}
	for _, r := range string(safe) {
		if r >= 0x7f && hidden(r) || r < 0x20 && r != '\n' && r != '\t' {
			t.Errorf("%q is still raw in %s", r, safe)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(safe, &back); err != nil || back["id"] != v["id"] || back["ok"] != "Café" {
		t.Errorf("decoded %q, %v; want the same values", back, err)
	}
	if clean := []byte(`{"ok":"Café"}`); &JSONForTerminal(clean)[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}
