package testfiles

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// buildDir holds the Go binaries GoBootstrap built in this test binary;
// Main removes it.
var (
	buildMu  sync.Mutex
	buildDir string
)

// Main runs the tests and removes what GoBootstrap built. A test package
// that calls GoBootstrap uses it as its TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
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

// GoBootstrap builds a real Go bootstrap for linux/goarch, with -tags
// lambda.norpc -ldflags "-s -w" when optimized, once per test binary, and
// returns its path.
func GoBootstrap(t testing.TB, goarch string, optimized bool) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if buildDir == "" {
		dir, err := os.MkdirTemp("", "gobootstrap-")
		if err != nil {
			t.Fatal(err)
		}
		buildDir = dir
	}
	out := filepath.Join(buildDir, fmt.Sprintf("bootstrap-%s-%v", goarch, optimized))
	if _, err := os.Stat(out); err == nil {
		return out
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the test bootstrap: %v", err)
	}
	src := filepath.Join(buildDir, "src")
	Write(t, filepath.Join(src, "go.mod"), "module example.com/handler\n\ngo 1.22\n\nrequire github.com/aws/aws-lambda-go v1.47.0\n\nreplace github.com/aws/aws-lambda-go => ./lambdago\n")
	Write(t, filepath.Join(src, "main.go"), bootstrapMain)
	Write(t, filepath.Join(src, "lambdago", "go.mod"), "module github.com/aws/aws-lambda-go\n\ngo 1.22\n")
	Write(t, filepath.Join(src, "lambdago", "lambda", "lambda.go"), fakeLambdaGo)
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

// CopyFile copies from into to (executable), creating its folders.
func CopyFile(t testing.TB, from, to string) {
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
