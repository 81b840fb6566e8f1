// Package novalidation turns the CDK's built-in CloudFormation validator
// off for the test binary that imports it, examples included, by giving
// aws-cdk-lib's Node.js process CDK_VALIDATION=false (aws-cdk-lib 2.276
// reads it at every synthesis, in core/lib/private/synthesis-validation.js).
//
// Why: the validator starts a WebAssembly rule engine once per process,
// about 2.7 s of CPU, and then checks every template (measured with
// node --cpu-prof on the reference app: 4.5 of its 5.6 s of synthesis).
// Each test binary that synthesizes paid that again for templates whose
// shapes the reference stacks already cover: package test synthesizes
// every reference stack with the validator on and strict, and test/gates
// runs cfn-lint on them. Construct and example tests assert properties of
// the templates, which the validator does not change.
//
// Import it for its side effect from one _test.go file of a package:
//
//	import _ "github.com/lambdaperf/lambdaperf/internal/novalidation"
//
// It does nothing outside a test binary.
package novalidation

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

func init() {
	if testing.Testing() {
		os.Setenv("CDK_VALIDATION", "false")
		// The jsii client takes its child's environment when it is made,
		// at the first generated package's init (RegisterClass), before
		// this one; its process has not started yet. Closing it makes the
		// next call make one with this environment; the registered types
		// are global and stay.
		jsii.Close()
	}
}
