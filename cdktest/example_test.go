package cdktest_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// A snapshot test of your own stack. Synth builds it in an App with the
// settings `cdk synth` passes (cdk.json found above the test's folder), so
// the golden is the CLI's template; normalized, so asset hashes and
// version IDs do not churn it. Refresh it with go test -update. (Not run
// here: it needs the *testing.T of a test.)
func ExampleSynth() {
	var t *testing.T // the test's *testing.T
	tpl := cdktest.Synth(t, nil, func(app awscdk.App) awscdk.Stack {
		stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
		awssqs.NewQueue(stack, jsii.String("Jobs"), nil)
		return stack // a construct's panic here fails the test with its message
	})
	snapshot.Golden(t, "testdata/Orders.template.json", snapshot.Normalize(tpl))

	// Plain-Go assertions, no jsii round trips:
	_, q := cdktest.Only(t, tpl, "AWS::SQS::Queue")
	if cdktest.Props(q)["VisibilityTimeout"] != nil {
		t.Error("visibility timeout set")
	}
}

// An App for a stack built elsewhere, writing its assembly where the test
// reads its annotations (cdk-nag findings, the advisor's). (Not run here:
// it needs the *testing.T of a test.)
func ExampleApp() {
	var t *testing.T
	dir := t.TempDir()
	app := cdktest.App(t, &cdktest.AppOptions{Outdir: dir})
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	awssqs.NewQueue(stack, jsii.String("Jobs"), nil)
	cdktest.Template(t, stack) // stops the test on a synthesis error
	messages, err := cdktest.Messages(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range messages {
		if m.Level == "warning" || m.Level == "error" {
			t.Error(m)
		}
	}
}
