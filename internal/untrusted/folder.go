package untrusted

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Folder is a folder listed for reading under Limits (see Walk): its
// regular files and subfolders, and what was left out.
type Folder struct {
	// Entries are the subfolders and regular files, in lexical order.
	Entries []Entry
	// Skipped lists what is neither a regular file nor a folder and was
	// not read: FIFOs, devices, sockets, and symbolic links that leave
	// the folder or lead nowhere. (A link inside the folder is not read
	// either: what it points at is listed on its own.)
	Skipped []Skip
	root    *os.Root
	// links are the symbolic links that stay inside the folder (CopyTree
	// recreates them).
	links []string
}

// Entry is one subfolder or regular file of a Folder.
type Entry struct {
	// Rel is the slash-separated path below the folder.
	Rel string
	// Size is the file's size in bytes when it was listed.
	Size int64
	Dir  bool
}

// Skip is an entry of a Folder that was not read, and why.
type Skip struct {
	Rel string
	// Why: "a FIFO", "a symbolic link that leaves the folder".
	Why string
}

// Walk lists the folder dir under lim, from the sizes the file system
// reports, before anything is read: more entries than lim.Entries, a file
// larger than lim.EntryBytes (a 4 GiB sparse file costs nothing to list)
// or files larger than lim.TotalBytes together end the walk with a
// *LimitError. Links are not followed. Read the entries with Open and
// Close the folder after.
func Walk(dir string, lim Limits) (*Folder, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	f := &Folder{root: root}
	var count int
	var total int64
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if count++; count > lim.Entries {
			return &LimitError{What: dir, Why: fmt.Sprintf("more than %d entries", lim.Entries), Kind: TooManyEntries}
		}
		rel = filepath.ToSlash(rel)
		switch t := d.Type(); {
		case t.IsDir():
			f.Entries = append(f.Entries, Entry{Rel: rel, Dir: true})
			return nil
		case t&fs.ModeSymlink != 0:
			if _, err := root.Stat(filepath.FromSlash(rel)); err != nil {
				f.Skipped = append(f.Skipped, Skip{Rel: rel, Why: "a symbolic link that leaves the folder or leads nowhere"})
			} else {
				f.links = append(f.links, rel)
			}
			return nil
		case !t.IsRegular():
			f.Skipped = append(f.Skipped, Skip{Rel: rel, Why: kind(t)})
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size := info.Size()
		if size > lim.EntryBytes {
			return &LimitError{What: dir, Why: fmt.Sprintf("file %s holds %d bytes, more than %s", Printable(rel), size, Size(lim.EntryBytes)), Kind: EntryTooLarge}
		}
		if total += size; total > lim.TotalBytes {
			return &LimitError{What: dir, Why: fmt.Sprintf("its files hold more than %s", Size(lim.TotalBytes)), Kind: TotalTooLarge}
		}
		f.Entries = append(f.Entries, Entry{Rel: rel, Size: size})
		return nil
	})
	if err != nil {
		root.Close()
		return nil, err
	}
	return f, nil
}

// Open opens a file entry for reading: inside the folder only (os.Root),
// a regular file only (one swapped for a FIFO since Walk is refused), and
// at most the size Walk listed (a file that grew is cut there).
func (f *Folder) Open(e Entry) (io.ReadCloser, error) {
	if e.Dir {
		return nil, &fs.PathError{Op: "open", Path: e.Rel, Err: errors.New("is a folder")}
	}
	file, _, err := OpenIn(f.root, filepath.FromSlash(e.Rel))
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(file, e.Size), file}, nil
}

// Close releases the folder.
func (f *Folder) Close() error { return f.root.Close() }
