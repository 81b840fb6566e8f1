package powertuning_test

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/powertuning"
	"github.com/lambdaperf/lambdaperf/costmodel"
)

// Deploy Power Tuning next to a function, then pin the size it found: the
// execution input (below; lambdaARN is filled after deployment) is a stack
// output and a file in cdk.out/powertuning.
func ExampleNew() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry: "../optimizedfn/testdata/node/handler.ts", // your handler, e.g. functions/checkout/index.ts
		// After a tuning run, commit its result and pin the pick:
		// MemorySize: powertuning.MustMemoryFrom("tuning/checkout.json", costmodel.StrategyBalanced),
	})
	t := powertuning.New(stack, jsii.String("Tuning"), &powertuning.Props{
		Functions: []*optimizedfn.Function{fn},
		Payload:   map[string]any{"rawPath": "/health"},
		Strategy:  costmodel.StrategyCost,
	})
	input, _ := json.Marshal(t.Input("Checkout"))
	fmt.Println(string(input))
	// Output: {"includeOutputResults":true,"lambdaARN":"${LambdaARN}","num":50,"payload":{"rawPath":"/health"},"powerValues":[128,256,512,1024,1536,1769,3008],"strategy":"cost"}
}
