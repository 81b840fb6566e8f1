// Package untrusted reads and writes files for a command that is pointed at
// input somebody else made: a cloud assembly from a pull request, a code
// asset, an event file. Every read is bounded, only regular files are read
// (a FIFO, device or socket is refused, never waited on), archives are
// unpacked under caps on entries and bytes, and writes stay inside the
// folder they were asked for and never go through a symbolic link. It is
// plain Go and runs nothing it reads.
package untrusted

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrNotRegular means a path names a FIFO, device, socket or folder where a
// regular file was expected.
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError means a read stopped at its cap.
type TooLargeError struct {
	// What was read: a path, "the event", an archive entry.
	What string
	// Limit is the cap in bytes.
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the most lambdaperf reads", e.What, Size(e.Limit))
}

// Size renders a byte count the way messages print it: "6 MiB", "512 KiB",
// "100 B".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// Open opens path for reading only if it is a regular file. It never blocks
// on a FIFO (the open is non-blocking and the file type is checked on the
// open descriptor, so a swap after a check cannot fool it).
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	return regular(f, path, err, os.Stat)
}

// regular keeps f, just opened as path, only if it is a regular file: the
// type is checked on the open descriptor. When the open failed on what is
// no regular file (a socket cannot be opened), the error says what it is.
func regular(f *os.File, path string, err error, stat func(string) (fs.FileInfo, error)) (*os.File, fs.FileInfo, error) {
	if err != nil {
		if info, serr := stat(path); serr == nil && !info.Mode().IsRegular() {
			return nil, nil, &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(info.Mode()))}
		}
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(info.Mode()))}
	}
	return f, info, nil
}

// OpenIn opens name inside root as Open does: a regular file only, never
// waited on, and never through a symbolic link or ".." that leaves root
// (os.Root resolves every link against it).
func OpenIn(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	return regular(f, name, err, root.Stat)
}

// ReadFileIn reads name inside root as ReadFile reads a path: a regular
// file of at most max bytes, contained by root (see OpenIn).
func ReadFileIn(root *os.Root, name string, max int64) ([]byte, error) {
	f, info, err := OpenIn(root, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.Size() > max {
		return nil, &TooLargeError{What: name, Limit: max}
	}
	return ReadAll(f, max, name)
}

// kind names a file mode's type for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// ReadFile reads a regular file of at most max bytes. A larger file is a
// *TooLargeError, found from its size before anything is read and again
// while reading (a file that grows is cut off too).
func ReadFile(path string, max int64) ([]byte, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.Size() > max {
		return nil, &TooLargeError{What: path, Limit: max}
	}
	return ReadAll(f, max, path)
}

// ReadAll reads r to its end, at most max bytes; what names the input in
// the error ("the event").
func ReadAll(r io.Reader, max int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{What: what, Limit: max}
	}
	return data, nil
}

// Within resolves the symbolic links of p and reports the result if it lies
// inside root (whose links are resolved too). A link that leads out of root
// is an error naming both: the check is on the resolved path, not the
// spelling.
func Within(root, p string) (string, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", err
	}
	if realRoot, err = filepath.Abs(realRoot); err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", err
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", fmt.Errorf("%s resolves to %s, outside %s", p, real, root)
	}
	return real, nil
}

// WriteFile writes data to name inside dir, atomically: a temporary file in
// dir is written, synced and renamed over name, so a reader (or a kill
// halfway) sees the old content or the new, never a part. It refuses a name
// that leaves dir ("../x", an absolute path) and never writes through a
// symbolic link: an existing link at name is an error, and links in the
// folders on the way must stay inside dir (os.Root).
func WriteFile(dir, name string, data []byte, perm fs.FileMode) error {
	if !filepath.IsLocal(name) {
		return fmt.Errorf("write %s: the name leaves %s", name, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if info, err := root.Lstat(name); err == nil && !info.Mode().IsRegular() {
		return &fs.PathError{Op: "write", Path: filepath.Join(dir, name), Err: fmt.Errorf("%w (%s): refusing to write through it", ErrNotRegular, kind(info.Mode()))}
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".lambdaperf-tmp")
	_ = root.Remove(tmp)
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
		return err
	}
	return nil
}

// SafeName turns a value read from input (a logical ID, a construct path)
// into one file-name component: letters, digits, '-', '_' and '.' are
// kept, everything else (path separators, "..", control bytes) becomes
// '_'; an empty or all-dot result becomes "_". At most 100 bytes.
func SafeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 100 {
			break
		}
	}
	out := b.String()
	if strings.Trim(out, ".") == "" {
		return "_"
	}
	return out
}

// Printable makes text from input safe to print on a terminal: control
// bytes (ESC, CR, BEL, ...), C1 controls, invalid UTF-8 and the invisible
// format characters (bidirectional overrides and isolates, zero-width
// joiners and spaces, line and paragraph separators) are shown as Go
// escapes ("\x1b", "\u202e"), so a crafted logical ID cannot move the
// cursor, rewrite a line, set the window title or display in an order
// other than its bytes.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || hidden(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteRune(r)
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case hidden(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hidden reports whether a terminal would act on r or not show it: C0 and
// C1 controls but tab, DEL, and Unicode format characters (Cf) and
// separators (Zl, Zp).
func hidden(r rune) bool {
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 ||
		unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// JSONForTerminal escapes, in JSON text, what encoding/json leaves raw
// and a terminal would act on or hide: DEL, C1 controls and the characters
// Printable escapes. JSON's syntax is ASCII, so such a character can only
// be inside a string, where its \u escape means the same: the output
// decodes to the same values. (encoding/json already escapes C0 controls
// and replaces invalid UTF-8.)
func JSONForTerminal(b []byte) []byte {
	// C0 controls are JSON's whitespace outside strings, escaped inside.
	raw := func(r rune) bool { return r >= 0x7f && hidden(r) }
	if !bytes.ContainsFunc(b, raw) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r != utf8.RuneError && raw(r) {
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}
