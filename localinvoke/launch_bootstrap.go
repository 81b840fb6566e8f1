package localinvoke

import (
	"context"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// CrossArch says what runs a bootstrap built for another architecture than
// this machine's (an arm64 Go function on an x86_64 CI runner).
type CrossArch int

const (
	// Emulate runs the asset itself under QEMU user-mode emulation
	// (qemu-aarch64 or qemu-x86_64, Debian's qemu-user package): behaviour
	// is the asset's, timings are not Lambda's (Report.Emulated says so).
	Emulate CrossArch = iota
	// RebuildForHost builds the Go function again for this machine from the
	// source recorded at synthesis (Function.GoSource), with the same
	// flags: native timings, but not the deployed bytes.
	RebuildForHost
	// Refuse fails with ErrNotForHost.
	Refuse
)

// qemuNames are the user-mode emulators by Lambda architecture, as Debian's
// qemu-user (and qemu-user-static, with -static) installs them.
var qemuNames = map[string]string{"arm64": "qemu-aarch64", "x86_64": "qemu-x86_64"}

// bootstrapLauncher runs a provided.* bootstrap: natively, under QEMU, or
// rebuilt for the host (Options.CrossArch).
type bootstrapLauncher struct {
	qemu    string // the emulator binary, when the bootstrap runs emulated
	rebuild bool
	decided bool
}

// check decides on an asset folder's bootstrap; a .zip is decided in launch.
func (l *bootstrapLauncher) check(_ context.Context, fn *Function, opts Options) error {
	if info, err := os.Stat(fn.AssetPath); err == nil && info.IsDir() {
		return l.decide(filepath.Join(fn.AssetPath, "bootstrap"), fn, opts)
	}
	return nil
}

func (l *bootstrapLauncher) launch(ctx context.Context, c *code) ([]string, error) {
	fn := c.fn
	bootstrap := filepath.Join(c.task, "bootstrap")
	if !l.decided {
		if err := l.decide(bootstrap, fn, c.opts); err != nil {
			return nil, err
		}
	}
	switch {
	case l.rebuild:
		if err := rebuildGo(ctx, fn, bootstrap); err != nil {
			return nil, err
		}
		c.notes = append(c.notes, fmt.Sprintf("the %s bootstrap was rebuilt for this %s machine from %s (%s, the flags of synthesis): timings are native, the bytes are not the deployed asset's",
			fn.Arch, hostArch(), fn.GoSource.Package, fn.GoSource.ModuleRoot))
	case l.qemu != "":
		c.emulated = filepath.Base(l.qemu)
		c.notes = append(c.notes, fmt.Sprintf("the %s bootstrap runs under %s user-mode emulation: it checks behaviour, not speed; timings are emulated and several times Lambda's (rebuild it for this machine for timings)",
			fn.Arch, c.emulated))
		return []string{l.qemu, bootstrap}, nil
	case fn.Arch != hostArch():
		c.notes = append(c.notes, fmt.Sprintf("the template says %s but the bootstrap is built for this %s machine", fn.Arch, hostArch()))
	}
	return []string{bootstrap}, nil
}

// decide checks the bootstrap and, when it is for another architecture,
// how it runs here.
func (l *bootstrapLauncher) decide(bootstrap string, fn *Function, opts Options) error {
	l.decided = true
	m, err := bootstrapMachine(bootstrap, fn.Name())
	if err != nil || m == elf.EM_NONE {
		return err
	}
	if err = archMatches(m, runtime.GOARCH); err == nil {
		return nil
	}
	binArch := machineArch(m)
	switch opts.CrossArch {
	case Refuse:
		return err
	case RebuildForHost:
		if fn.GoSource == nil {
			return fmt.Errorf("%w: %s: rebuilding for this machine needs the Go source recorded at synthesis (construct metadata %s, written by optimizedfn for Go functions), and the assembly has none: run it emulated instead", ErrNotForHost, fn.Name(), GoSourceMetadata)
		}
		if _, lerr := exec.LookPath("go"); lerr != nil {
			return fmt.Errorf("%w: %s: rebuilding for this machine needs `go` on PATH: install Go, or run it emulated", ErrNotForHost, fn.Name())
		}
		if err := checkGoSource(fn.Name(), fn.GoSource); err != nil {
			return err
		}
		l.rebuild = true
		return nil
	}
	name, ok := qemuNames[binArch]
	if !ok {
		return err
	}
	if l.qemu = findQEMU(opts.QEMU, name); l.qemu == "" {
		where := "`" + name + "` is not on PATH"
		if opts.QEMU != "" {
			where = opts.QEMU + " is not an executable"
		}
		return fmt.Errorf("%w; to run it emulated here, install QEMU user-mode emulation (%s: Debian and Ubuntu `apt-get install qemu-user`)", err, where)
	}
	return nil
}

// findQEMU returns the emulator binary: path when given, else name or
// name-static on PATH; "" when there is none.
func findQEMU(path, name string) string {
	if path != "" {
		if p, err := exec.LookPath(path); err == nil {
			return p
		}
		return ""
	}
	for _, n := range []string{name, name + "-static"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// goBuildTimeout bounds a rebuild for the host.
const goBuildTimeout = 5 * time.Minute

// checkGoSource refuses a recorded build that asks `go build` for more
// than optimizedfn's flags (GoBuildFlags there): the metadata comes from
// the assembly, which is input, and -toolexec, -overlay or -exec would
// have go run a program the assembly names. The package must be a folder
// of the module.
func checkGoSource(name string, src *GoSource) error {
	refuse := func(what string) error {
		return fmt.Errorf("%w: %s: the Go build recorded in the assembly has %s; lambdaperf rebuilds with -trimpath, -buildvcs, -tags and -ldflags \"-s -w\" only (optimizedfn's flags): synthesize again with optimizedfn, or run it emulated",
			ErrNotForHost, name, what)
	}
	if pkg := filepath.FromSlash(src.Package); src.Package != "." && (!strings.HasPrefix(src.Package, "./") || !filepath.IsLocal(pkg)) {
		return refuse(fmt.Sprintf("package %q, not a folder of its module", src.Package))
	}
	if !filepath.IsAbs(src.ModuleRoot) {
		return refuse(fmt.Sprintf("module root %q, not an absolute path", src.ModuleRoot))
	}
	for i := 0; i < len(src.Flags); i++ {
		flag, value, hasValue := strings.Cut(src.Flags[i], "=")
		if (flag == "-tags" || flag == "-ldflags") && !hasValue && i+1 < len(src.Flags) {
			i++
			value, hasValue = src.Flags[i], true
		}
		ok := false
		switch flag {
		case "-trimpath":
			ok = !hasValue
		case "-buildvcs":
			ok = value == "false" || value == "true"
		case "-tags":
			ok = reGoTags.MatchString(value)
		case "-ldflags":
			ok = true
			for _, f := range strings.Fields(value) {
				ok = ok && (f == "-s" || f == "-w")
			}
		}
		if !ok {
			return refuse(fmt.Sprintf("the flag %q", src.Flags[i]))
		}
	}
	return nil
}

// reGoTags is a build tag list: names, commas.
var reGoTags = regexp.MustCompile(`^[A-Za-z0-9_.]+(,[A-Za-z0-9_.]+)*$`)

// rebuildGo builds fn's recorded Go package for this machine into output,
// with the flags of synthesis.
func rebuildGo(ctx context.Context, fn *Function, output string) error {
	src := fn.GoSource
	if err := checkGoSource(fn.Name(), src); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, goBuildTimeout)
	defer cancel()
	args := append([]string{"build"}, src.Flags...)
	args = append(args, "-o", output, src.Package)
	cmd := command(ctx, "go", args...)
	cmd.Dir = src.ModuleRoot
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0")
	if out, err := combinedOutput(cmd); err != nil {
		return fmt.Errorf("%s: rebuilding %s for %s: go %s: %v\n%s", fn.Name(), src.Package, runtime.GOARCH, strings.Join(args, " "), err, lastLines(strings.TrimSpace(string(out)), 6))
	}
	return nil
}
