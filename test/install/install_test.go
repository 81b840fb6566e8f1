// Package install checks that lambdaperf installs the way a Go user gets
// it. It packs this checkout as the Go module proxy serves a tagged
// release (golang.org/x/mod/zip, at release.Version) into a file-based
// GOPROXY, then, in new modules with an empty module cache and no network:
//
//   - `go get github.com/lambdaperf/lambdaperf@<version>`, `go mod tidy`
//     and `go build` of the first stack docs/app-teams.md shows;
//   - `go install github.com/lambdaperf/lambdaperf/cmd/lambdaperf@<version>`,
//     whose binary prints the version;
//   - examples/orders copied out of the repository, its replace dropped
//     for the release: `go mod tidy` and `go build ./...`.
//
// Dependencies come from a second file proxy: this machine's module
// download cache ($(go env GOMODCACHE)/cache/download has the proxy's
// layout), filled by `make deps`. The settings, and why:
//
//	GOPROXY=file://<packed>,file://<cache>/download  lambdaperf from the pack, the rest from the cache
//	GOMODCACHE=<a new, empty folder>                 every module comes through the proxies
//	GOCACHE=<a cache of these tests' own>            see buildCache; empty with LAMBDAPERF_INSTALL_COLD=1
//	GOFLAGS=-modcacherw                              the module cache can be removed afterwards
//	GOSUMDB=off                                      the checksum database is online only; instead every
//	                                                 go.sum line is compared with the repository's go.sum
//	GONOSUMDB, GOPRIVATE, GONOPROXY=<empty>          a developer's settings cannot route lambdaperf elsewhere
//	GOTOOLCHAIN=local, GOWORK=off, GOENV=off         this Go, no workspace, no `go env -w` settings
//
// (There is no GONOSUMCHECK: GOSUMDB=off, GONOSUMDB and GOFLAGS=-insecure
// are Go's only checksum switches, and the last is gone.)
//
// And examples/orders, copied out of the repository with its replace
// pointed at this checkout, passes `npm ci` and `go test ./...` with its
// own node_modules and nothing on PATH from the repository.
//
// Skipped under -short.
package install

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/lambdaperf/lambdaperf/internal/release"
)

// modulePath is lambdaperf's module path.
const modulePath = "github.com/lambdaperf/lambdaperf"

// repoDir is the repository root, found from this file.
func repoDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// world is the packed module and the empty caches every test shares.
var world struct {
	once     sync.Once
	err      error
	root     string // holds everything below, removed by TestMain
	proxy    string // the packed release, a GOPROXY folder
	modcache string
	gocache  string
	bin      string // GOBIN
}

func TestMain(m *testing.M) {
	code := m.Run()
	if world.root != "" {
		os.RemoveAll(world.root)
	}
	os.Exit(code)
}

// setUp packs the module and makes the caches, once.
func setUp(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("packs the module and compiles aws-cdk-go with empty caches")
	}
	world.once.Do(func() {
		if world.root, world.err = os.MkdirTemp("", "lambdaperf-install-"); world.err != nil {
			return
		}
		world.proxy = filepath.Join(world.root, "proxy")
		world.modcache = filepath.Join(world.root, "modcache")
		world.gocache, world.err = buildCache(world.root)
		if world.err != nil {
			return
		}
		world.bin = filepath.Join(world.root, "bin")
		start := time.Now()
		world.err = pack(repoDir(), world.proxy, release.Version)
		fmt.Fprintf(os.Stderr, "install: packed %s@%s in %s\n", modulePath, release.Version, time.Since(start).Round(time.Millisecond))
	})
	if world.err != nil {
		t.Fatal(world.err)
	}
}

// buildCache is the GOCACHE of the release tests. With
// LAMBDAPERF_INSTALL_COLD=1 it is a new, empty folder, as on a new machine:
// the build then compiles aws-cdk-go from nothing (4 min 47 s to 7 min
// 32 s on the shared 2-core machine). Otherwise it is a cache kept between
// runs for these tests alone (never the developer's GOCACHE), under the
// user cache folder: built with -trimpath, a compiled package is found
// again although the empty module cache puts its sources at a new path
// each run. A cached compile is keyed by the hash of its inputs, so it can
// make a build faster, never make a broken one pass; what the tests prove
// comes from the empty GOMODCACHE and the packed proxy.
func buildCache(root string) (string, error) {
	if os.Getenv("LAMBDAPERF_INSTALL_COLD") == "1" {
		return filepath.Join(root, "gocache"), nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir = filepath.Join(dir, "lambdaperf", "install-gocache")
	return dir, os.MkdirAll(dir, 0o755)
}

// file is one file of the checkout, as modzip.Create reads it.
type file struct{ root, rel string }

func (f file) Path() string                 { return f.rel }
func (f file) Lstat() (os.FileInfo, error)  { return os.Lstat(filepath.Join(f.root, f.rel)) }
func (f file) Open() (io.ReadCloser, error) { return os.Open(filepath.Join(f.root, f.rel)) }

// pack writes the module at root, as the files git would commit (tracked
// and untracked but not ignored, so node_modules stays out), into a
// GOPROXY folder as version: <module>/@v/list, .info, .mod and .zip.
// modzip.Create leaves out the nested modules (examples/orders,
// functions/go, tools) as the proxy does.
func pack(root, proxy, version string) error {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %v", err)
	}
	var files []modzip.File
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if _, err := os.Lstat(filepath.Join(root, rel)); err == nil {
			files = append(files, file{root, filepath.ToSlash(rel)})
		}
	}
	escaped, err := module.EscapePath(modulePath)
	if err != nil {
		return err
	}
	dir := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	zf, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		return err
	}
	defer zf.Close()
	if err := modzip.Create(zf, module.Version{Path: modulePath, Version: version}, files); err != nil {
		return fmt.Errorf("packing the module: %v", err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	info, _ := json.Marshal(map[string]any{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	for name, b := range map[string][]byte{"list": []byte(version + "\n"), version + ".info": info, version + ".mod": gomod} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return zf.Close()
}

// baseEnv is this process's environment without the developer's Go
// settings and without any node_modules/.bin on PATH.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "GO") && name != "GOROOT" && name != "GOPATH":
			continue
		case name == "PATH":
			var keep []string
			for _, dir := range filepath.SplitList(value) {
				if !strings.Contains(filepath.ToSlash(dir), "node_modules/.bin") {
					keep = append(keep, dir)
				}
			}
			kv = "PATH=" + strings.Join(keep, string(os.PathListSeparator))
		}
		env = append(env, kv)
	}
	return env
}

// goEnv is the environment of the release tests: the packed release and
// this machine's download cache as the only proxies, the shared empty
// module cache, the tests' own build cache.
func goEnv(t *testing.T) []string {
	t.Helper()
	download := filepath.Join(goEnvVar(t, "GOMODCACHE"), "cache", "download")
	return append(baseEnv(),
		"GOPROXY="+fileURL(world.proxy)+","+fileURL(download),
		"GOMODCACHE="+world.modcache, "GOCACHE="+world.gocache, "GOBIN="+world.bin,
		"GOFLAGS=-modcacherw", "GOSUMDB=off", "GONOSUMDB=", "GOPRIVATE=", "GONOPROXY=",
		"GOTOOLCHAIN=local", "GOWORK=off", "GOENV=off")
}

// goEnvVar is what `go env` says of name in this test's environment: a
// GOMODCACHE or GOCACHE set there (a fresh machine sets its own) as well
// as the defaults, which baseEnv's removal of GO* variables would lose.
func goEnvVar(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

func fileURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

// run runs a command in dir with env, logs how long it took, and stops the
// test when it fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	t.Logf("%s %s: %s", name, strings.Join(args, " "), time.Since(start).Round(100*time.Millisecond))
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// firstGoBlock is the first ```go code block of a Markdown file.
func firstGoBlock(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no ```go block", path)
	}
	return string(m[1])
}

// sums reads a go.sum into "module version" -> hash lines.
func sums(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 3 {
			out[fields[0]+" "+fields[1]] = fields[2]
		}
	}
	return out
}

// checkSums stands in for the checksum database: every module of the new
// go.sum that the repository's go.sum also lists has the same hash, and
// lambdaperf itself is there.
func checkSums(t *testing.T, gosum string) {
	t.Helper()
	got := sums(t, gosum)
	if got[modulePath+" "+release.Version] == "" {
		t.Errorf("%s has no line for %s %s", gosum, modulePath, release.Version)
	}
	compared := 0
	for key, want := range sums(t, filepath.Join(repoDir(), "go.sum")) {
		if h, ok := got[key]; ok {
			compared++
			if h != want {
				t.Errorf("%s: %s is %s, the repository's go.sum says %s", gosum, key, h, want)
			}
		}
	}
	if compared == 0 {
		t.Errorf("%s shares no module with the repository's go.sum: nothing was verified", gosum)
	}
}

// TestGoGetAndBuild: a new module gets the release and builds the first
// stack of docs/app-teams.md, as the guide tells.
func TestGoGetAndBuild(t *testing.T) {
	setUp(t)
	env := goEnv(t)
	app := t.TempDir()
	src := firstGoBlock(t, filepath.Join(repoDir(), "docs", "app-teams.md"))
	if err := os.WriteFile(filepath.Join(app, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, app, env, "go", "mod", "init", "example.com/app")
	run(t, app, env, "go", "get", modulePath+"@"+release.Version)
	run(t, app, env, "go", "mod", "tidy")
	run(t, app, env, "go", "build", "-trimpath", "-o", filepath.Join(app, "app"), ".")
	if _, err := os.Stat(filepath.Join(app, "app")); err != nil {
		t.Errorf("go build wrote no binary: %v", err)
	}
	checkSums(t, filepath.Join(app, "go.sum"))
	gomod, _ := os.ReadFile(filepath.Join(app, "go.mod"))
	if !strings.Contains(string(gomod), modulePath+" "+release.Version) {
		t.Errorf("go.mod does not require %s %s:\n%s", modulePath, release.Version, gomod)
	}
}

// TestGoInstallCLI: `go install <module>/cmd/lambdaperf@<version>` outside
// any module, and the binary prints exactly that version.
func TestGoInstallCLI(t *testing.T) {
	setUp(t)
	env := goEnv(t)
	run(t, t.TempDir(), env, "go", "install", "-trimpath", modulePath+"/cmd/lambdaperf@"+release.Version)
	bin := filepath.Join(world.bin, "lambdaperf")
	for _, arg := range []string{"version", "-version"} {
		out, err := exec.Command(bin, arg).CombinedOutput()
		if want := "lambdaperf " + release.Version + "\n"; err != nil || string(out) != want {
			t.Errorf("lambdaperf %s = %q (%v), want %q", arg, out, err, want)
		}
	}
}

// TestOrdersBuildsAgainstTheRelease: examples/orders copied out of the
// repository, its replace dropped as docs/install.md tells (the require
// names the release), tidies and builds from the packed release.
func TestOrdersBuildsAgainstTheRelease(t *testing.T) {
	setUp(t)
	env := goEnv(t)
	dst := filepath.Join(t.TempDir(), "orders")
	copyTracked(t, filepath.Join(repoDir(), "examples", "orders"), dst)
	run(t, dst, env, "go", "mod", "edit", "-dropreplace="+modulePath, "-require="+modulePath+"@"+release.Version)
	run(t, dst, env, "go", "mod", "tidy")
	run(t, dst, env, "go", "build", "-trimpath", "./...")
	checkSums(t, filepath.Join(dst, "go.sum"))
}

// TestOrdersOutsideTheRepository: examples/orders copied into a folder of
// its own, as a team starts from it, passes `npm ci` and `go test ./...`
// with nothing from the repository but lambdaperf's code (its replace
// points at this checkout): its own node_modules (esbuild, the aws-cdk
// CLI, the handler's packages), no node_modules/.bin on PATH, and no
// network for Go (GOPROXY=off: the modules `make deps` downloaded). It
// builds with the developer's caches, as `make test` builds the example.
func TestOrdersOutsideTheRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the example's npm packages and synthesizes it twice")
	}
	env := append(baseEnv(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=",
		"GOMODCACHE="+goEnvVar(t, "GOMODCACHE"), "GOCACHE="+goEnvVar(t, "GOCACHE"))
	dst := filepath.Join(t.TempDir(), "orders")
	copyTracked(t, filepath.Join(repoDir(), "examples", "orders"), dst)
	if _, err := os.Stat(filepath.Join(dst, "node_modules")); err == nil {
		t.Fatal("the copy has a node_modules: npm ci must install it")
	}
	run(t, dst, env, "go", "mod", "edit", "-replace="+modulePath+"="+repoDir())
	run(t, dst, env, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error")
	out := run(t, dst, env, "go", "test", "-count=1", "./...")
	if !strings.Contains(out, "ok  \texample.com/orders/infra") {
		t.Errorf("go test ./... ran no infra tests:\n%s", out)
	}
}

// copyTracked copies the files git would commit under src (not
// node_modules, not cdk.out) to dst.
func copyTracked(t *testing.T, src, dst string) {
	t.Helper()
	out, err := exec.Command("git", "-C", src, "ls-files", "-z", "--cached", "--others", "--exclude-standard", ".").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	n := 0
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(src, rel))
		if err != nil {
			continue // deleted in the working tree
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 || !bytes.Contains(mustRead(t, filepath.Join(dst, "go.mod")), []byte("module ")) {
		t.Fatalf("copied %d files from %s and no go.mod", n, src)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
