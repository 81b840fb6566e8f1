// Package fnenv sets an environment variable on a function that another
// construct configures (cache.Connect, extensions.UseSecret), through the
// function's own checks when it has them.
package fnenv

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
)

// Function is a construct with a Lambda function.
type Function interface {
	Function() awslambda.Function
}

// checked is a function that validates what is set on it:
// *optimizedfn.Function refuses reserved, duplicate and oversized
// variables at synth.
type checked interface {
	AddEnvironment(name, value string)
}

// Set sets name to value (which may be a token) on fn: through fn's own
// AddEnvironment when it checks variables, else on the Lambda function
// directly.
func Set(fn Function, name string, value *string) {
	if c, ok := fn.(checked); ok {
		c.AddEnvironment(name, *value)
		return
	}
	fn.Function().AddEnvironment(jsii.String(name), value, nil)
}
