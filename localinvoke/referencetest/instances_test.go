package referencetest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/localinvoke"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// TestReferenceManagedInstancesFunctionUnderLoad runs the reference
// function on Managed Instances (stacks.NewInstancesStack,
// functions/node/instances) as `lambdaperf load` does: one execution
// environment with the function's own per-environment concurrency (Node.js:
// 64 per vCPU, 8 worker threads), every request exporting an item through
// /tmp against a DynamoDB stand-in that answers after 50 ms, so dozens of
// invocations overlap in each worker. The handler is safe for that: no
// errors, and no answer names another invocation's request id.
func TestReferenceManagedInstancesFunctionUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes the instances stack and runs 8 worker threads under load (about 20 s): skipped under -short")
	}
	dir, err := os.MkdirTemp("", "referencetest-instances-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	app := awscdk.NewApp(&awscdk.AppProps{
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Outdir:                          jsii.String(dir),
		Context:                         &map[string]any{"aws:cdk:enable-asset-metadata": true, "aws:cdk:enable-path-metadata": true},
	})
	stacks.NewInstancesStack(app, "Inst", nil)
	app.Synth(nil)

	fn, err := localinvoke.Load(dir, "Inst/InstancesApi")
	if err != nil {
		t.Fatal(err)
	}
	m := fn.ManagedInstances
	// optimizedfn writes Node.js's default, 64 per vCPU on 1 vCPU, into the
	// template; the runtime starts 8 worker threads per vCPU.
	if m == nil || m.Concurrency != 64 || m.LocalConcurrency != 64 || m.Workers != 8 || m.VCPUs != 1 || !strings.Contains(m.ConcurrencySource, "in the template") {
		t.Fatalf("managed instances %+v: want a concurrency of 64 from the template, 8 worker threads", m)
	}

	dynamo, getItems := fakeDynamo(t, 50*time.Millisecond)
	if err := fn.Override(map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": dynamo}); err != nil {
		t.Fatal(err)
	}

	rep, err := localinvoke.RunLoad(context.Background(), fn, localinvoke.LoadOptions{
		Ramp:  localinvoke.Ramp{From: 20, To: 100, Duration: 3 * time.Second},
		Event: []byte(`{"id": "42", "export": true}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	env := rep.ManagedInstances.Environments
	t.Logf("reference function on Managed Instances: %d answered, p50 %.1f ms, p99 %.1f ms, peak %d in flight, init %.0f ms, %d MB (shared machine)",
		rep.Answered, rep.Latency.P50, rep.Latency.P99, env.PeakInFlight, env.Init.Max, rep.MaxMemoryUsedMB)
	if rep.Scheduled != 180 || rep.Answered != rep.Scheduled || rep.Errors != 0 || rep.ColdStarts != 0 {
		t.Errorf("scheduled %d answered %d errors %d %v cold %d", rep.Scheduled, rep.Answered, rep.Errors, rep.ErrorExamples, rep.ColdStarts)
	}
	if rep.ManagedInstances.CrossTalk != 0 {
		t.Errorf("the reference handler leaked state between invocations: %s", rep.ManagedInstances.CrossTalkExample)
	}
	if env.Inits != 1 || env.PeakInFlight < 3 {
		t.Errorf("environments %+v: want one, with several invocations at once", env)
	}
	if got := getItems.Load(); got != int64(rep.Answered) {
		t.Errorf("%d GetItem calls for %d answers", got, rep.Answered)
	}
}
