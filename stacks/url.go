package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/nag"
)

// exposeOnURL gives a reference function an IAM-authenticated Function URL
// on its live alias (the published version, with any provisioned
// concurrency or SnapStart), and outputs the URL.
func exposeOnURL(fn *optimizedfn.Function) {
	nag.Suppress(fn.Function(), nag.Rule{
		ID:     "Serverless-LambdaDLQ",
		Reason: "Invoked synchronously through its Function URL: errors return to the caller, and a DLQ only ever receives asynchronous events",
	})
	url := fn.Alias().AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})
	awscdk.NewCfnOutput(fn, jsii.String("Url"), &awscdk.CfnOutputProps{
		Value:       url.Url(),
		Description: jsii.String("Function URL (IAM auth) on the live alias"),
	})
}

// suppressPinnedRuntime explains why a function runs on a runtime that is
// not its family's newest one CDK knows, which cdk-nag's AwsSolutions-L1
// and Serverless-LambdaLatestVersion flag.
func suppressPinnedRuntime(fn *optimizedfn.Function, reason string) {
	nag.Suppress(fn.Function(),
		nag.Rule{ID: "AwsSolutions-L1", Reason: reason},
		nag.Rule{ID: "Serverless-LambdaLatestVersion", Reason: reason})
}
