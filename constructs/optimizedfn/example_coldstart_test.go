package optimizedfn_test

import (
	"fmt"
	"path/filepath"
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
	fn := optimizedfn.New(stack, jsii.String("Quote"), &optimizedfn.Props{
		Entry:   "testdata/javafn", // your sources, e.g. functions/java/quote: com/... with a handleRequest method
		Handler: "com.example.hello.Hello::handleRequest",
	})
	p := fn.Plan()
	fmt.Println(p.Kind, p.Runtime, p.Architecture, "SnapStart:", p.SnapStart)
	fmt.Println("JAVA_TOOL_OPTIONS =", p.Environment["JAVA_TOOL_OPTIONS"])
	// Output:
	// Java java21 arm64 SnapStart: true
	// JAVA_TOOL_OPTIONS = -XX:+TieredCompilation -XX:TieredStopAtLevel=1
}

// A Python handler from a folder, dependencies vendored into it with
// `pip install --target`: python3.13, SnapStart on request.
func ExampleNew_python() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Reports"), nil)
	fn := optimizedfn.New(stack, jsii.String("Percentiles"), &optimizedfn.Props{
		Entry:     "testdata/pyfn", // your package folder, e.g. functions/python/percentiles
		Handler:   "index.handler",
		SnapStart: optimizedfn.SnapStartOn,
	})
	p := fn.Plan()
	fmt.Println(p.Kind, p.Runtime, p.Handler, "SnapStart:", p.SnapStart, "requirements:", filepath.Base(p.PythonRequirements))
	// Output:
	// Python python3.13 index.handler SnapStart: true requirements: requirements.txt
}

// A .NET handler: the output folder of `dotnet publish -c Release -r
// linux-arm64 --self-contained false`, packaged as built (without debug
// symbols) on dotnet10, SnapStart on request. The target framework and
// runtime identifier are checked against the runtime and architecture.
func ExampleNew_dotnet() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:     "testdata/dotnetfn", // your publish folder, e.g. src/Checkout/bin/Release/net10.0/linux-arm64/publish
		Handler:   "Orders::Orders.Function::Handle",
		SnapStart: optimizedfn.SnapStartOn,
	})
	p := fn.Plan()
	fmt.Println(p.Kind, p.Runtime, p.Architecture, p.Handler, "SnapStart:", p.SnapStart)
	// Output:
	// .NET dotnet10 arm64 Orders::Orders.Function::Handle SnapStart: true
}

// Provisioned concurrency sized from the load, auto-scaled on utilization
// (target 0.7) and raised through weekday business hours.
func ExampleNew_provisionedConcurrency() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	p99 := 120 * time.Millisecond
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry: "testdata/node/handler.ts",
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
	c := fn.Plan().Concurrency
	fmt.Printf("provisioned %d..%d, target utilization %.1f\n", c.Min, c.Max, c.TargetUtilization)
	for _, s := range c.Schedules {
		fmt.Println(s.Name, s.Cron, s.TimeZone, "min", s.Min)
	}
	// Output:
	// provisioned 2..35, target utilization 0.7
	// Open cron(0 8 ? * MON-FRI *) Europe/Berlin min 20
	// Close cron(0 19 ? * MON-FRI *) Europe/Berlin min 2
}

// Autoscaling added after construction, once: a second call stops
// synthesis.
func ExampleFunction_EnableAutoScaling() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:                  "testdata/node/handler.ts",
		ProvisionedConcurrency: &concurrency.Config{Min: 2},
	})
	fn.EnableAutoScaling(&concurrency.AutoScaling{Max: 20})
	c := fn.Plan().Concurrency
	fmt.Println("static:", c.Static, "min", c.Min, "max", c.Max)
	defer func() { fmt.Println("second call:", recover()) }()
	fn.EnableAutoScaling(&concurrency.AutoScaling{Max: 40})
	// Output:
	// static: false min 2 max 20
	// second call: optimizedfn "Orders/Checkout": EnableAutoScaling: autoscaling is already enabled (Min 2, Max 20, target 0.7): enable it once, with every schedule in the same AutoScaling
}
