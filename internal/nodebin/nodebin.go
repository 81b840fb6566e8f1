// Package nodebin finds the executable of an npm package the way the CDK
// finds esbuild for NodejsFunction and npx finds a local binary: in
// node_modules/.bin of a folder or any folder above it, first above the
// given folders (a handler's entry, a project) and then above the working
// directory, and only then on PATH. A project that installed its tools with
// `npm ci` (make deps) needs no PATH change: plain `go test ./...` finds
// them.
package nodebin

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// The npm releases lambdaperf builds and tests with, as package.json pins
// them (a test checks they agree): the errors for a missing tool tell to
// install these.
const (
	EsbuildVersion = "0.28.2"   // esbuild
	CDKCLIVersion  = "2.1148.1" // aws-cdk, the CDK CLI
)

// lookPath is exec.LookPath, replaceable in tests.
var lookPath = exec.LookPath

// Find returns the path of the npm binary name (esbuild, cdk): the first
// node_modules/.bin/<name> at or above each folder of from, in order, then
// at or above the working directory, then name on PATH. The error says
// where it looked.
func Find(name string, from ...string) (string, error) {
	var looked []string
	seen := map[string]bool{}
	starts := append([]string{}, from...)
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, start := range starts {
		if start == "" {
			continue
		}
		dir, err := filepath.Abs(start)
		if err != nil {
			continue
		}
		if st, err := os.Stat(dir); err == nil && !st.IsDir() {
			dir = filepath.Dir(dir)
		}
		if seen[dir] {
			continue // searched with everything above it already
		}
		looked = append(looked, dir)
		for {
			if !seen[dir] {
				seen[dir] = true
				if p := executable(filepath.Join(dir, "node_modules", ".bin", name)); p != "" {
					return p, nil
				}
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if p, err := lookPath(name); err == nil {
		return p, nil
	}
	return "", &NotFoundError{Name: name, Looked: looked}
}

// NotFoundError says that Find found name nowhere.
type NotFoundError struct {
	Name   string   // the binary
	Looked []string // folders whose node_modules/.bin it searched, and their parents
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s is not in node_modules/.bin at or above %s, nor on PATH", e.Name, strings.Join(e.Looked, " or "))
}

// IsNotFound says whether err is Find's "not found".
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// executable returns the binary at path (with the extension npm gives it
// on Windows), or "" when there is none.
func executable(path string) string {
	candidates := []string{path}
	if runtime.GOOS == "windows" {
		candidates = []string{path + ".cmd", path + ".exe", path}
	}
	for _, c := range candidates {
		st, err := os.Stat(c)
		if err != nil || st.IsDir() {
			continue
		}
		if runtime.GOOS == "windows" || st.Mode()&0o111 != 0 {
			return c
		}
	}
	return ""
}
