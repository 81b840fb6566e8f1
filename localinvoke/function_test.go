package localinvoke

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// model reads a template with two stacks' worth of functions.
func model(t *testing.T) *assembly.Model {
	t.Helper()
	dir := writeAssembly(t,
		testFn{ID: "Api", Runtime: "nodejs24.x", Handler: "index.handler", Memory: 512, Timeout: 10,
			Env:   map[string]any{"STAGE": "prod", "TABLE_NAME": map[string]any{"Ref": "Items"}, "QUEUE": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}},
			Files: map[string]string{"index.js": "exports.handler = async () => 1;"}},
		testFn{ID: "ApiWorker", Runtime: "provided.al2023", Handler: "bootstrap", Arch: "arm64",
			Files: map[string]string{"bootstrap": "#!/bin/sh\n"}, Exec: map[string]bool{"bootstrap": true}},
		testFn{ID: "Jv", Runtime: "java21", Handler: "example.Handler::handleRequest", Files: map[string]string{"app.jar": "PK"}},
	)
	m, err := assembly.ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFind(t *testing.T) {
	m := model(t)
	for _, c := range []struct {
		name, id, want string
	}{
		{"finds a logical id", "ApiFunction", "ApiFunction"},
		{"finds stack/logical id", "Test/ApiWorkerFunction", "ApiWorkerFunction"},
		{"finds the whole construct path", "Test/Api/Function/Resource", "ApiFunction"},
		{"finds the construct path without /Resource", "Test/Api/Function", "ApiFunction"},
		{"finds a construct path prefix that names one function", "Test/ApiWorker", "ApiWorkerFunction"},
		{"ignores slashes around the id", "/Test/Api/", "ApiFunction"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fn, err := Find(m, "cdk.out", c.id)
			if err != nil {
				t.Fatal(err)
			}
			if fn.LogicalID != c.want {
				t.Errorf("Find(%q) = %s, want %s", c.id, fn.LogicalID, c.want)
			}
		})
	}
	t.Run("lists the functions there are for an unknown id", func(t *testing.T) {
		_, err := Find(m, "cdk.out", "Nope")
		want := `unknown function "Nope" in cdk.out; available: Test/Api/Function (ApiFunction), Test/ApiWorker/Function (ApiWorkerFunction), Test/Jv/Function (JvFunction)`
		if !errors.Is(err, ErrUnknownFunction) || err.Error() != want {
			t.Errorf("err = %v\nwant %s", err, want)
		}
	})
	t.Run("asks for a precise id when a prefix names several functions", func(t *testing.T) {
		_, err := Find(m, "cdk.out", "Test")
		if !errors.Is(err, ErrUnknownFunction) || !strings.Contains(err.Error(), `"Test" names 3 functions in cdk.out`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("refuses a Java function with a clear message", func(t *testing.T) {
		_, err := Find(m, "cdk.out", "JvFunction")
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "Test/Jv/Function: not supported locally: runtime java21") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestFunctionDefaultsAndPlaceholders(t *testing.T) {
	m := model(t)
	fn, err := Find(m, "cdk.out", "ApiFunction")
	if err != nil {
		t.Fatal(err)
	}
	if fn.MemoryMiB != 512 || fn.TimeoutSec != 10 || fn.Runtime != "nodejs24.x" || fn.Handler != "index.handler" || fn.Name() != "Test/Api/Function" {
		t.Errorf("function = %+v", fn)
	}
	if fn.Env["STAGE"] != "prod" || fn.Env["TABLE_NAME"] != "unresolved-TABLE_NAME" || fn.Env["QUEUE"] != "unresolved-QUEUE" {
		t.Errorf("env = %v", fn.Env)
	}
	want := `QUEUE, TABLE_NAME: unresolved CloudFormation values in the template, run with placeholders "unresolved-QUEUE", ... (set real values with --env QUEUE=VALUE)`
	if got := fn.PlaceholderNote(); got != want {
		t.Errorf("note = %s\nwant  %s", got, want)
	}
	fn.Override(map[string]string{"TABLE_NAME": "items", "QUEUE": "q", "EXTRA": "1"})
	if fn.PlaceholderNote() != "" || fn.Env["TABLE_NAME"] != "items" || fn.Env["EXTRA"] != "1" {
		t.Errorf("after Override: note %q, env %v", fn.PlaceholderNote(), fn.Env)
	}

	worker, err := Find(m, "cdk.out", "ApiWorkerFunction")
	if err != nil {
		t.Fatal(err)
	}
	if worker.MemoryMiB != 128 || worker.TimeoutSec != 3 || worker.Arch != "arm64" {
		t.Errorf("Lambda's defaults not applied: %+v", worker)
	}
}

func TestFindRefusesWhatCannotRun(t *testing.T) {
	tpl := `{"Resources": {
	  "Image": {"Type": "AWS::Lambda::Function", "Properties": {"PackageType": "Image", "Code": {"ImageUri": "x"}}},
	  "Inline": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs22.x", "Handler": "index.handler", "Code": {"ZipFile": "x"}}},
	  "Old": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "go1.x", "Handler": "main"}, "Metadata": {"aws:asset:path": "asset.x"}}
	}}`
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "asset.x"), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := assembly.ParseTemplate("S", []byte(tpl), assembly.TemplateOptions{AssetDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	m := &assembly.Model{Stacks: []*assembly.Stack{st}}
	for id, want := range map[string]string{
		"Image":  "S/Image is a container image function",
		"Inline": "S/Inline has no code asset in the assembly",
		"Old":    "runtime go1.x is retired",
	} {
		if _, err := Find(m, "t", id); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", id, err, want)
		}
	}
}

func TestArchMatches(t *testing.T) {
	for _, c := range []struct {
		name    string
		machine elf.Machine
		goarch  string
		want    string
	}{
		{"an x86_64 bootstrap runs on amd64", elf.EM_X86_64, "amd64", ""},
		{"an arm64 bootstrap runs on arm64", elf.EM_AARCH64, "arm64", ""},
		{"an arm64 bootstrap on amd64 says how to fix it", elf.EM_AARCH64, "amd64",
			"asset not built for the host: arm64 bootstrap on an amd64 machine — synthesize with Architecture X86_64 or run on arm64"},
		{"an x86_64 bootstrap on arm64 says how to fix it", elf.EM_X86_64, "arm64",
			"asset not built for the host: x86_64 bootstrap on an arm64 machine — synthesize with Architecture ARM64 or run on x86_64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := archMatches(c.machine, c.goarch)
			if c.want == "" {
				if err != nil {
					t.Errorf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, ErrNotForHost) || err.Error() != c.want {
				t.Errorf("err = %v\nwant %s", err, c.want)
			}
		})
	}
}

func TestCheckExecutable(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	other, otherName := otherArch()
	host := elf.EM_X86_64
	if otherName == "x86_64" {
		host = elf.EM_AARCH64
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"accepts a bootstrap for the host", write("host", elfHeader(host), 0o755), ""},
		{"accepts a script", write("script", []byte("#!/bin/sh\nexec node index.js\n"), 0o755), ""},
		{"refuses another architecture", write("other", elfHeader(other), 0o755), "asset not built for the host: " + otherName + " bootstrap"},
		{"refuses a file that is not executable", write("plain", elfHeader(host), 0o644), "bootstrap is not executable (mode -rw-r--r--)"},
		{"refuses what is not ELF", write("macho", []byte{0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1}, 0o755), "not a Linux (ELF) executable"},
		{"says a bootstrap is missing", filepath.Join(dir, "missing"), "has no `bootstrap` at its root"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkExecutable(c.path, "S/Fn")
			if c.want == "" {
				if err != nil {
					t.Errorf("err = %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestCopyAssetUnzips(t *testing.T) {
	// A .zip code asset (cdk.out of an app that zips its own packages).
	dir := writeAssembly(t)
	zipPath := filepath.Join(dir, "code.zip")
	writeZip(t, zipPath, map[string]string{"index.js": "x", "lib/a.js": "y"})
	out := t.TempDir()
	if _, err := copyAsset("Test/Code", zipPath, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.js", "lib/a.js"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not extracted: %v", f, err)
		}
	}
	evil := filepath.Join(dir, "evil.zip")
	writeZip(t, evil, map[string]string{"../outside.js": "x"})
	if _, err := copyAsset("Test/Code", evil, t.TempDir()); err == nil || !strings.Contains(err.Error(), "outside the package") {
		t.Errorf("a zip entry outside the folder was accepted: %v", err)
	}
}

// An assembly from app.synth() (or --no-asset-metadata) has no
// aws:asset:path: the stack's asset manifest names the staged folder.
func TestFindsTheAssetThroughTheAssetManifest(t *testing.T) {
	dir := writeAssembly(t, testFn{ID: "Api", Runtime: "nodejs24.x", Handler: "index.handler", Files: map[string]string{"index.js": "exports.handler = async () => 1;"}})
	tplPath := filepath.Join(dir, "Test.template.json")
	data, err := os.ReadFile(tplPath)
	if err != nil {
		t.Fatal(err)
	}
	var tpl map[string]any
	if err := json.Unmarshal(data, &tpl); err != nil {
		t.Fatal(err)
	}
	res := tpl["Resources"].(map[string]any)["ApiFunction"].(map[string]any)
	delete(res["Metadata"].(map[string]any), "aws:asset:path")
	res["Properties"].(map[string]any)["Code"] = map[string]any{"S3Bucket": "cdk-assets", "S3Key": "abc123.zip"}
	writeJSON(t, tplPath, tpl)
	writeJSON(t, filepath.Join(dir, "Test.assets.json"), map[string]any{"version": "48.0.0", "files": map[string]any{"abc123": map[string]any{
		"source":       map[string]any{"path": "asset.Api", "packaging": "zip"},
		"destinations": map[string]any{"current_account-current_region": map[string]any{"bucketName": "cdk-assets", "objectKey": "abc123.zip"}},
	}}})
	m, err := assembly.ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := Find(m, "cdk.out", "ApiFunction")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "asset.Api"); fn.AssetPath != want {
		t.Errorf("AssetPath %q, want %q", fn.AssetPath, want)
	}
}
