package advisor_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/advisor"
)

// Audit every stack of an app at synth, and acknowledge one finding with
// the reason it does not apply.
func ExampleApply() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Jobs"), nil)
	nightly := awslambda.NewFunction(stack, jsii.String("Nightly"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_NODEJS_24_X(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("index.handler"),
		Code:         awslambda.Code_FromAsset(jsii.String("jobs/nightly"), nil),
	})
	advisor.Suppress(nightly, "default-memory", "a nightly job that waits on I/O; 128 MB is measured enough")
	advisor.Apply(app, nil)
	app.Synth(nil)
}
