package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
)

// TestValidatorIsOnAndStrict proves the reference synthesis really runs the
// built-in CloudFormation validator in strict mode: the same app settings
// reject a template that CloudFormation would reject.
func TestValidatorIsOnAndStrict(t *testing.T) {
	dir := t.TempDir()
	app := app(t, dir)
	stack := awscdk.NewStack(app, jsii.String("Bad"), nil)
	awslambda.NewCfnFunction(stack, jsii.String("Fn"), &awslambda.CfnFunctionProps{
		Code:       &awslambda.CfnFunction_CodeProperty{ZipFile: jsii.String("exports.handler = async () => 1")},
		Role:       jsii.String("arn:aws:iam::123456789012:role/r"),
		Runtime:    jsii.String("nodejs24.x"),
		Handler:    jsii.String("index.handler"),
		MemorySize: jsii.Number(64),
	})
	msg := cdktest.Panics(func() { app.Synth(nil) })
	if msg == "" {
		t.Fatal("a 64 MiB function synthesized: the validator is off or not strict")
	}
	report, err := os.ReadFile(filepath.Join(dir, "validation-report.json"))
	if !strings.Contains(msg, "Validation failed") || err != nil || !strings.Contains(string(report), "MemorySize") {
		t.Errorf("want a validation report naming MemorySize; got %q, report %s (%v)", msg, report, err)
	}
}
