package cache_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/cache"
	"github.com/lambdaperf/lambdaperf/constructs/network"
)

// A shared Valkey cache in the functions' VPC. Connect each function that
// uses it (an *optimizedfn.Function with Props.Network set):
//
//	c.Connect(fn)
//
// which admits only that function's security group on 6379-6380 and sets
// CACHE_ENDPOINT and CACHE_PORT.
func ExampleNew() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	net := network.New(stack, jsii.String("Network"), nil)
	c := cache.New(stack, jsii.String("Cache"), &cache.Props{Network: net, MaxDataStorageGB: 10})

	p := c.Plan()
	fmt.Printf("Valkey %s, storage capped at %d GB, ECPU/s uncapped: %v\n", p.MajorEngineVersion, p.MaxDataStorageGB, p.MaxECPUPerSecond == 0)
	// Bad props are refused before anything is built, every problem at once.
	fmt.Println((&cache.Props{MaxDataStorageGB: 9000}).Validate())
	// Output:
	// Valkey 8, storage capped at 10 GB, ECPU/s uncapped: true
	// cache: Network is required: pass the network.Vpc (or network.Import) the functions that use the cache run in
	// cache: MaxDataStorageGB must be 1..5000 GB, got 9000: leave it 0 for no cap
}
