// Command badsynth is a CDK app as app teams write one (main defers
// jsii.Close), with one optimized function whose Entry is $ENTRY: the
// toolchain-error test runs it on handlers that do not build.
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("BadSynth"), nil)
	optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: os.Getenv("ENTRY")})
	app.Synth(nil)
}
