package localinvoke

import (
	"archive/zip"
	"compress/flate"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// load reads function id of the assembly in dir.
func load(t *testing.T, dir, id string) *Function {
	t.Helper()
	fn, err := Load(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

// startRefused runs Start on fn and fails the test unless it returns an
// error naming the function and containing want within limit, with the
// temporary folder under the 250 MiB cap all along (sampled) and empty
// afterwards.
func startRefused(t *testing.T, fn *Function, want string, limit time.Duration) {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	done := make(chan error, 1)
	began := time.Now()
	go func() {
		in, err := Start(context.Background(), fn, Options{Emulator: emulator(t)})
		if in != nil {
			in.Close()
		}
		done <- err
	}()
	var peak int64
	for {
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), fn.Name()) {
				t.Errorf("Start: %v, want an error naming %s and saying %q", err, fn.Name(), want)
			}
			if peak > 260<<20 {
				t.Errorf("the temporary folder held %d MiB, more than the 250 MiB cap", peak>>20)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("left in the temporary folder: %v", left)
			}
			t.Logf("refused in %v", time.Since(began).Round(time.Millisecond))
			return
		case <-time.After(20 * time.Millisecond):
			peak = max(peak, duBytes(tmp))
			if time.Since(began) > limit {
				t.Fatalf("Start still running after %v", limit)
			}
		}
	}
}

// duBytes is the space the files under dir take on disk.
func duBytes(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, _ error) error {
		if info != nil && info.Mode().IsRegular() {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			}
		}
		return nil
	})
	return n
}

func TestAZipBombIsRefusedFromItsHeaders(t *testing.T) {
	dir := writeAssembly(t, testFn{ID: "Bomb", Runtime: "nodejs24.x", Handler: "index.handler", Files: map[string]string{"index.js": "x"}})
	// 3 entries of 100 MiB of zeros: 300 KiB zipped, 300 MiB unzipped.
	bomb := filepath.Join(dir, "asset.Bomb.zip")
	f, err := os.Create(bomb)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	zeros := make([]byte, 1<<20)
	for _, name := range []string{"index.js", "a.bin", "b.bin"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		for range 100 {
			w.Write(zeros)
		}
	}
	zw.Close()
	f.Close()
	os.RemoveAll(filepath.Join(dir, "asset.Bomb"))
	retarget(t, dir, "asset.Bomb", "asset.Bomb.zip")
	startRefused(t, load(t, dir, "BombFunction"), "more than 250 MiB uncompressed", 30*time.Second)
}

func TestASparseFileInAFolderAssetIsNotCopied(t *testing.T) {
	dir := writeAssembly(t, testFn{ID: "Sparse", Runtime: "nodejs24.x", Handler: "index.handler", Files: map[string]string{"index.js": "x"}})
	fn := load(t, dir, "SparseFunction") // the assembly reader's own bounds are not this test's
	f, err := os.Create(filepath.Join(dir, "asset.Sparse", "data.bin"))
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(4 << 30)
	f.Close()
	startRefused(t, fn, "data.bin holds 4294967296 bytes", 10*time.Second)
}

func TestAFIFOInAnAssetIsRefusedNotWaitedOn(t *testing.T) {
	dir := writeAssembly(t,
		testFn{ID: "Fifo", Runtime: "nodejs24.x", Handler: "index.handler", Files: map[string]string{"index.js": "x"}},
		testFn{ID: "Boot", Runtime: "provided.al2023", Handler: "bootstrap", Files: map[string]string{"README": "x"}})
	fifo, boot := load(t, dir, "FifoFunction"), load(t, dir, "BootFunction")
	os.Remove(filepath.Join(dir, "asset.Boot", "README"))
	if err := syscall.Mkfifo(filepath.Join(dir, "asset.Fifo", "events.json"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "asset.Boot", "bootstrap"), 0o755); err != nil {
		t.Fatal(err)
	}
	startRefused(t, fifo, "a FIFO", 10*time.Second)
	startRefused(t, boot, "a FIFO", 10*time.Second)
}

// retarget points a function's aws:asset:path at another file of the
// assembly.
func retarget(t *testing.T, dir, from, to string) {
	t.Helper()
	p := filepath.Join(dir, "Test.template.json")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(data), `"`+from+`"`, `"`+to+`"`)), 0o644); err != nil {
		t.Fatal(err)
	}
}
