package testfiles

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a", "b", "f.txt")
	Write(t, p, "x")
	if b, err := os.ReadFile(p); err != nil || string(b) != "x" {
		t.Errorf("read %q, %v", b, err)
	}
}

func TestNoiseDoesNotCompress(t *testing.T) {
	n := Noise(64 << 10)
	if !bytes.Equal(n, Noise(64<<10)) {
		t.Error("Noise differs between calls")
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	w.Write(n)
	w.Close()
	if z.Len() < len(n) {
		t.Errorf("compressed %d bytes to %d", len(n), z.Len())
	}
}

func TestOverlappingZipSharesOneStream(t *testing.T) {
	data := OverlappingZip(50, 1<<20)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 50 || len(data) > 60_000 {
		t.Fatalf("%d entries in %d bytes, want 50 in under 60 KB", len(zr.File), len(data))
	}
	for _, f := range []*zip.File{zr.File[0], zr.File[49]} {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		if err != nil || n != 1<<20 {
			t.Errorf("%s inflates to %d bytes (%v), want 1 MiB", f.Name, n, err)
		}
	}
	zr2, _ := zip.NewReader(bytes.NewReader(DeclaringZip("big", []byte("x"), 1<<40)), 1<<20)
	if zr2 != nil && zr2.File[0].UncompressedSize64 != 1<<40 {
		t.Errorf("declared %d", zr2.File[0].UncompressedSize64)
	}
}

func TestZerosZipHoldsWhatItDeclares(t *testing.T) {
	data := ZerosZip(2, 3<<20)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) != 2 {
		t.Fatalf("%v, %d entries", err, len(zr.File))
	}
	rc, _ := zr.File[1].Open()
	if n, err := io.Copy(io.Discard, rc); err != nil || n != 3<<20 {
		t.Errorf("inflates to %d bytes: %v", n, err)
	}
}
