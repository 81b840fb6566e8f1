package cache_test

import (
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
	cache.New(stack, jsii.String("Cache"), &cache.Props{Network: net, MaxDataStorageGB: 10})
}
