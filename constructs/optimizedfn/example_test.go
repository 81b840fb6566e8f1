package optimizedfn_test

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// A Node.js handler with the playbook's defaults: arm64, 1,024 MiB, a
// minified, tree-shaken ES module bundle with the AWS SDK clients it
// imports inside (SDKBundled), JSON logs kept a month, X-Ray, and a `live`
// alias on a published version.
func ExampleNew() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)

	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:       "testdata/node/handler.ts", // your handler, e.g. functions/checkout/index.ts
		Profile:     optimizedfn.IOBound,        // waits on DynamoDB: 512 MiB
		Timeout:     5 * time.Second,
		Environment: map[string]string{"STAGE": "prod"},
	})
	// Callers target the alias, never $LATEST.
	fn.Alias().AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})

	p := fn.Plan()
	fmt.Println(p.Runtime, p.Architecture, p.MemoryMiB, "MiB", p.Timeout, "alias", p.AliasName)
	fmt.Println("bundle:", p.Format, "for", p.EsbuildTarget, "with the SDK", p.SDK)
	fmt.Println("JSON logs at", p.AppLogLevel, "kept", p.LogRetention, "- X-Ray", p.Tracing)
	// Output:
	// nodejs24.x arm64 512 MiB 5s alias live
	// bundle: esm-split for node24 with the SDK bundled
	// JSON logs at INFO kept ONE_MONTH - X-Ray ACTIVE
}

// A Go handler: the folder of a main package, built locally into a lean
// `bootstrap` for provided.al2023.
func ExampleNew_go() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := optimizedfn.New(stack, jsii.String("Worker"), &optimizedfn.Props{
		Entry:   "testdata/gofn",         // your main package, e.g. functions/go/cmd/worker
		Profile: optimizedfn.Parallel(2), // two full vCPUs: 3,538 MiB
	})
	p := fn.Plan()
	fmt.Println(p.Kind, p.Runtime, p.Handler, p.Architecture, p.MemoryMiB, "MiB,", p.VCPUs(), "vCPUs")
	// Output:
	// Go provided.al2023 bootstrap arm64 3538 MiB, 2 vCPUs
}

// Validate checks props without synthesizing anything, so a CI job or a
// unit test can catch bad settings in milliseconds.
func ExampleProps_Validate() {
	err := (&optimizedfn.Props{Entry: "testdata/node/handler.ts", MemorySize: 64}).Validate()
	fmt.Println(err)
	// Output: optimizedfn: MemorySize must be 128..10240 MiB, got 64: pick a Profile or a size in range
}

// Memory buys CPU: a profile names the workload, not a number.
func ExampleParallel() {
	p := optimizedfn.Parallel(2)
	fmt.Println(p.Name(), p.MemoryMiB(), "MiB")
	// Output: parallel(2) 3538 MiB
}
