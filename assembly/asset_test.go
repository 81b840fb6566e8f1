package assembly

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
	"github.com/lambdaperf/lambdaperf/lambda"
)

func TestGoBootstrapBuildInfo(t *testing.T) {
	tests := []struct {
		name            string
		goarch          string
		optimized       bool
		machine         string
		noRPC, stripped bool
	}{
		{"an optimized arm64 build has lambda.norpc and no symbols", "arm64", true, string(lambda.ARM64), true, true},
		{"a plain arm64 build has neither", "arm64", false, string(lambda.ARM64), false, false},
		{"an optimized amd64 build is x86_64", "amd64", true, string(lambda.X86_64), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyFile(t, goBootstrap(t, tt.goarch, tt.optimized), filepath.Join(dir, "bootstrap"))
			a, err := InspectAsset(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Natives) != 1 || a.Natives[0].Machine != tt.machine || a.Natives[0].Kind != "executable" {
				t.Errorf("natives %+v, want one %s executable", a.Natives, tt.machine)
			}
			g := a.Go
			if g == nil {
				t.Fatal("the bootstrap was not recognized as a Go program")
			}
			if !g.UsesLambdaGo || g.NoRPC != tt.noRPC || g.Stripped != tt.stripped || !strings.HasPrefix(g.GoVersion, "go1.") {
				t.Errorf("build info %+v, want aws-lambda-go, norpc %v, stripped %v", g, tt.noRPC, tt.stripped)
			}
		})
	}
}

func TestZipAndFolderAssetsAgree(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, goBootstrap(t, "amd64", false), filepath.Join(dir, "bootstrap"))
	testfiles.Write(t, filepath.Join(dir, "lib", "index.js"), "const w = require(\"worker_threads\");\n//# sourceMappingURL=index.js.map\n")
	testfiles.Write(t, filepath.Join(dir, "lib", "index.js.map"), `{"version":3}`)
	folder, err := InspectAsset(dir)
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "code.zip")
	zf, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for _, name := range []string{"bootstrap", "lib/index.js", "lib/index.js.map"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	zipped, err := InspectAsset(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(zipPath)
	if zipped.ZipBytes != info.Size() {
		t.Errorf("a zip's package size is its file size %d, got %d", info.Size(), zipped.ZipBytes)
	}
	// The folder estimate deflates each file as zip does: within 10%.
	if d := float64(folder.ZipBytes-zipped.ZipBytes) / float64(zipped.ZipBytes); d > 0.1 || d < -0.1 {
		t.Errorf("folder estimate %d bytes, zip %d bytes: %.0f%% apart", folder.ZipBytes, zipped.ZipBytes, d*100)
	}
	for _, a := range []*CodeAsset{folder, zipped} {
		if a.Files != 3 || a.Bytes != folder.Bytes || a.Go == nil || a.Go.Stripped || len(a.SourceMaps) != 1 || len(a.Parallel) != 1 {
			t.Errorf("%s: files %d, bytes %d, go %+v, maps %v, parallel %v", a.Path, a.Files, a.Bytes, a.Go, a.SourceMaps, a.Parallel)
		}
	}
}

func TestMinifiedHeuristic(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		minified bool
	}{
		{"esbuild's minified output", "../audit/testdata/rules/node-not-minified/asset.minified/index.mjs", true},
		{"esbuild's readable output", "../audit/testdata/rules/node-not-minified/asset.unminified/index.mjs", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := InspectAsset(filepath.Dir(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(a.JS) != 1 || a.JS[0].Minified != tt.minified {
				t.Errorf("JS %+v, want minified %v", a.JS, tt.minified)
			}
		})
	}
	t.Run("a small readable file is not judged", func(t *testing.T) {
		dir := t.TempDir()
		testfiles.Write(t, filepath.Join(dir, "index.js"), "exports.handler = async () => {\n  return 1;\n};\n")
		a, err := InspectAsset(dir)
		if err != nil || len(a.JS) != 1 || !a.JS[0].Minified {
			t.Errorf("err %v, JS %+v: files under 8 KiB count as minified", err, a.JS)
		}
	})
}

func TestInspectAssetErrors(t *testing.T) {
	if _, err := InspectAsset(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing asset must be an error")
	}
	notZip := filepath.Join(t.TempDir(), "code.zip")
	testfiles.Write(t, notZip, "not a zip")
	if _, err := InspectAsset(notZip); err == nil || !strings.Contains(err.Error(), "not a folder nor a zip archive") {
		t.Errorf("error %v, want one saying the file is not a zip", err)
	}
}
