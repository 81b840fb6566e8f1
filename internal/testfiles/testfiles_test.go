package testfiles

import (
	"bytes"
	"compress/flate"
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
