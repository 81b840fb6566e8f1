package optimizedfn

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// bundleFailure is where a local bundler (esbuild, go build, javac) leaves
// its toolchain's error for build to stop synthesis with.
//
// TryBundle runs inside a jsii callback, and a panic there never reaches
// the jsii kernel: jsii-runtime-go v1.142.0 returns the panic to the Go
// caller without completing the callback, so the kernel waits inside it
// until the app's deferred jsii.Close() interrupts it, and its late reply
// to a closed pipe makes node print a 25-line EPIPE trace above the
// toolchain's message (and the panic a goroutine dump below it). So a
// bundler that fails keeps its error here and removes its output folder
// before it returns: CDK's staging then throws (the callback completed,
// the kernel stays in step), and newFunction stops synthesis with the
// toolchain's error alone (problems.Stop).
type bundleFailure struct{ err error }

// fail records err, the first failure of the function's bundling, and
// returns TryBundle's result: bundled, into a folder that no longer
// exists, so CDK fails to stage it and caches nothing.
func (b *bundleFailure) fail(outputDir string, err error) *bool {
	if b.err == nil {
		b.err = err
	}
	os.RemoveAll(outputDir)
	return jsii.Bool(true)
}

// newFunction creates the function, whose code CDK bundles while the
// function is created, and stops synthesis with the bundler's own error
// when bundling failed, in place of CDK's "Failed to bundle asset" from
// jsii.
func newFunction(scope constructs.Construct, props *awslambda.FunctionProps, failure *bundleFailure) awslambda.Function {
	defer func() {
		r := recover()
		if failure.err != nil {
			problems.Stop(failure.err)
		}
		if r != nil {
			panic(r)
		}
	}()
	return awslambda.NewFunction(scope, jsii.String("Function"), props)
}

// toolError is a failed toolchain run as users read it: the construct,
// what failed on which input, and the tool's own output with every
// file:line location that is relative to the tool's working folder dir
// rewritten relative to this process's working folder (where `cdk synth`
// runs), so editors and terminals open it.
func toolError(path, what string, err error, dir string, out []byte) error {
	return fmt.Errorf("%s: %s failed (%v):\n%s", problems.Prefix("optimizedfn", path), what, err, locate(dir, strings.TrimRight(string(out), "\n ")))
}

// location is a file:line[:column] location at the start of a line (after
// indentation), as esbuild ("    handler.ts:2:20:"), go build
// ("cmd/api/main.go:4:2: ...") and javac ("/src/A.java:3: error: ...")
// print them.
var location = regexp.MustCompile(`(?m)^(\s*)([^\s:]+\.(?:ts|mts|cts|tsx|js|mjs|cjs|jsx|json|go|java)):(\d+)`)

func locate(dir, out string) string {
	cwd, err := os.Getwd()
	if err != nil {
		return out
	}
	return location.ReplaceAllStringFunc(out, func(m string) string {
		g := location.FindStringSubmatch(m)
		file := g[2]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		return g[1] + displayPath(cwd, file) + ":" + g[3]
	})
}

// displayPath is file relative to cwd when it is inside it, else absolute.
func displayPath(cwd, file string) string {
	if rel, err := filepath.Rel(cwd, file); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return file
}

// entryName is path as users find it from where they run synthesis.
func entryName(path string) string {
	cwd, err := os.Getwd()
	if err != nil {
		return path
	}
	return displayPath(cwd, path)
}
