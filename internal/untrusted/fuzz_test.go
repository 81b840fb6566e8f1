package untrusted

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzUnzip unpacks any bytes as a zip archive into a folder inside a
// parent: nothing is ever written beside the folder, and what is written
// inside stays within the limits.
func FuzzUnzip(f *testing.F) {
	add := func(files ...[2]string) {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, file := range files {
			h := &zip.FileHeader{Name: file[0], Method: zip.Deflate}
			h.SetMode(0o644)
			if target, ok := strings.CutPrefix(file[1], "->"); ok {
				h.SetMode(fs.ModeSymlink | 0o777)
				file[1] = target
			}
			fw, _ := w.CreateHeader(h)
			fw.Write([]byte(file[1]))
		}
		w.Close()
		f.Add(buf.Bytes())
	}
	add([2]string{"index.mjs", "x"}, [2]string{"lib/a.js", "a"}, [2]string{"cur", "->lib/a.js"})
	add([2]string{"../evil", "x"})
	add([2]string{"l", "->."}, [2]string{"l/../../x", "x"})
	add([2]string{"l", "->/etc"}, [2]string{"l/passwd", "x"})
	add([2]string{"big", strings.Repeat("0", 3<<20)})
	lim := Limits{Entries: 20, EntryBytes: 1 << 20, TotalBytes: 2 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		src := filepath.Join(parent, "in.zip")
		os.WriteFile(src, data, 0o600)
		dst := filepath.Join(parent, "pkg")
		os.Mkdir(dst, 0o755)
		Unzip(src, dst, lim)
		if entries, _ := os.ReadDir(parent); len(entries) != 2 {
			t.Fatalf("wrote beside the package: %v", entries)
		}
		var total int64
		filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				info, _ := d.Info()
				total += info.Size()
			}
			return nil
		})
		if total > lim.TotalBytes {
			t.Fatalf("wrote %d bytes, more than the limit of %d", total, lim.TotalBytes)
		}
	})
}
