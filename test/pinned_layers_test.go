package test

import (
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// TestPinnedLayersForBothArchitectures: the reference stacks run on
// arm64 only (test/gates checks their pinned templates), so this pins a
// function with the reference VPC function's layers to each gate region
// on x86_64: the template carries the x86_64 literals AWS publishes for
// that region, not the Arm64 ones and not a mapping.
func TestPinnedLayersForBothArchitectures(t *testing.T) {
	want := map[string][]any{
		"eu-west-1": {"arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4",
			"arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:56"},
		"us-east-1": {"arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4",
			"arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:56"},
	}
	for region, layers := range want {
		app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
		stack := awscdk.NewStack(app, jsii.String("Pinned"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)}})
		optimizedfn.New(stack, jsii.String("Fn"), &optimizedfn.Props{
			Entry:        filepath.Join(stacks.FunctionsDir(), "node", "cached", "index.ts"),
			Architecture: optimizedfn.X86_64,
			Layers:       []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
		})
		tpl := cdktest.Template(t, stack)
		fns := cdktest.Resources(tpl, "AWS::Lambda::Function")
		if len(fns) != 1 {
			t.Fatalf("%s: %d functions, want 1", region, len(fns))
		}
		for _, f := range fns {
			got, _ := cdktest.Props(f)["Layers"].([]any)
			if len(got) != len(layers) || got[0] != layers[0] || got[1] != layers[1] {
				t.Errorf("%s x86_64: layers %v, want %v", region, got, layers)
			}
		}
		if _, ok := tpl["Mappings"]; ok {
			t.Errorf("%s: a pinned stack has mappings: %v", region, tpl["Mappings"])
		}
	}
}
