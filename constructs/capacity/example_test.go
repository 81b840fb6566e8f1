package capacity_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// A capacity provider with the defaults (Graviton instances in the
// network's private subnets, a 50 % CPU target, at most 64 vCPUs) and a
// function on it. The alias "live" is the invoke target.
func ExampleNew() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	net := network.New(stack, jsii.String("Network"), nil)
	cp := capacity.New(stack, jsii.String("Capacity"), &capacity.Props{Network: net})
	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry:            "../optimizedfn/testdata/node/handler.ts",
		ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp},
	})
	plan := cp.Plan()
	mi := fn.Plan().ManagedInstances
	fmt.Println(plan.String())
	fmt.Printf("%d MiB, %g GiB per vCPU, %d concurrent invocations per environment (%s)\n",
		fn.Plan().MemoryMiB, mi.MemoryGiBPerVCPU, mi.PerEnvironmentMaxConcurrency, mi.ConcurrencySource)
	// Output:
	// arm64 instances, at most 64 vCPUs, CPU target 50 %
	// 2048 MiB, 2 GiB per vCPU, 64 concurrent invocations per environment (Node.js default: 64 per vCPU x 1 vCPU)
}

// Resolve checks props in plain Go, without synthesis.
func ExampleResolve() {
	_, err := capacity.Resolve("Orders/Capacity", &capacity.Props{MaxVCPUs: 8})
	fmt.Println(err)
	// Output:
	// capacity "Orders/Capacity": Network is required: pass network.New(...) or network.Import(vpc, nil); the instances run in its private function subnets
	// capacity "Orders/Capacity": MaxVCPUs must be 12..15000 vCPUs, got 8: aws-cdk-lib's capacity provider refuses fewer than 12 (the API's minimum is 2), and Lambda starts 3 instances
}
