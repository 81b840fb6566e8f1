package optimizedfn_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/cache"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// A function in a VPC, with the secrets extension, Lambda Insights and a
// shared cache. It gets its own security group (no inbound rules, HTTPS
// egress); the layers follow its architecture and the stack's region; the
// secret's name, never its value, reaches its environment.
func ExampleNew_vpc() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	net := network.New(stack, jsii.String("Network"), nil)

	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:   "testdata/node/handler.ts",
		Network: net,
		Layers:  []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
	})
	key := awssecretsmanager.NewSecret(stack, jsii.String("PaymentsKey"), nil)
	extensions.UseSecret(fn, key, "PAYMENTS_KEY_SECRET_NAME")

	c := cache.New(stack, jsii.String("Cache"), &cache.Props{Network: net})
	c.Connect(fn) // CACHE_ENDPOINT, CACHE_PORT; the cache admits this function only

	p := fn.Plan()
	fmt.Println("in a VPC:", p.VPC, "- extensions:", p.Extensions)
	for _, w := range p.Warnings {
		fmt.Println("warning", w.ID)
	}
	// Output: in a VPC: true - extensions: [parameters-and-secrets lambda-insights]
}
