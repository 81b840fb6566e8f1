package costmodel

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandardLibraryOnly proves with `go list -deps` that costmodel pulls in
// nothing outside the standard library, and so no jsii runtime or CDK module.
func TestStandardLibraryOnly(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list dependencies: %v", err)
	}
	root := moduleRoot(t)
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./costmodel")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	const self = "github.com/lambdaperf/lambdaperf/costmodel"
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "jsii-runtime-go") || strings.Contains(dep, "aws-cdk-go") {
			t.Errorf("costmodel depends on %s, a jsii/CDK package", dep)
		} else if dep != self {
			t.Errorf("costmodel depends on %s, outside the standard library", dep)
		}
	}
	if !strings.Contains(string(out), self) {
		t.Errorf("go list did not list %s itself: %q", self, out)
	}
}

// moduleRoot walks up from the test's directory to the folder with go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}
