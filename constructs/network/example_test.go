package network_test

import (
	"fmt"

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
	vpc := network.New(stack, jsii.String("Network"), nil)

	p := vpc.Plan()
	fmt.Println(p.MaxAZs, "AZs,", p.NatGateways, "NAT gateway,", p.CIDR)
	fmt.Println("gateway endpoints:", p.GatewayEndpoints, "interface endpoints:", p.InterfaceEndpoints)
	fmt.Println("flow logs:", p.FlowLogTraffic, "kept", p.FlowLogRetention)
	// Output:
	// 2 AZs, 1 NAT gateway, 10.0.0.0/16
	// gateway endpoints: [s3 dynamodb] interface endpoints: []
	// flow logs: ALL kept ONE_MONTH
}

// Without NAT: functions run in isolated subnets and reach AWS through
// endpoints only; add an interface endpoint for every service they call.
// The egress tells a function's layers which services they cannot reach.
func ExampleNew_noNAT() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	none := 0
	vpc := network.New(stack, jsii.String("Network"), &network.Props{
		NatGateways:        &none,
		InterfaceEndpoints: []network.Endpoint{network.SecretsManager, network.CloudWatchLogs},
	})
	e := vpc.Egress()
	fmt.Println("NAT gateways:", e.NatGateways, "- endpoints:", e.Endpoints)
	fmt.Println("unreachable for a function calling SQS and Secrets Manager:", e.Missing(network.SQS, network.SecretsManager))
	// Output:
	// NAT gateways: 0 - endpoints: [s3 dynamodb secretsmanager logs]
	// unreachable for a function calling SQS and Secrets Manager: [sqs]
}

// A VPC of your own, with what its subnets can reach, so functions placed
// there are warned about services they cannot call.
func ExampleImport() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	// awsec2.Vpc_FromLookup finds it by name at synthesis (with credentials);
	// here its attributes are given.
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Shared"), &awsec2.VpcAttributes{
		VpcId:             jsii.String("vpc-0123456789abcdef0"),
		AvailabilityZones: jsii.Strings("eu-west-1a", "eu-west-1b"),
		PrivateSubnetIds:  jsii.Strings("subnet-0aaa", "subnet-0bbb"),
	})
	shared := network.Import(vpc, &network.ImportProps{
		Subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS},
		Egress:  &network.Egress{NatGateways: 2},
	})
	fmt.Println(*shared.Vpc().VpcId(), "- NAT gateways:", shared.Egress().NatGateways, "- nothing unreachable:", len(shared.Egress().Missing(network.SQS)) == 0)
	// Output: vpc-0123456789abcdef0 - NAT gateways: 2 - nothing unreachable: true
}
