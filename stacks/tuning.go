package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/powertuning"
)

// NewTuningStack deploys Lambda Power Tuning for fns in a stack of its own,
// so a platform team can deploy it to a test account only and remove it
// after tuning without touching the functions' stack.
func NewTuningStack(scope constructs.Construct, id string, props *awscdk.StackProps, fns ...*optimizedfn.Function) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	powertuning.New(stack, jsii.String("PowerTuning"), &powertuning.Props{
		Functions: fns,
		Payload: map[string]any{
			"rawPath":        "/items/42",
			"requestContext": map[string]any{"http": map[string]any{"method": "GET"}},
		},
	})
	return stack
}
