// Package stacks holds the reference stacks: compositions of lambdaperf
// constructs that show the defaults at work, and that the tests snapshot.
package stacks

import (
	"path/filepath"
	"runtime"
)

// RepoDir is the repository root, found from this source file rather than
// the working directory, so `cdk synth`, `go test ./test` and IDE runs all
// resolve the same handler sources.
func RepoDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("stacks: cannot locate the repository from runtime.Caller")
	}
	return filepath.Dir(filepath.Dir(file))
}

// FunctionsDir holds the reference handlers' sources.
func FunctionsDir() string { return filepath.Join(RepoDir(), "functions") }
