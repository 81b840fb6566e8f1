package untrusted

import (
	"archive/zip"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Limits caps what is read of an archive (or a folder): the callers pass
// Lambda's own limits, so what is refused could not be deployed either.
// Every field must be positive.
type Limits struct {
	// Entries is the most entries (files, folders and links) read.
	Entries int
	// EntryBytes is the most bytes one file may hold, uncompressed.
	EntryBytes int64
	// TotalBytes is the most bytes all files may hold together,
	// uncompressed.
	TotalBytes int64
}

// LimitError means an archive or folder passed one of its Limits; nothing
// of it should be trusted as complete.
type LimitError struct {
	// What: the archive's path.
	What string
	// Why, in words: "more than 100000 entries".
	Why string
	// Kind says which limit: a caller tells the byte caps (Lambda's own
	// limits, past which the package cannot be deployed) from the others.
	Kind LimitKind
}

func (e *LimitError) Error() string { return e.What + ": " + e.Why }

// Is makes errors.Is(err, ErrOverlap) true for an archive refused for
// overlapping entries.
func (e *LimitError) Is(target error) bool { return target == ErrOverlap && e.Kind == Overlap }

// LimitKind says which of the Limits an archive or folder passed.
type LimitKind int

// The kinds of LimitError.
const (
	// TooManyEntries: more than Limits.Entries entries.
	TooManyEntries LimitKind = iota + 1
	// EntryTooLarge: a file larger than Limits.EntryBytes.
	EntryTooLarge
	// TotalTooLarge: files larger than Limits.TotalBytes together.
	TotalTooLarge
	// Overlap: zip entries that share compressed data (ErrOverlap).
	Overlap
)

// Bytes reports whether the error is a byte cap (EntryTooLarge or
// TotalTooLarge).
func (k LimitKind) Bytes() bool { return k == EntryTooLarge || k == TotalTooLarge }

// ErrOverlap means two entries of a zip share compressed bytes: the
// construction of zip bombs that inflate one stream many times. No zip tool
// writes it.
var ErrOverlap = errors.New("entries share compressed data (a zip bomb's construction)")

// Zip is an opened archive whose entries have been checked against the
// Limits from their headers: the count, each declared size and their sum,
// and that no two entries share compressed data. archive/zip fails a read
// past an entry's declared size, so what the headers declare bounds what is
// inflated.
type Zip struct {
	*zip.Reader
	file *os.File
}

// Close closes the archive.
func (z *Zip) Close() error { return z.file.Close() }

// OpenZip opens a regular file as a zip archive under lim.
func OpenZip(p string, lim Limits) (*Zip, error) {
	f, info, err := Open(p)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := check(p, zr, lim); err != nil {
		f.Close()
		return nil, err
	}
	return &Zip{Reader: zr, file: f}, nil
}

// check applies lim to the headers of zr.
func check(p string, zr *zip.Reader, lim Limits) error {
	if len(zr.File) > lim.Entries {
		return &LimitError{What: p, Why: fmt.Sprintf("more than %d entries (%d)", lim.Entries, len(zr.File)), Kind: TooManyEntries}
	}
	type span struct{ start, end int64 }
	spans := make([]span, 0, len(zr.File))
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(lim.EntryBytes) {
			return &LimitError{What: p, Why: fmt.Sprintf("entry %s holds %d bytes uncompressed, more than %s", Printable(f.Name), f.UncompressedSize64, Size(lim.EntryBytes)), Kind: EntryTooLarge}
		}
		total += f.UncompressedSize64
		if total > uint64(lim.TotalBytes) {
			return &LimitError{What: p, Why: fmt.Sprintf("its entries hold more than %s uncompressed", Size(lim.TotalBytes)), Kind: TotalTooLarge}
		}
		if f.CompressedSize64 == 0 {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			return fmt.Errorf("%s: entry %s: %w", p, Printable(f.Name), err)
		}
		spans = append(spans, span{off, off + int64(f.CompressedSize64)})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return &LimitError{What: p, Why: ErrOverlap.Error(), Kind: Overlap}
		}
	}
	return nil
}

// Unzip extracts the archive at src into the folder dst under lim, as
// Lambda unpacks a package: entries whose names leave dst are refused,
// symbolic links are kept only when they point inside dst, and every write
// goes through os.Root, so no link (in the archive or planted in dst) can
// send a write outside it. Bytes written are counted against lim as they
// are inflated, not only as declared.
func Unzip(src, dst string, lim Limits) error {
	z, err := OpenZip(src, lim)
	if err != nil {
		return err
	}
	defer z.Close()
	root, err := os.OpenRoot(dst)
	if err != nil {
		return err
	}
	defer root.Close()
	var written int64
	for _, zf := range z.File {
		name := strings.TrimSuffix(zf.Name, "/")
		if name == "" || !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, `\`) {
			return fmt.Errorf("%s: entry %q is outside the package", src, Printable(zf.Name))
		}
		name = filepath.FromSlash(name)
		mode := zf.Mode()
		switch {
		case mode.IsDir():
			if err := root.MkdirAll(name, 0o755); err != nil {
				return err
			}
			continue
		case mode&fs.ModeSymlink != 0:
			if err := symlink(root, zf, name); err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			continue
		case mode&fs.ModeType != 0:
			return fmt.Errorf("%s: entry %q is %s, not a file", src, Printable(zf.Name), kind(mode))
		}
		if dir := filepath.Dir(name); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		perm := mode.Perm()
		if perm == 0 {
			perm = 0o644 // zips written without Unix modes
		}
		n, err := extract(root, zf, name, perm, lim.TotalBytes-written)
		written += n
		if err != nil {
			return fmt.Errorf("%s: %s: %w", src, Printable(zf.Name), err)
		}
	}
	return nil
}

// extract writes one file entry, at most budget bytes.
func extract(root *os.Root, zf *zip.File, name string, perm fs.FileMode, budget int64) (int64, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return create(root, name, perm, rc, budget, "inflates past the archive's total limit")
}

// create writes what r holds to the new file name inside root (never
// through a link), at most budget bytes: more is an error that says why,
// and what was written is counted.
func create(root *os.Root, name string, perm fs.FileMode, r io.Reader, budget int64, over string) (int64, error) {
	out, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, perm)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(r, budget+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > budget {
		err = errors.New(over)
	}
	return n, err
}

// symlink recreates a link entry if its target stays inside the package.
func symlink(root *os.Root, zf *zip.File, name string) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	target, err := ReadAll(rc, 4096, "link "+zf.Name)
	rc.Close()
	if err != nil {
		return err
	}
	t := string(target)
	if path.IsAbs(t) || !filepath.IsLocal(filepath.Join(filepath.Dir(name), filepath.FromSlash(t))) {
		return fmt.Errorf("link %q points outside the package (%q)", Printable(zf.Name), Printable(t))
	}
	if dir := filepath.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return root.Symlink(t, name)
}
