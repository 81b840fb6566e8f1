package optimizedfn_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// An Entry next to the stack's code: resolved against this Go file, so
// `cdk synth` at the project root and `go test` in the stack's package find
// the same handler.
func ExampleSourceRelative() {
	var stack awscdk.Stack // your stack
	optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry: optimizedfn.SourceRelative("../handlers/checkout/index.ts"),
	})
}
