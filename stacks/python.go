package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// PythonStack is the reference Python function: a folder of modules (with
// any dependencies vendored into it) copied into the asset without
// bytecode caches or tests, on python3.13, reachable through an
// IAM-authenticated Function URL on its live alias.
type PythonStack struct {
	awscdk.Stack
	// Percentiles is the Python function.
	Percentiles *optimizedfn.Function
}

// NewPythonStack builds the reference Python stack. props may be nil.
func NewPythonStack(scope constructs.Construct, id string, props *awscdk.StackProps) *PythonStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &PythonStack{Stack: stack}

	// Sorting up to 100,000 samples is CPU work, but short: Balanced
	// (1,024 MiB). SnapStart stays off, its default for Python, where
	// snapshots are billed; the module's init is a few imports.
	s.Percentiles = optimizedfn.New(stack, jsii.String("Percentiles"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "python", "percentiles"),
		Handler:     "percentiles.handler",
		Description: "Reference Python handler: latency percentiles, standard library only",
	})
	exposeOnURL(s.Percentiles)
	suppressPinnedRuntime(s.Percentiles, "python3.13 is the construct's default Python runtime, supported by Lambda until June 2029; optimizedfn.Python314 is one Runtime setting away")
	return s
}
