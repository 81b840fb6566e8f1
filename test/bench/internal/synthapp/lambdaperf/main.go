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
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/lambdaperf/lambdaperf/stacks"
)

func main() {
	phase("main")
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	phase("app")
	// optimizedfn and the stack write their suppressions with cdk-nag, whose
	// first use loads its jsii assembly into the kernel. Loading it here, a
	// moment earlier (an unattached rule pack changes nothing), shows that
	// one-time cost as a phase of its own; the total is the same.
	cdknag.NewAwsSolutionsChecks(nil)
	phase("cdk-nag")
	stacks.NewAPIStack(app, "LambdaPerfApi", nil)
	phase("stack")
	app.Synth(nil)
	phase("synth")
}

func phase(name string) { fmt.Printf("phase %s %d\n", name, time.Now().UnixNano()) }
