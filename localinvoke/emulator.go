package localinvoke

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The emulator is built from source, pinned: the module proxy serves this
// pseudo-version (tagged releases such as v1.23.0 are not served), and
// `go install module/cmd@version` ignores the caller's go.mod.
const (
	EmulatorModule  = "github.com/aws/aws-lambda-runtime-interface-emulator"
	EmulatorCommand = EmulatorModule + "/cmd/aws-lambda-rie"
	EmulatorVersion = "v0.0.0-20261030222936-bef5c4ba774d"
)

// EmulatorEnv names an aws-lambda-rie binary to use instead of building
// one (a release download, for instance).
const EmulatorEnv = "LAMBDAPERF_RIE"

// emulatorBuildTimeout bounds the first build (module download included).
const emulatorBuildTimeout = 5 * time.Minute

var buildMu sync.Mutex

// EmulatorDir is the cache folder of the pinned emulator:
// <user cache>/lambdaperf/rie-<version>.
func EmulatorDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("%w: no user cache folder to build it in (%v): set %s to an aws-lambda-rie binary", ErrNoEmulator, err, EmulatorEnv)
	}
	return filepath.Join(cache, "lambdaperf", "rie-"+EmulatorVersion), nil
}

// Emulator returns the aws-lambda-rie binary: $LAMBDAPERF_RIE when set,
// else the cached build of EmulatorVersion, built with `go install` on
// first use. Errors wrap ErrNoEmulator.
func Emulator(ctx context.Context) (string, error) {
	if p := os.Getenv(EmulatorEnv); p != "" {
		if info, err := os.Stat(p); err != nil || info.IsDir() {
			return "", fmt.Errorf("%w: %s=%s is not a file", ErrNoEmulator, EmulatorEnv, p)
		}
		return p, nil
	}
	dir, err := EmulatorDir()
	if err != nil {
		return "", err
	}
	return BuildEmulator(ctx, dir)
}

// BuildEmulator returns dir/aws-lambda-rie, building it there when it is
// missing. Concurrent builds (two terminals, two test binaries) are safe:
// each builds in its own folder and renames the result into place.
func BuildEmulator(ctx context.Context, dir string) (string, error) {
	if runtime.GOOS != "linux" {
		return "", fmt.Errorf("%w: the emulator runs on Linux only (this is %s): run lambdaperf in a Linux VM or CI runner", ErrNoEmulator, runtime.GOOS)
	}
	bin := filepath.Join(dir, "aws-lambda-rie")
	if info, err := os.Stat(bin); err == nil && !info.IsDir() {
		return bin, nil
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("%w: it is built from %s@%s on first use, but `go` is not on PATH: install Go (https://go.dev/dl/) or set %s to an aws-lambda-rie binary",
			ErrNoEmulator, EmulatorModule, EmulatorVersion, EmulatorEnv)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoEmulator, err)
	}
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoEmulator, err)
	}
	defer os.RemoveAll(tmp)

	ctx, cancel := context.WithTimeout(ctx, emulatorBuildTimeout)
	defer cancel()
	cmd := command(ctx, goTool, "install", "-trimpath", EmulatorCommand+"@"+EmulatorVersion)
	cmd.Dir = tmp // outside any module: nothing of the caller's go.mod applies
	cmd.Env = append(os.Environ(),
		"GOBIN="+tmp, "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH,
		"CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
	out, err := combinedOutput(cmd)
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if ctx.Err() != nil {
			msg = fmt.Sprintf("timed out after %v", emulatorBuildTimeout)
		}
		return "", fmt.Errorf("%w: go install %s@%s failed: %s", ErrNoEmulator, EmulatorCommand, EmulatorVersion, lastLines(msg, 6))
	}
	if err := os.Rename(filepath.Join(tmp, "aws-lambda-rie"), bin); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%w: %v", ErrNoEmulator, err)
	}
	return bin, nil
}

// lastLines keeps the end of a long tool output.
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
