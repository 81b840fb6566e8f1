package monitoring_test

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
)

// A dashboard and alarms for a plain function. With an optimized function,
// monitoring.FromOptimized(fn) fills the target from its plan instead: the
// alias, memory, architecture and JSON log group that give cold starts,
// memory used and cost.
func ExampleNew() {
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := awslambda.NewFunction(stack, jsii.String("Checkout"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_NODEJS_24_X(),
		Handler:      jsii.String("index.handler"),
		Code:         awslambda.Code_FromInline(jsii.String("exports.handler = async () => ({})")),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(6)),
		MemorySize:   jsii.Number(1024),
		Architecture: awslambda.Architecture_ARM_64(),
	})
	alias := fn.AddAlias(jsii.String("live"), nil)

	target := monitoring.FromFunction(fn, 6*time.Second)
	target.Alias, target.MemoryMiB = alias, 1024
	target.LatencySLO = 800 * time.Millisecond
	// Two error-rate alarms, as cdk-monitoring-constructs labels them.
	target.Alarms.ErrorRate = map[string]monitoring.ErrorRateThreshold{
		"Warning":  {MaxPercent: 0.5},
		"Critical": {MaxPercent: 2},
	}
	m := monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{
		Functions: []monitoring.Target{target},
	})

	for _, a := range m.Plan().Functions[0].Alarms {
		fmt.Printf("%-10s %-8s > %v\n", a.Kind, a.Label, a.Threshold)
	}
	// Output:
	// LatencyP99 Critical > 800
	// ErrorRate  Critical > 2
	// ErrorRate  Warning  > 0.5
	// Throttles  Critical > 0
}
