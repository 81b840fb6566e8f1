// Command lambdaperf synthesizes the reference API stack with lambdaperf's
// constructs (stacks.NewAPIStack), for the synth-time benchmark in
// test/bench. Like every app the CDK CLI runs, it reads its output folder
// and context from CDK_OUTDIR and CDK_CONTEXT_JSON. It prints one
// "phase <name> <unix ns>" line per phase on stdout.
package main

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/stacks"
)

func main() {
	phase("main")
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	phase("app")
	stacks.NewAPIStack(app, "LambdaPerfApi", nil)
	phase("stack")
	app.Synth(nil)
	phase("synth")
}

func phase(name string) { fmt.Printf("phase %s %d\n", name, time.Now().UnixNano()) }
