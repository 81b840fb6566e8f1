package advisor_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/advisor"
)

// Audit every stack of an app at synth, and acknowledge one finding with
// the reason it does not apply.
func ExampleApply() {
	outdir, err := os.MkdirTemp("", "advisor-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(outdir)
	// The CloudFormation validator is off only to keep the example quick.
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir), BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("Jobs"), nil)
	nightly := awslambda.NewFunction(stack, jsii.String("Nightly"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_NODEJS_24_X(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("index.handler"),
		Code:         awslambda.Code_FromAsset(jsii.String("testdata"), nil), // e.g. jobs/nightly
	})
	advisor.Suppress(nightly, "default-memory", "a nightly job that waits on I/O; 128 MB is measured enough")
	advisor.Apply(app, nil)
	app.Synth(nil)

	// The findings are annotations: `cdk synth` prints them; tests read
	// them from the cloud assembly. default-memory is acknowledged.
	messages, err := cdktest.Messages(outdir)
	if err != nil {
		panic(err)
	}
	for _, m := range messages {
		rule, _, _ := strings.Cut(strings.TrimPrefix(m.Text, "["), "]")
		fmt.Println(m.Level, m.Path, rule)
	}
	// Output:
	// info /Jobs/Nightly/Resource lambdaperf:cost-per-million
	// warning /Jobs/Nightly/Resource lambdaperf:no-log-retention
}
