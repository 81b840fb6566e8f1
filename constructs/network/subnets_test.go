package network_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/network"
)

// TestPlaceExplainsMissingSubnets: a VPC without the subnets a function
// needs is lambdaperf's error, with what the VPC has and the fix, instead
// of CDK's "There are no 'Private' subnet groups in this VPC" from jsii.
func TestPlaceExplainsMissingSubnets(t *testing.T) {
	stack := newStack(t)
	publicOnly := awsec2.NewVpc(stack, jsii.String("Public"), &awsec2.VpcProps{NatGateways: jsii.Number(0), MaxAzs: jsii.Number(2),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{{Name: jsii.String("Pub"), SubnetType: awsec2.SubnetType_PUBLIC}}})
	isolatedOnly := awsec2.NewVpc(stack, jsii.String("Isolated"), &awsec2.VpcProps{NatGateways: jsii.Number(0), MaxAzs: jsii.Number(2),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{{Name: jsii.String("Iso"), SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED}}})
	attributes := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Attrs"), &awsec2.VpcAttributes{VpcId: jsii.String("vpc-1"),
		AvailabilityZones: jsii.Strings("eu-west-1a"), PublicSubnetIds: jsii.Strings("subnet-1")})
	cases := []struct {
		name string
		net  network.Network
		want string
	}{
		{"a VPC of public subnets", network.Import(publicOnly, nil),
			"the VPC has no private or isolated subnets to be the function subnets (type PRIVATE_WITH_EGRESS): it has 2 public, 0 private (with egress) and 0 isolated subnets. A function in a VPC gets no public IP, so functions (and caches) run in private subnets: add private subnets with a NAT gateway to the VPC, or use network.New"},
		{"a VPC from attributes with public subnets only", network.Import(attributes, nil), "it has 1 public, 0 private (with egress) and 0 isolated subnets"},
		{"a VPC of isolated subnets, private ones asked for", network.Import(isolatedOnly, nil),
			"the VPC has no private subnets with egress to be the function subnets (type PRIVATE_WITH_EGRESS): it has 0 public, 0 private (with egress) and 2 isolated subnets. To use the isolated ones (which reach AWS only through VPC endpoints), import the VPC with network.ImportProps{Subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED}}"},
		{"a group name the VPC lacks", network.Import(isolatedOnly, &network.ImportProps{Subnets: &awsec2.SubnetSelection{SubnetGroupName: jsii.String("Functions")}}),
			"the VPC has no subnets that match the function subnet selection (group Functions): it has 0 public, 0 private (with egress) and 2 isolated subnets (CDK: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if msg := cdktest.Panics(func() { _, err = network.Place(stack, c.net, nil, nil) }); msg != "" {
				t.Fatalf("Place panicked (a raw CDK error): %s", msg)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
		})
	}
	iso := network.Import(isolatedOnly, &network.ImportProps{Subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED}})
	if _, err := network.Place(stack, iso, nil, nil); err != nil {
		t.Errorf("the isolated subnets, selected as the fix says: %v", err)
	}
}

func TestFlowLogRetentionIsChecked(t *testing.T) {
	_, err := network.Resolve("Net", &network.Props{FlowLogRetention: awslogs.RetentionDays("14")})
	if err == nil || !strings.Contains(err.Error(), `network "Net": FlowLogRetention "14" is a number of days, not an awslogs.RetentionDays: use awslogs.RetentionDays_TWO_WEEKS (14 days)`) {
		t.Errorf("error: %v", err)
	}
	if _, err := network.Resolve("Net", &network.Props{FlowLogRetention: awslogs.RetentionDays_ONE_YEAR}); err != nil {
		t.Errorf("ONE_YEAR: %v", err)
	}
}
