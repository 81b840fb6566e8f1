package localinvoke

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// copyAsset copies a code asset (a folder or a .zip) into dir, keeping
// file modes, as Lambda unpacks a package into /var/task.
func copyAsset(src, dir string) error {
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("code asset: %w", err)
	}
	if !info.IsDir() {
		return unzip(src, dir)
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case !d.Type().IsRegular():
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return copyFile(p, dst, fi.Mode().Perm())
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// unzip extracts a .zip package, refusing entries that leave dir.
func unzip(src, dir string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return fmt.Errorf("code asset %s: %w", src, err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		name := filepath.FromSlash(zf.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("code asset %s: entry %q is outside the package", src, zf.Name)
		}
		dst := filepath.Join(dir, name)
		if zf.FileInfo().IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		mode := zf.Mode().Perm()
		if mode == 0 {
			mode = 0o644 // zips written without Unix modes
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
		if err == nil {
			_, err = io.Copy(out, rc)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		rc.Close()
		if err != nil {
			return fmt.Errorf("code asset %s: %s: %w", src, zf.Name, err)
		}
	}
	return nil
}

// hostArch is the host's architecture in Lambda's words.
func hostArch() string { return lambdaArch(runtime.GOARCH) }

// lambdaArch names a GOARCH the way Lambda does.
func lambdaArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x86_64"
	case "arm64":
		return "arm64"
	}
	return goarch
}

// cdkArch is the optimizedfn / CDK constant for a Lambda architecture.
func cdkArch(arch string) string {
	if arch == "arm64" {
		return "ARM64"
	}
	return "X86_64"
}

// checkExecutable verifies that path (a bootstrap) can run here: a script,
// or an ELF binary for the host's machine. name is the function, for
// messages.
func checkExecutable(path, name string) error {
	m, err := bootstrapMachine(path, name)
	if err != nil || m == elf.EM_NONE {
		return err
	}
	return archMatches(m, runtime.GOARCH)
}

// bootstrapMachine is the ELF machine of a bootstrap, EM_NONE for a script
// (its interpreter is the host's), or why it cannot run on Linux at all.
func bootstrapMachine(path, name string) (elf.Machine, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("%s: the code asset has no `bootstrap` at its root: a provided.* runtime starts that executable", name)
	}
	if err != nil {
		return 0, err
	}
	if info.Mode().Perm()&0o111 == 0 {
		return 0, fmt.Errorf("%s: bootstrap is not executable (mode %v): Lambda would fail with Runtime.InvalidEntrypoint; build it with mode 0755", name, info.Mode().Perm())
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, fmt.Errorf("%s: bootstrap is not a Linux executable: %w", name, err)
	}
	if bytes.HasPrefix(head, []byte("#!")) {
		return elf.EM_NONE, nil
	}
	if !bytes.Equal(head, []byte(elf.ELFMAG)) {
		return 0, fmt.Errorf("%s: bootstrap is not a Linux (ELF) executable: build it with GOOS=linux", name)
	}
	ef, err := elf.NewFile(f)
	if err != nil {
		return 0, fmt.Errorf("%s: bootstrap: %w", name, err)
	}
	return ef.Machine, nil
}

// machineArch names an ELF machine the way Lambda does.
func machineArch(m elf.Machine) string {
	switch m {
	case elf.EM_X86_64:
		return "x86_64"
	case elf.EM_AARCH64:
		return "arm64"
	}
	return strings.TrimPrefix(m.String(), "EM_")
}

// archMatches is nil when an ELF machine runs on goarch, else the
// ErrNotForHost that says how to fix it.
func archMatches(m elf.Machine, goarch string) error {
	binArch := machineArch(m)
	host := lambdaArch(goarch)
	if binArch == host {
		return nil
	}
	article := "a"
	if strings.ContainsAny(goarch[:1], "aeiou") {
		article = "an"
	}
	return fmt.Errorf("%w: %s bootstrap on %s %s machine — synthesize with Architecture %s or run on %s",
		ErrNotForHost, binArch, article, goarch, cdkArch(host), binArch)
}
