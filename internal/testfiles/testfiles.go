// Package testfiles holds the file helpers that several test packages share:
// writing fixture files and generating bytes that do not compress (to give a
// code asset a known zipped size), and crafting zip archives (bombs among
// them) for the tests of what reads them.
package testfiles

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes content to path, creating its folders, and fails the test
// on an error.
func Write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Noise returns n bytes that do not compress (a fixed xorshift sequence,
// the same on every run).
func Noise(n int) []byte {
	b := make([]byte, n)
	x := uint64(88172645463325252)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}
