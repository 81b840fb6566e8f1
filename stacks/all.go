package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// All builds every reference stack into scope, with the same environment,
// and adds the rule packs. app.go and the stack tests both call it, so what
// is tested is what `cdk synth` builds.
func All(scope constructs.Construct, env *awscdk.Environment) []awscdk.Stack {
	props := &awscdk.StackProps{Env: env}
	api := NewAPIStack(scope, "LambdaPerfApi", props)
	java := NewJavaStack(scope, "LambdaPerfJava", props)
	python := NewPythonStack(scope, "LambdaPerfPython", props)
	vpc := NewVPCStack(scope, "LambdaPerfVpc", props)
	batch := NewBatchStack(scope, "LambdaPerfBatch", props)
	instances := NewInstancesStack(scope, "LambdaPerfInstances", props)
	all := []awscdk.Stack{
		api.Stack,
		NewTuningStack(scope, "LambdaPerfTuning", props, api.Node, api.Go),
		java.Stack,
		python.Stack,
		vpc.Stack,
		batch.Stack,
		instances.Stack,
	}
	// Every stack with functions gets their dashboard and alarms (what is
	// attached to the functions, event sources and provisioned concurrency,
	// is read when the app synthesizes); the platform stack shows them side
	// by side.
	monitors := []*monitoring.Monitoring{
		monitor(api.Stack, api.Node, api.Go),
		monitor(java.Stack, java.Quote),
		monitor(python.Stack, python.Percentiles),
		monitor(vpc.Stack, vpc.Function),
		monitor(batch.Stack, batch.Orders, batch.Projector),
		monitor(instances.Stack, instances.Function),
	}
	all = append(all, NewPlatformStack(scope, "LambdaPerfPlatform", props, monitors...))
	Check(scope)
	return all
}

// monitor gives a reference stack the dashboard and alarms of its
// optimized functions, in a Monitoring with its own encrypted alarm topic.
func monitor(stack awscdk.Stack, fns ...*optimizedfn.Function) *monitoring.Monitoring {
	targets := make([]monitoring.Target, len(fns))
	for i, fn := range fns {
		targets[i] = monitoring.FromOptimized(fn)
	}
	return monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{
		Title:     *stack.StackName() + " functions",
		Functions: targets,
	})
}

// NewPlatformStack is the platform-level dashboard: every reference
// function side by side. It is a stack of its own because it belongs to no
// service: it only reads metrics (function names come through exports),
// and the alarms and metric filters stay with each service's stack, so a
// service deploys and rolls back without it.
func NewPlatformStack(scope constructs.Construct, id string, props *awscdk.StackProps, monitors ...*monitoring.Monitoring) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	monitoring.NewOverview(stack, jsii.String("Overview"), &monitoring.OverviewProps{
		Title:       "lambdaperf reference functions",
		Monitorings: monitors,
	})
	return stack
}
