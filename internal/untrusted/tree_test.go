package untrusted

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCopyTreeCopiesAPackage(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(src, "lib", "deep"), 0o755)
	os.WriteFile(filepath.Join(src, "bootstrap"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(src, "lib", "deep", "a.js"), []byte("a"), 0o644)
	os.Symlink("lib/deep/a.js", filepath.Join(src, "current"))
	os.Symlink("../../../etc/passwd", filepath.Join(src, "lib", "out"))
	os.Symlink("/etc/passwd", filepath.Join(src, "abs"))
	os.Symlink("missing", filepath.Join(src, "dangling"))
	skipped, err := CopyTree(src, dst, lim)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range skipped {
		names = append(names, s.Rel)
	}
	if strings.Join(names, " ") != "abs dangling lib/out" {
		t.Errorf("skipped %v, want the links that leave the tree or lead nowhere", names)
	}
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dst, n)); !os.IsNotExist(err) {
			t.Errorf("%s was copied: %v", n, err)
		}
	}
	if info, err := os.Stat(filepath.Join(dst, "bootstrap")); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("bootstrap: %v %v, want mode 0755 kept", info, err)
	}
	if data, err := os.ReadFile(filepath.Join(dst, "current")); err != nil || string(data) != "a" {
		t.Errorf("a link inside the tree: %q %v", data, err)
	}
}

func TestCopyTreeRefuses(t *testing.T) {
	for _, c := range []struct {
		name, want string
		build      func(t *testing.T, src string)
	}{
		{"a FIFO, without waiting for a writer", "a FIFO", func(t *testing.T, src string) {
			if err := syscall.Mkfifo(filepath.Join(src, "pipe"), 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}},
		{"a sparse file larger than the cap, from its size", "more than 1 MiB", func(t *testing.T, src string) {
			f, _ := os.Create(filepath.Join(src, "sparse"))
			f.Truncate(4 << 30) // 4 GiB of holes: nothing is read
			f.Close()
		}},
		{"files that pass the total together", "more than 2 MiB", func(t *testing.T, src string) {
			for _, n := range []string{"a", "b", "c"} {
				os.WriteFile(filepath.Join(src, n), make([]byte, 800<<10), 0o644)
			}
		}},
		{"more entries than the cap", "more than 10 entries", func(t *testing.T, src string) {
			for i := range 11 {
				os.WriteFile(filepath.Join(src, strings.Repeat("f", i+1)), nil, 0o644)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src, dst := t.TempDir(), t.TempDir()
			c.build(t, src)
			done := make(chan error, 1)
			go func() { _, err := CopyTree(src, dst, lim); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("err = %v, want %q", err, c.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("CopyTree did not return")
			}
			var used int64
			filepath.Walk(dst, func(_ string, info os.FileInfo, _ error) error {
				if info != nil && info.Mode().IsRegular() {
					used += info.Size()
				}
				return nil
			})
			if used > lim.TotalBytes {
				t.Errorf("%d bytes written, more than the cap", used)
			}
		})
	}
	var le *LimitError
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "big"), make([]byte, 2<<20), 0o644)
	if _, err := CopyTree(src, t.TempDir(), lim); !errors.As(err, &le) || le.Kind != EntryTooLarge {
		t.Errorf("a file over the entry cap: %v, want a LimitError", err)
	}
}
