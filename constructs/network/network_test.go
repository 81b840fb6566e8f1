package network_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/network"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// newStack is a unit-test stack: the built-in CloudFormation validator is
// off (the reference stack tests keep it on, strict).
func newStack(t *testing.T) awscdk.Stack {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
	return awscdk.NewStack(app, jsii.String("S"), nil)
}

func zero() *int { n := 0; return &n }

func subnetsByType(tpl map[string]any) (public, private []map[string]any) {
	for _, s := range cdktest.Resources(tpl, "AWS::EC2::Subnet") {
		p := cdktest.Props(s)
		for _, tag := range p["Tags"].([]any) {
			tag := tag.(map[string]any)
			if tag["Key"] == "aws-cdk:subnet-type" {
				if tag["Value"] == "Public" {
					public = append(public, p)
				} else {
					private = append(private, p)
				}
			}
		}
	}
	return public, private
}

func TestDefaultVPC(t *testing.T) {
	stack := newStack(t)
	network.New(stack, jsii.String("Net"), nil)
	tpl := cdktest.Template(t, stack)

	public, private := subnetsByType(tpl)
	if len(public) != 2 || len(private) != 2 {
		t.Fatalf("%d public and %d private subnets, want 2 and 2 (two AZs)", len(public), len(private))
	}
	for _, s := range public {
		if s["MapPublicIpOnLaunch"] != false || !strings.HasSuffix(s["CidrBlock"].(string), "/24") {
			t.Errorf("public subnet %v: want /24 without public IPs on launch (NAT only)", s)
		}
	}
	for _, s := range private {
		if !strings.HasSuffix(s["CidrBlock"].(string), "/20") {
			t.Errorf("function subnet %v: want /20", s["CidrBlock"])
		}
	}
	if n := len(cdktest.Resources(tpl, "AWS::EC2::NatGateway")); n != 1 {
		t.Errorf("%d NAT gateways, want 1", n)
	}

	endpoints := cdktest.Resources(tpl, "AWS::EC2::VPCEndpoint")
	services := map[string]bool{}
	for _, e := range endpoints {
		p := cdktest.Props(e)
		if p["VpcEndpointType"] != "Gateway" {
			t.Errorf("endpoint %v is not a gateway", p["ServiceName"])
		}
		b, _ := json.Marshal(p["ServiceName"])
		for _, svc := range []string{"s3", "dynamodb"} {
			if strings.Contains(string(b), "."+svc) {
				services[svc] = true
			}
		}
		if rts := p["RouteTableIds"].([]any); len(rts) != 2 {
			t.Errorf("gateway endpoint routes %d route tables, want the 2 function subnets'", len(rts))
		}
	}
	if len(endpoints) != 2 || !services["s3"] || !services["dynamodb"] {
		t.Errorf("gateway endpoints %v, want S3 and DynamoDB", services)
	}

	_, flow := cdktest.Only(t, tpl, "AWS::EC2::FlowLog")
	fp := cdktest.Props(flow)
	if fp["TrafficType"] != "ALL" || fp["LogDestinationType"] != "cloud-watch-logs" || fp["ResourceType"] != "VPC" {
		t.Errorf("flow log %v: want ALL traffic of the VPC to CloudWatch Logs", fp)
	}
	_, lg := cdktest.Only(t, tpl, "AWS::Logs::LogGroup")
	if cdktest.Props(lg)["RetentionInDays"] != 30.0 {
		t.Errorf("flow log retention %v, want 30 days", cdktest.Props(lg)["RetentionInDays"])
	}
}

func TestNoNATMeansIsolatedSubnetsAndNoInternetGateway(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), &network.Props{
		NatGateways:        zero(),
		InterfaceEndpoints: []network.Endpoint{network.SecretsManager, network.CloudWatchLogs},
	})
	tpl := cdktest.Template(t, stack)
	public, private := subnetsByType(tpl)
	if len(public) != 0 || len(private) != 2 {
		t.Errorf("%d public, %d private subnets; want 0 and 2", len(public), len(private))
	}
	for _, typ := range []string{"AWS::EC2::InternetGateway", "AWS::EC2::NatGateway"} {
		if n := len(cdktest.Resources(tpl, typ)); n != 0 {
			t.Errorf("%d %s without NAT", n, typ)
		}
	}
	interfaces := 0
	for _, e := range cdktest.Resources(tpl, "AWS::EC2::VPCEndpoint") {
		p := cdktest.Props(e)
		if p["VpcEndpointType"] == "Interface" {
			interfaces++
			if p["PrivateDnsEnabled"] != true || len(p["SubnetIds"].([]any)) != 2 {
				t.Errorf("interface endpoint %v: want private DNS in both function subnets", p["ServiceName"])
			}
		}
	}
	if interfaces != 2 {
		t.Errorf("%d interface endpoints, want 2", interfaces)
	}
	// One endpoint security group: HTTPS from the VPC's range only, as a
	// literal CIDR that rule packs can check.
	groupID, group := cdktest.Only(t, tpl, "AWS::EC2::SecurityGroup")
	if in := ingress(group); len(in) != 1 || in[0]["FromPort"] != 443.0 || in[0]["ToPort"] != 443.0 || in[0]["CidrIp"] != "10.0.0.0/16" {
		t.Errorf("endpoint group admits %v, want HTTPS from 10.0.0.0/16", in)
	}
	for _, e := range cdktest.Resources(tpl, "AWS::EC2::VPCEndpoint") {
		if p := cdktest.Props(e); p["VpcEndpointType"] == "Interface" {
			b, _ := json.Marshal(p["SecurityGroupIds"])
			if !strings.Contains(string(b), groupID) {
				t.Errorf("endpoint %v is not in the endpoint group: %s", p["ServiceName"], b)
			}
		}
	}
	if e := net.Egress(); e.NatGateways != 0 || len(e.Missing(network.SecretsManager, network.CloudWatchLogs, network.S3, network.DynamoDB)) != 0 {
		t.Errorf("Egress = %+v", e)
	}
}

func ingress(sg map[string]any) []map[string]any {
	var out []map[string]any
	rules, _ := cdktest.Props(sg)["SecurityGroupIngress"].([]any)
	for _, r := range rules {
		out = append(out, r.(map[string]any))
	}
	return out
}

func TestPlaceCreatesAClosedSecurityGroupAndGrantsENIs(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), nil)
	role := awsiam.NewRole(stack, jsii.String("Role"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})
	placement, err := network.Place(stack, net, nil, role)
	if err != nil {
		t.Fatal(err)
	}
	if placement.SecurityGroup == nil || *placement.Subnets.SubnetGroupName != network.FunctionSubnetGroup {
		t.Fatalf("placement %+v", placement)
	}
	tpl := cdktest.Template(t, stack)
	var fnGroup map[string]any
	for id, sg := range cdktest.Resources(tpl, "AWS::EC2::SecurityGroup") {
		if strings.HasPrefix(id, "SecurityGroup") {
			fnGroup = sg
		}
	}
	if fnGroup == nil {
		t.Fatal("no function security group")
	}
	if len(ingress(fnGroup)) != 0 {
		t.Errorf("the function security group has inbound rules: %v", ingress(fnGroup))
	}
	egress := cdktest.Props(fnGroup)["SecurityGroupEgress"].([]any)
	if len(egress) != 1 || egress[0].(map[string]any)["FromPort"] != 443.0 || egress[0].(map[string]any)["IpProtocol"] != "tcp" {
		t.Errorf("egress %v, want HTTPS only", egress)
	}
	var policy map[string]any
	for id, p := range cdktest.Resources(tpl, "AWS::IAM::Policy") {
		if strings.HasPrefix(id, "RoleDefaultPolicy") {
			policy = p
		}
	}
	if policy == nil {
		t.Fatal("the role has no policy")
	}
	b, _ := json.Marshal(cdktest.Props(policy))
	for _, a := range []string{"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces"} {
		if !strings.Contains(string(b), a) {
			t.Errorf("role policy lacks %s", a)
		}
	}
	meta, _ := json.Marshal(policy["Metadata"])
	if !strings.Contains(string(meta), "AwsSolutions-IAM5") || !strings.Contains(string(meta), "Hyperplane") {
		t.Errorf("the ENI wildcard is not explained for cdk-nag: %s", meta)
	}
}

func TestPlaceRefusesPublicSubnets(t *testing.T) {
	stack := newStack(t)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), nil)
	msg := cdktest.Panics(func() {
		_, err := network.Place(stack, network.Import(vpc, &network.ImportProps{
			Subnets: &awsec2.SubnetSelection{SubnetGroupName: jsii.String("Public")},
		}), nil, nil)
		if err != nil {
			panic(err.Error())
		}
	})
	if !strings.Contains(msg, "the function subnets are public") {
		t.Errorf("public subnets selected by name: %q", msg)
	}
	_, err := network.Place(stack, network.Import(vpc, &network.ImportProps{
		Subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC},
	}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "public") {
		t.Errorf("public subnets selected by type: %v", err)
	}
	if _, err := network.Place(stack, network.Import(vpc, nil), nil, nil); err != nil {
		t.Errorf("private subnets of an imported VPC: %v", err)
	}
}

// Invalid props stop synthesis through New, with every problem.
func TestNewRefusesBadProps(t *testing.T) {
	stack := newStack(t)
	three := 3
	msg := cdktest.Panics(func() {
		network.New(stack, jsii.String("Net"), &network.Props{NatGateways: &three, InterfaceEndpoints: []network.Endpoint{"dynamo"}})
	})
	for _, want := range []string{`network "S/Net": NatGateways must be 0..2`, "unknown services dynamo"} {
		if !strings.Contains(msg, want) {
			t.Errorf("New panicked with %q, want %q", msg, want)
		}
	}
}
