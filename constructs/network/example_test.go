package network_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/network"
)

// A VPC for functions: two AZs, one NAT gateway, S3 and DynamoDB gateway
// endpoints and flow logs. Pass it as optimizedfn.Props.Network; each
// function gets its own security group with no inbound rules.
func ExampleNew() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	network.New(stack, jsii.String("Network"), nil)
}

// Without NAT: functions run in isolated subnets and reach AWS through
// endpoints only; add an interface endpoint for every service they call.
func ExampleNew_noNAT() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	none := 0
	network.New(stack, jsii.String("Network"), &network.Props{
		NatGateways:        &none,
		InterfaceEndpoints: []network.Endpoint{network.SecretsManager, network.CloudWatchLogs},
	})
}

// A VPC of your own, with what its subnets can reach, so functions placed
// there are warned about services they cannot call.
func ExampleImport() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	vpc := awsec2.Vpc_FromLookup(stack, jsii.String("Shared"), &awsec2.VpcLookupOptions{VpcName: jsii.String("shared")})
	network.Import(vpc, &network.ImportProps{
		Subnets: &awsec2.SubnetSelection{SubnetGroupName: jsii.String("app")},
		Egress:  &network.Egress{NatGateways: 2},
	})
}
