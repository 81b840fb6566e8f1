package stacks_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/stacks"
)

// Every reference stack, pinned to an account and region (nil leaves them
// environment-agnostic), with cdk-nag's rule packs and the performance
// advisor applied: what app.go synthesizes for `cdk synth`.
func ExampleAll() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stacks.All(app, &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")})
	app.Synth(nil)
}

// One reference stack alone, in an app of your own: the Node.js and Go
// API functions with provisioned concurrency on their live aliases, and
// the same checks All applies.
func ExampleNewAPIStack() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	api := stacks.NewAPIStack(app, "MyApi", nil)
	stacks.Check(app)
	awscdk.NewCfnOutput(api.Stack, jsii.String("GoAlias"), &awscdk.CfnOutputProps{Value: api.Go.Alias().FunctionArn()})
	app.Synth(nil)
}
