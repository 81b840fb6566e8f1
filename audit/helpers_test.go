package audit

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// buildDir holds Go binaries built once per test run.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "audit-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fakeLambdaGo stands in for github.com/aws/aws-lambda-go, so the test
// bootstrap links "aws-lambda-go" without a download.
const fakeLambdaGo = `package lambda

// Start runs handler; the real one serves the Lambda Runtime API.
func Start(handler any) { _ = handler }
`

const bootstrapMain = `package main

import "github.com/aws/aws-lambda-go/lambda"

func main() { lambda.Start(func() (string, error) { return "ok", nil }) }
`

// goBootstrap builds a real Go bootstrap for linux/goarch, with -tags
// lambda.norpc -ldflags "-s -w" when optimized, and returns its path.
func goBootstrap(t *testing.T, goarch string, optimized bool) string {
	t.Helper()
	out := filepath.Join(buildDir, fmt.Sprintf("bootstrap-%s-%v", goarch, optimized))
	if _, err := os.Stat(out); err == nil {
		return out
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the test bootstrap: %v", err)
	}
	src := filepath.Join(buildDir, "src")
	testfiles.Write(t, filepath.Join(src, "go.mod"), "module example.com/handler\n\ngo 1.22\n\nrequire github.com/aws/aws-lambda-go v1.47.0\n\nreplace github.com/aws/aws-lambda-go => ./lambdago\n")
	testfiles.Write(t, filepath.Join(src, "main.go"), bootstrapMain)
	testfiles.Write(t, filepath.Join(src, "lambdago", "go.mod"), "module github.com/aws/aws-lambda-go\n\ngo 1.22\n")
	testfiles.Write(t, filepath.Join(src, "lambdago", "lambda", "lambda.go"), fakeLambdaGo)
	args := []string{"build", "-trimpath", "-o", out}
	if optimized {
		args = append(args, "-tags", "lambda.norpc", "-ldflags", "-s -w")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build for %s: %v\n%s", goarch, err, msg)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

// copyDir copies the tree at from into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
