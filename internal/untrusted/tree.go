package untrusted

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CopyTree copies the folder src into the folder dst under lim, as Unzip
// extracts an archive. It lists src with Walk first, so the limits hold
// before a byte is copied (a sparse 4 GiB file is refused from its size),
// then copies folders, regular files (modes kept, each cut at its listed
// size) and the symbolic links that stay inside src; every write goes
// through os.Root on dst. A FIFO, device or socket in src is an error,
// never opened. A link that leaves src or leads nowhere is not copied: it
// is returned among skipped, for the caller to say.
func CopyTree(src, dst string, lim Limits) (skipped []Skip, err error) {
	f, err := Walk(src, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for _, s := range f.Skipped {
		info, err := f.root.Lstat(filepath.FromSlash(s.Rel))
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			return nil, &fs.PathError{Op: "copy", Path: filepath.Join(src, filepath.FromSlash(s.Rel)), Err: fmt.Errorf("%w (%s)", ErrNotRegular, s.Why)}
		}
		skipped = append(skipped, s)
	}
	to, err := os.OpenRoot(dst)
	if err != nil {
		return nil, err
	}
	defer to.Close()
	for _, e := range f.Entries {
		rel := filepath.FromSlash(e.Rel)
		if e.Dir {
			if err := to.MkdirAll(rel, 0o755); err != nil {
				return nil, err
			}
			continue
		}
		in, info, err := OpenIn(f.root, rel)
		if err != nil {
			return nil, err
		}
		_, err = create(to, rel, info.Mode().Perm(), in, e.Size, "grew while it was copied")
		in.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", src, Printable(e.Rel), err)
		}
	}
	for _, rel := range f.links {
		target, err := f.root.Readlink(filepath.FromSlash(rel))
		if err != nil {
			return nil, err
		}
		if err := to.Symlink(target, filepath.FromSlash(rel)); err != nil {
			return nil, err
		}
	}
	return skipped, nil
}
