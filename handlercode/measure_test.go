package handlercode

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// repoRoot is the repository's root, from this file.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository")
	}
	return filepath.Dir(filepath.Dir(file))
}

// TestParsesThePublishedPackagesTheTestsBundle measures the JavaScript
// parser on real published code: every .js, .mjs and .cjs file of the npm
// packages the reference handlers and tests bundle (the repository's
// node_modules but the tooling: the AWS SDK v3 and its Smithy core,
// ioredis, yaml, zod and their dependencies; LAMBDAPERF_PARSE_ALL=1 adds
// aws-cdk-lib and the CLI). It fails below 99% and reports every file that does
// not parse; docs/advisor.md records the figures.
func TestParsesThePublishedPackagesTheTestsBundle(t *testing.T) {
	if testing.Short() {
		t.Skip("parses some thousand files")
	}
	root := filepath.Join(repoRoot(t), "node_modules")
	var files []string
	// Every package but the tooling (the CDK, its CLI, esbuild): what the
	// handlers bundle and its dependencies.
	tooling := map[string]bool{"aws-cdk": true, "aws-cdk-lib": true, "@aws-cdk": true, "@cdklabs": true, "constructs": true, "esbuild": true, "@esbuild": true}
	if os.Getenv("LAMBDAPERF_PARSE_ALL") != "" {
		tooling = map[string]bool{} // measure aws-cdk-lib too
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if tooling[e.Name()] || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		_ = filepath.WalkDir(filepath.Join(root, e.Name()), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			switch filepath.Ext(p) {
			case ".js", ".mjs", ".cjs":
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 100 {
		t.Skipf("node_modules has %d JavaScript files: run make deps", len(files))
	}
	sort.Strings(files)
	var failed []string
	var bytes int64
	start := time.Now()
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bytes += int64(len(data))
		if _, err := parseJS(p, data); err != nil {
			failed = append(failed, strings.TrimPrefix(p, root+"/")+": "+err.Error())
		}
	}
	took := time.Since(start)
	ok := len(files) - len(failed)
	t.Logf("parsed %d of %d files (%.2f%%), %.1f MB, in %v (shared machine)", ok, len(files), 100*float64(ok)/float64(len(files)), float64(bytes)/1e6, took.Round(time.Millisecond))
	for _, f := range failed {
		t.Logf("not parsed: %s", f)
	}
	if float64(ok) < 0.99*float64(len(files)) {
		t.Errorf("parsed %d of %d files: below 99%%", ok, len(files))
	}
}
