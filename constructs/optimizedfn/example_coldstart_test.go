package optimizedfn_test

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// A Java handler from a folder of sources, compiled locally with javac into
// a reproducible jar: java21, SnapStart on the published version behind the
// alias, and JAVA_TOOL_OPTIONS stopping the JIT at C1.
func ExampleNew_java() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	optimizedfn.New(stack, jsii.String("Quote"), &optimizedfn.Props{
		Entry: "functions/java/quote", // src/main/java/... with a handleRequest method
	})
}

// A Python handler from a folder, dependencies vendored into it with
// `pip install --target`: python3.13, SnapStart on request.
func ExampleNew_python() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Reports"), nil)
	optimizedfn.New(stack, jsii.String("Percentiles"), &optimizedfn.Props{
		Entry:     "functions/python/percentiles",
		Handler:   "percentiles.handler",
		SnapStart: optimizedfn.SnapStartOn,
	})
}

// A .NET handler: the output folder of `dotnet publish -c Release -r
// linux-arm64 --self-contained false`, packaged as built (without debug
// symbols) on dotnet10, SnapStart on request. The target framework and
// runtime identifier are checked against the runtime and architecture.
func ExampleNew_dotnet() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:     "src/Checkout/bin/Release/net10.0/linux-arm64/publish",
		Handler:   "Checkout::Checkout.Function::Handle",
		SnapStart: optimizedfn.SnapStartOn,
	})
}

// Provisioned concurrency sized from the load, auto-scaled on utilization
// (target 0.7) and raised through weekday business hours.
func ExampleNew_provisionedConcurrency() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	p99 := 120 * time.Millisecond
	optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry: "functions/checkout/index.ts",
		ProvisionedConcurrency: &concurrency.Config{
			Min: concurrency.ForLoad(10, p99),
			AutoScaling: &concurrency.AutoScaling{
				Max: concurrency.ForLoad(200, p99),
				Schedules: []concurrency.Schedule{
					{Name: "Open", Cron: "cron(0 8 ? * MON-FRI *)", Min: 20, TimeZone: "Europe/Berlin"},
					{Name: "Close", Cron: "cron(0 19 ? * MON-FRI *)", Min: 2, TimeZone: "Europe/Berlin"},
				},
			},
		},
	})
}

// Autoscaling added after construction, once: a second call stops
// synthesis.
func ExampleFunction_EnableAutoScaling() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:                  "functions/checkout/index.ts",
		ProvisionedConcurrency: &concurrency.Config{Min: 2},
	})
	fn.EnableAutoScaling(&concurrency.AutoScaling{Max: 20})
}
