package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
)

// All builds every reference stack into scope, with the same environment,
// and adds the rule packs. app.go and the stack tests both call it, so what
// is tested is what `cdk synth` builds.
func All(scope constructs.Construct, env *awscdk.Environment) []awscdk.Stack {
	props := &awscdk.StackProps{Env: env}
	api := NewAPIStack(scope, "LambdaPerfApi", props)
	all := []awscdk.Stack{
		api.Stack,
		NewTuningStack(scope, "LambdaPerfTuning", props, api.Node, api.Go),
	}
	Check(scope)
	return all
}
