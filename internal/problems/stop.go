package problems

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// Stop ends synthesis with err, whose message names the construct and
// says what to fix (a toolchain's own output, file:line included, for a
// build that failed). Under `go test` it panics with err, so a test
// recovers it and asserts the message, as for every construct error. In an
// app (`cdk synth`, `go run .`) it prints err alone to stderr, closes the
// jsii child and exits with status 1: an unrecovered panic would print a
// goroutine dump of jsii and CDK frames below the message, and nothing in
// a CDK app acts on the error but the reader.
func Stop(err error) {
	if testing.Testing() {
		panic(err)
	}
	fmt.Fprintln(os.Stderr, err)
	jsii.Close()
	os.Exit(1)
}
