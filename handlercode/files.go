package handlercode

import (
	"archive/zip"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// Files is a code asset's files, by slash path relative to its root
// ("index.mjs", "node_modules/yaml/package.json"). Every read is bounded.
type Files interface {
	// Read returns a regular file's content, at most max bytes (a larger
	// file is an *untrusted.TooLargeError).
	Read(name string, max int64) ([]byte, error)
	// IsFile reports whether name is a regular file.
	IsFile(name string) bool
	// IsDir reports whether name is a folder (or, in a zip, a prefix of
	// entries).
	IsDir(name string) bool
}

// Limits bound the reading of one asset.
type Limits struct {
	// FileBytes is the largest file parsed. Default: 16 MiB.
	FileBytes int64
	// Budget is the time one asset's reading may take; what is left when
	// it runs out is reported as not inspected. Default: 5 s.
	Budget time.Duration
}

// Defaults for Limits.
const (
	DefaultFileBytes = 16 << 20
	DefaultBudget    = 5 * time.Second
)

func (l Limits) withDefaults() Limits {
	if l.FileBytes <= 0 {
		l.FileBytes = DefaultFileBytes
	}
	if l.Budget <= 0 {
		l.Budget = DefaultBudget
	}
	return l
}

// zipLimits are Lambda's own: 250 MB unzipped for a deployment package
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
// what is larger could not be deployed either.
var zipLimits = untrusted.Limits{Entries: 200_000, EntryBytes: 250 << 20, TotalBytes: 250 << 20}

// Dir returns the Files of an unpacked asset folder. A name that leaves
// the folder, lexically or through a symbolic link, is not read.
func Dir(root string) Files { return dirFiles(root) }

type dirFiles string

func (d dirFiles) path(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", fs.ErrInvalid
	}
	return untrusted.Within(string(d), filepath.Join(string(d), filepath.FromSlash(name)))
}

func (d dirFiles) Read(name string, max int64) ([]byte, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	return untrusted.ReadFile(p, max)
}

func (d dirFiles) IsFile(name string) bool {
	p, err := d.path(name)
	if err != nil {
		return false
	}
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func (d dirFiles) IsDir(name string) bool {
	p, err := d.path(name)
	if err != nil {
		return false
	}
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// Zip opens a .zip asset under Lambda's size limits; Close it when done.
func Zip(p string) (*ZipFiles, error) {
	z, err := untrusted.OpenZip(p, zipLimits)
	if err != nil {
		return nil, err
	}
	zf := &ZipFiles{z: z, files: map[string]*zip.File{}, dirs: map[string]bool{}}
	for _, f := range z.File {
		name := strings.TrimPrefix(path.Clean("/"+f.Name), "/")
		if f.FileInfo().IsDir() {
			zf.dirs[name] = true
			continue
		}
		if f.Mode().IsRegular() {
			zf.files[name] = f
		}
		for d := path.Dir(name); d != "." && d != "/"; d = path.Dir(d) {
			zf.dirs[d] = true
		}
	}
	return zf, nil
}

// ZipFiles is the Files of a .zip asset.
type ZipFiles struct {
	z     *untrusted.Zip
	files map[string]*zip.File
	dirs  map[string]bool
}

// Close closes the archive.
func (z *ZipFiles) Close() error { return z.z.Close() }

// Read reads one entry, at most max bytes.
func (z *ZipFiles) Read(name string, max int64) ([]byte, error) {
	f, ok := z.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, &untrusted.TooLargeError{What: name, Limit: max}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return untrusted.ReadAll(rc, max, name)
}

// IsFile reports whether the archive has a regular file entry name.
func (z *ZipFiles) IsFile(name string) bool { _, ok := z.files[name]; return ok }

// IsDir reports whether name is a folder of the archive.
func (z *ZipFiles) IsDir(name string) bool { return z.dirs[name] }

// tooLarge reports whether err is a read stopped at its cap.
func tooLarge(err error) bool {
	var tl *untrusted.TooLargeError
	return errors.As(err, &tl)
}
