package untrusted

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// CopyTree copies the folder src into the folder dst under lim, as Unzip
// extracts an archive: folders, regular files (modes kept) and symbolic
// links whose targets stay inside the tree. A FIFO, device or socket is
// refused, never opened; a file's size is checked before it is read (a
// sparse 4 GiB file is refused from its size, not copied) and again while
// it is copied. Sources are opened inside src with os.Root and never
// through a link, and every write goes through os.Root on dst.
func CopyTree(src, dst string, lim Limits) error {
	from, err := os.OpenRoot(src)
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := os.OpenRoot(dst)
	if err != nil {
		return err
	}
	defer to.Close()
	var entries int
	var total int64
	return fs.WalkDir(from.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		if entries++; entries > lim.Entries {
			return &LimitError{What: src, Why: fmt.Sprintf("more than %d entries", lim.Entries)}
		}
		rel := filepath.FromSlash(name)
		switch mode := d.Type(); {
		case mode.IsDir():
			return to.MkdirAll(rel, 0o755)
		case mode&fs.ModeSymlink != 0:
			target, err := from.Readlink(rel)
			if err != nil {
				return err
			}
			if filepath.IsAbs(target) || !filepath.IsLocal(filepath.Join(filepath.Dir(rel), target)) {
				return fmt.Errorf("%s: link %s points outside the folder (%q)", src, Printable(name), Printable(target))
			}
			return to.Symlink(target, rel)
		case !mode.IsRegular():
			return &fs.PathError{Op: "copy", Path: filepath.Join(src, rel), Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(mode))}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > lim.EntryBytes {
			return &LimitError{What: src, Why: fmt.Sprintf("file %s holds %d bytes, more than %s", Printable(name), info.Size(), Size(lim.EntryBytes))}
		}
		if total+info.Size() > lim.TotalBytes {
			return &LimitError{What: src, Why: fmt.Sprintf("its files hold more than %s", Size(lim.TotalBytes))}
		}
		n, err := copyIn(from, to, rel, info.Mode().Perm(), min(lim.EntryBytes, lim.TotalBytes-total))
		total += n
		if err != nil {
			return fmt.Errorf("%s: %s: %w", src, Printable(name), err)
		}
		return nil
	})
}

// copyIn copies the regular file name from one root to the other, at most
// budget bytes.
func copyIn(from, to *os.Root, name string, perm fs.FileMode, budget int64) (int64, error) {
	in, err := from.OpenFile(name, os.O_RDONLY|nonBlock|noFollow, 0)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	if info, err := in.Stat(); err != nil {
		return 0, err
	} else if !info.Mode().IsRegular() {
		return 0, fmt.Errorf("%w (%s)", ErrNotRegular, kind(info.Mode())) // swapped since the walk saw it
	}
	out, err := to.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, perm)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(in, budget+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > budget {
		err = errors.New("grew past its limit while it was copied")
	}
	return n, err
}
