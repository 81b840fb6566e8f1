package localinvoke

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// assetLimits caps a code asset copied or unzipped for a local run at
// Lambda's own limit on a package unzipped, so what is refused here could
// not be deployed either, and at maxAssetEntries entries.
var assetLimits = untrusted.Limits{
	Entries:    maxAssetEntries,
	EntryBytes: lambda.MaxUnzippedBytes,
	TotalBytes: lambda.MaxUnzippedBytes,
}

// maxAssetEntries bounds the files, folders and links of one asset. Lambda
// states no such limit; 100,000 is far above a bundled function (the
// reference Node.js bundle holds 3 files, a Python package with numpy and
// pandas about 10,000) and bounds the work a crafted archive of empty
// entries asks for.
const maxAssetEntries = 100_000

// copyAsset copies a code asset (a folder or a .zip) into dir under
// assetLimits, keeping file modes, as Lambda unpacks a package into
// /var/task. name is the function, for messages; the notes say what was
// left out (links that leave a folder asset).
func copyAsset(name, src, dir string) (notes []string, err error) {
	info, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("%s: code asset: %w", name, err)
	}
	var skipped []untrusted.Skip
	if info.IsDir() {
		skipped, err = untrusted.CopyTree(src, dir, assetLimits)
	} else {
		err = untrusted.Unzip(src, dir, assetLimits)
	}
	var le *untrusted.LimitError
	switch {
	case errors.As(err, &le) && le.Kind.Bytes():
		return nil, fmt.Errorf("%s: code asset %s: %s: Lambda refuses a package above %s unzipped (CodeSizeUnzipped)",
			name, src, le.Why, untrusted.Size(lambda.MaxUnzippedBytes))
	case errors.As(err, &le):
		return nil, fmt.Errorf("%s: code asset %s: %s: lambdaperf runs no package of more than %d entries, nor a zip whose entries share data",
			name, src, le.Why, maxAssetEntries)
	case err != nil:
		return nil, fmt.Errorf("%s: code asset %s: %w", name, src, err)
	}
	for _, s := range skipped {
		notes = append(notes, fmt.Sprintf("the code asset's %s is %s: not copied, the function finds nothing there", untrusted.Printable(s.Rel), s.Why))
	}
	return notes, nil
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
	f, _, err := untrusted.Open(path)
	if err != nil {
		return 0, fmt.Errorf("%s: bootstrap: %w", name, err)
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
