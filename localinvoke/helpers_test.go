package localinvoke

import (
	"archive/zip"
	"context"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// shared holds what the tests build once: the echo bootstrap.
var shared string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "localinvoke-test-")
	if err != nil {
		panic(err)
	}
	shared = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	echoMu     sync.Mutex
	echoBuilds = map[string]string{}
)

// echoBootstrap builds testdata/echo for the host, once per test binary.
func echoBootstrap(t *testing.T) string {
	t.Helper()
	return echoBootstrapFor(t, runtime.GOARCH)
}

// echoBootstrapFor builds testdata/echo for goarch, once per test binary.
func echoBootstrapFor(t *testing.T, goarch string) string {
	t.Helper()
	echoMu.Lock()
	defer echoMu.Unlock()
	if p, ok := echoBuilds[goarch]; ok {
		return p
	}
	p := filepath.Join(shared, "echo-"+goarch, "bootstrap")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", p, "./testdata/echo")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build testdata/echo for %s: %v\n%s", goarch, err, out)
	}
	echoBuilds[goarch] = p
	return p
}

// otherGOARCH is the GOARCH of the architecture that is not the host's.
func otherGOARCH() string {
	if runtime.GOARCH == "arm64" {
		return "amd64"
	}
	return "arm64"
}

// needQEMU skips a test of emulation where QEMU user mode is missing: CI
// (.ci/run) and `make test` (make qemu) install it.
func needQEMU(t *testing.T) {
	t.Helper()
	_, arch := otherArch()
	if findQEMU("", qemuNames[arch]) == "" {
		t.Skipf("%s is not installed (apt-get install qemu-user)", qemuNames[arch])
	}
}

// emulator builds (or finds in the user cache) the pinned emulator.
func emulator(t *testing.T) string {
	t.Helper()
	p, err := Emulator(context.Background())
	if err != nil {
		t.Fatalf("the tests run the real emulator: %v", err)
	}
	return p
}

// testFn is one function of a hand-written assembly.
type testFn struct {
	ID, Runtime, Handler, Arch string
	Memory, Timeout            int
	Env                        map[string]any
	// Files are the code asset's files: name -> content, or a path to
	// copy when the content starts with "@".
	Files map[string]string
	Exec  map[string]bool // files to make executable
	// MI puts the function on a capacity provider: its
	// LambdaManagedInstancesCapacityProviderConfig, less the ARN.
	MI map[string]any
	// Props are more properties of the function.
	Props map[string]any
}

// writeAssembly writes a cloud assembly like `cdk synth` does: a manifest,
// one stack template "Test" with construct paths and asset metadata, and
// each function's asset folder.
func writeAssembly(t *testing.T, fns ...testFn) string {
	t.Helper()
	dir := t.TempDir()
	resources := map[string]any{}
	for _, f := range fns {
		props := map[string]any{"Runtime": f.Runtime, "Handler": f.Handler}
		if f.Arch != "" {
			props["Architectures"] = []string{f.Arch}
		}
		if f.Memory != 0 {
			props["MemorySize"] = f.Memory
		}
		if f.Timeout != 0 {
			props["Timeout"] = f.Timeout
		}
		if f.Env != nil {
			props["Environment"] = map[string]any{"Variables": f.Env}
		}
		if f.MI != nil {
			cfg := map[string]any{"CapacityProviderArn": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:test"}
			for k, v := range f.MI {
				cfg[k] = v
			}
			props["CapacityProviderConfig"] = map[string]any{"LambdaManagedInstancesCapacityProviderConfig": cfg}
		}
		for k, v := range f.Props {
			props[k] = v
		}
		asset := "asset." + f.ID
		resources[f.ID+"Function"] = map[string]any{
			"Type":       "AWS::Lambda::Function",
			"Properties": props,
			"Metadata":   map[string]any{"aws:cdk:path": "Test/" + f.ID + "/Function/Resource", "aws:asset:path": asset},
		}
		for name, content := range f.Files {
			p := filepath.Join(dir, asset, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			data := []byte(content)
			if len(content) > 0 && content[0] == '@' {
				var err error
				if data, err = os.ReadFile(content[1:]); err != nil {
					t.Fatal(err)
				}
			}
			mode := os.FileMode(0o644)
			if f.Exec[name] {
				mode = 0o755
			}
			if err := os.WriteFile(p, data, mode); err != nil {
				t.Fatal(err)
			}
		}
	}
	writeJSON(t, filepath.Join(dir, "Test.template.json"), map[string]any{"Resources": resources})
	writeJSON(t, filepath.Join(dir, "manifest.json"), map[string]any{
		"version": "48.0.0",
		"artifacts": map[string]any{"Test": map[string]any{
			"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
			"properties": map[string]any{"templateFile": "Test.template.json"},
		}},
	})
	return dir
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// elfHeader is the 64-byte header of an empty little-endian ELF64
// executable for machine m: enough for debug/elf, and for the arch check.
func elfHeader(m elf.Machine) []byte {
	h := make([]byte, 64)
	copy(h, elf.ELFMAG)
	h[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	h[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	h[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	le := binary.LittleEndian
	le.PutUint16(h[16:], uint16(elf.ET_EXEC))
	le.PutUint16(h[18:], uint16(m))
	le.PutUint32(h[20:], uint32(elf.EV_CURRENT))
	le.PutUint16(h[52:], 64) // header size
	le.PutUint16(h[54:], 56) // program header entry size
	le.PutUint16(h[58:], 64) // section header entry size
	return h
}

// otherArch is the ELF machine and Lambda name of the architecture that
// is not the host's.
func otherArch() (elf.Machine, string) {
	if runtime.GOARCH == "arm64" {
		return elf.EM_X86_64, "x86_64"
	}
	return elf.EM_AARCH64, "arm64"
}

// echoFn is the echo bootstrap as a provided.al2023 function.
func echoFn(t *testing.T, id string) testFn {
	return testFn{
		ID: id, Runtime: "provided.al2023", Handler: "bootstrap", Arch: hostArch(), Memory: 256, Timeout: 5,
		Files: map[string]string{"bootstrap": "@" + echoBootstrap(t)}, Exec: map[string]bool{"bootstrap": true},
	}
}

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
