package cdktest

import (
	"maps"
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// AppOptions configure App. The zero value synthesizes as `cdk synth` does
// in the CDK project of the test's working directory.
type AppOptions struct {
	// Dir is the CDK project: the folder of its cdk.json. Default: the
	// nearest folder with a cdk.json at or above the working directory
	// (`go test` runs a package's tests in the package's folder).
	Dir string
	// Outdir is where the cloud assembly is written. Default: a new
	// temporary folder, removed after the test.
	Outdir string
	// Context is set over the project's, as `cdk synth --context k=v`
	// does. Default: none.
	Context map[string]any
	// NoValidation turns the built-in CloudFormation validator off, as
	// `cdk synth --no-validation` does: the first synthesis of a test
	// binary is 2-5 s faster and the templates are the same, but an
	// invalid one is not caught. Default: false, the validator runs.
	NoValidation bool
}

// App returns an App that synthesizes what `cdk synth` writes for the
// project: its cdk.json context (feature flags, validation settings) and
// cdk.context.json, and the keys the CLI adds (CLIContext): path and
// asset metadata, version reporting, the bundling stacks. Its template is
// the one the CLI writes (examples/orders compares the two), so a golden
// made from it is too, and the advisor's code-asset rules see the staged
// code as under the CLI.
//
// One difference from the CLI, on purpose: a validation error throws when
// the App synthesizes, so Template and Synth stop the test with it, where
// the CLI would read the report afterwards. Not set: the environment
// variables the CLI gives the app's own code (CDK_DEFAULT_REGION, and
// CDK_DEFAULT_ACCOUNT with credentials); a test whose stacks read them
// sets them with t.Setenv. A project that cannot be read stops the test.
func App(t testing.TB, opts *AppOptions) awscdk.App {
	t.Helper()
	o := AppOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Dir == "" {
		wd, err := os.Getwd()
		if err == nil {
			o.Dir, err = ProjectDir(wd)
		}
		if err != nil {
			t.Fatalf("%v", err)
		}
	}
	ctx, err := CLIContext(o.Dir)
	if err != nil {
		t.Fatalf("%v", err)
	}
	maps.Copy(ctx, o.Context)
	ctx[FailSynthOnValidationErrorsContext] = true
	if o.Outdir == "" {
		o.Outdir = t.TempDir()
	}
	props := &awscdk.AppProps{Outdir: jsii.String(o.Outdir), Context: &ctx}
	if o.NoValidation {
		props.BuiltinCloudFormationValidation = jsii.Bool(false)
	}
	var app awscdk.App
	if msg := Panics(func() { app = awscdk.NewApp(props) }); msg != "" {
		t.Fatalf("cdktest.App: %s", msg)
	}
	return app
}
