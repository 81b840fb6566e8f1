// Package network builds a VPC made for Lambda functions and places
// functions in it.
//
// The VPC spans two Availability Zones by default. Functions run in private
// subnets (one /20 per AZ); public subnets exist only to hold NAT gateways,
// and with NatGateways 0 there are none: functions then run in isolated
// subnets and reach AWS only through VPC endpoints. S3 and DynamoDB gateway
// endpoints (free) are on by default, interface endpoints (Secrets Manager,
// SSM, CloudWatch Logs, ...) are opt-in, and flow logs record all traffic
// to a CloudWatch log group with retention.
//
// # Hyperplane ENIs: nothing to pre-create
//
// Lambda connects functions to a VPC through Hyperplane ENIs, created when
// the function is created or its VPC configuration changes, not at
// invocation, so VPC access adds no cold-start time. Lambda shares one ENI
// per subnet and security group combination across every execution
// environment, and across functions: functions that share a security group
// (and subnets) share ENIs, so a new function in an existing combination
// starts without new ENIs. There is nothing to pre-create or warm.
// Place gives each function its own security group by default (no inbound
// rules, HTTPS egress), which costs one ENI per subnet per function; pass
// one group to several functions that need the same access to share ENIs.
// See https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
// and https://aws.amazon.com/blogs/compute/announcing-improved-vpc-networking-for-aws-lambda-functions/.
package network

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/nag"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Vpc is a VPC made for functions, with its endpoints and flow log. It is a
// Network: pass it as optimizedfn.Props.Network.
type Vpc struct {
	constructs.Construct
	plan       *Plan
	vpc        awsec2.Vpc
	flowLog    awsec2.FlowLog
	flowLogs   awslogs.LogGroup
	gateways   map[Endpoint]awsec2.GatewayVpcEndpoint
	interfaces map[Endpoint]awsec2.InterfaceVpcEndpoint
	// endpointGroup guards the interface endpoints; nil without any.
	endpointGroup awsec2.SecurityGroup
}

// New builds a VPC for functions. props may be nil. Invalid props stop
// synthesis with every problem listed.
func New(scope constructs.Construct, id *string, props *Props) *Vpc {
	path := *id
	if parent := *scope.Node().Path(); parent != "" {
		path = parent + "/" + path
	}
	plan, err := Resolve(path, props)
	if err != nil {
		panic(err)
	}
	v := &Vpc{plan: plan, gateways: map[Endpoint]awsec2.GatewayVpcEndpoint{}, interfaces: map[Endpoint]awsec2.InterfaceVpcEndpoint{}}
	constructs.NewConstruct_Override(v, scope, id)
	v.build()
	return v
}

func (v *Vpc) build() {
	p := v.plan
	var subnets []*awsec2.SubnetConfiguration
	if p.NatGateways > 0 {
		subnets = append(subnets, &awsec2.SubnetConfiguration{
			Name:                jsii.String(PublicSubnetGroup),
			SubnetType:          awsec2.SubnetType_PUBLIC,
			CidrMask:            jsii.Number(PublicSubnetMask),
			MapPublicIpOnLaunch: jsii.Bool(false), // NAT gateways have Elastic IPs; nothing else lives here
		})
	}
	subnets = append(subnets, &awsec2.SubnetConfiguration{
		Name:       jsii.String(FunctionSubnetGroup),
		SubnetType: p.FunctionSubnetType(),
		CidrMask:   jsii.Number(FunctionSubnetMask),
	})
	v.vpc = awsec2.NewVpc(v, jsii.String("Vpc"), &awsec2.VpcProps{
		IpAddresses:         awsec2.IpAddresses_Cidr(jsii.String(p.CIDR)),
		MaxAzs:              jsii.Number(p.MaxAZs),
		NatGateways:         jsii.Number(p.NatGateways),
		SubnetConfiguration: &subnets,
	})

	v.flowLogs = awslogs.NewLogGroup(v, jsii.String("FlowLogs"), &awslogs.LogGroupProps{
		Retention: p.FlowLogRetention,
	})
	v.flowLog = v.vpc.AddFlowLog(jsii.String("FlowLog"), &awsec2.FlowLogOptions{
		Destination: awsec2.FlowLogDestination_ToCloudWatchLogs(v.flowLogs, nil),
		TrafficType: p.FlowLogTraffic,
	})

	functions := v.FunctionSubnets()
	for _, e := range p.GatewayEndpoints {
		service := awsec2.GatewayVpcEndpointAwsService_S3()
		if e == DynamoDB {
			service = awsec2.GatewayVpcEndpointAwsService_DYNAMODB()
		}
		v.gateways[e] = v.vpc.AddGatewayEndpoint(jsii.String(endpointID(e)), &awsec2.GatewayVpcEndpointOptions{
			Service: service,
			Subnets: &[]*awsec2.SubnetSelection{functions},
		})
	}
	if len(p.InterfaceEndpoints) > 0 {
		// One group for every interface endpoint: HTTPS in from the VPC's
		// range (a literal, so rule packs can check it), nothing out.
		v.endpointGroup = awsec2.NewSecurityGroup(v, jsii.String("EndpointSecurityGroup"), &awsec2.SecurityGroupProps{
			Vpc:              v.vpc,
			Description:      jsii.String("Interface VPC endpoints: HTTPS from the VPC only"),
			AllowAllOutbound: jsii.Bool(false),
		})
		v.endpointGroup.AddIngressRule(awsec2.Peer_Ipv4(jsii.String(p.CIDR)), awsec2.Port_Tcp(jsii.Number(443)),
			jsii.String("HTTPS from the VPC to AWS APIs"), nil)
	}
	for _, e := range p.InterfaceEndpoints {
		v.interfaces[e] = v.vpc.AddInterfaceEndpoint(jsii.String(endpointID(e)), &awsec2.InterfaceVpcEndpointOptions{
			Service:           interfaceServices[e](),
			Subnets:           functions,
			PrivateDnsEnabled: jsii.Bool(true),
			Open:              jsii.Bool(false),
			SecurityGroups:    &[]awsec2.ISecurityGroup{v.endpointGroup},
		})
	}
	problems.Warn(v, p.Warnings)
}

// endpointID is the construct ID of an endpoint: "SecretsManagerEndpoint".
func endpointID(e Endpoint) string {
	names := map[Endpoint]string{S3: "S3", DynamoDB: "DynamoDB", SecretsManager: "SecretsManager", SSM: "Ssm",
		CloudWatchLogs: "Logs", CloudWatchMonitoring: "Monitoring", KMS: "Kms", STS: "Sts", SQS: "Sqs", SNS: "Sns",
		EventBridge: "Events", Lambda: "Lambda", XRay: "XRay"}
	return names[e] + "Endpoint"
}

// Vpc is the VPC.
func (v *Vpc) Vpc() awsec2.IVpc { return v.vpc }

// FunctionSubnets selects the private (or, without NAT, isolated) subnets
// that functions, caches and databases run in.
func (v *Vpc) FunctionSubnets() *awsec2.SubnetSelection {
	return &awsec2.SubnetSelection{SubnetGroupName: jsii.String(FunctionSubnetGroup)}
}

// Egress says how the function subnets reach AWS APIs.
func (v *Vpc) Egress() *Egress { return v.plan.Egress() }

// FlowLog is the VPC's flow log.
func (v *Vpc) FlowLog() awsec2.FlowLog { return v.flowLog }

// FlowLogGroup is the log group the flow log writes to.
func (v *Vpc) FlowLogGroup() awslogs.LogGroup { return v.flowLogs }

// InterfaceEndpoint returns the interface endpoint of a service, or nil when
// Props.InterfaceEndpoints did not ask for it.
func (v *Vpc) InterfaceEndpoint(e Endpoint) awsec2.InterfaceVpcEndpoint { return v.interfaces[e] }

// EndpointSecurityGroup is the security group of the interface endpoints
// (HTTPS from the VPC's range), or nil without interface endpoints.
func (v *Vpc) EndpointSecurityGroup() awsec2.SecurityGroup { return v.endpointGroup }

// GatewayEndpoint returns the S3 or DynamoDB gateway endpoint, or nil.
func (v *Vpc) GatewayEndpoint(e Endpoint) awsec2.GatewayVpcEndpoint { return v.gateways[e] }

// Plan is the resolved configuration (defaults applied).
func (v *Vpc) Plan() Plan {
	p := *v.plan
	p.GatewayEndpoints = append([]Endpoint(nil), v.plan.GatewayEndpoints...)
	p.InterfaceEndpoints = append([]Endpoint(nil), v.plan.InterfaceEndpoints...)
	p.Warnings = append([]Warning(nil), v.plan.Warnings...)
	return p
}

// imported is a VPC of the user's own.
type imported struct {
	vpc     awsec2.IVpc
	subnets *awsec2.SubnetSelection
	egress  *Egress
}

// Import makes a VPC of your own (awsec2.Vpc_FromLookup, a Vpc of another
// construct, ...) a Network that functions can be placed in. props may be
// nil.
func Import(vpc awsec2.IVpc, props *ImportProps) Network {
	im := &imported{vpc: vpc, subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}}
	if props != nil {
		if props.Subnets != nil {
			im.subnets = props.Subnets
		}
		if props.Egress != nil {
			e := *props.Egress
			e.Endpoints = append([]Endpoint(nil), props.Egress.Endpoints...)
			im.egress = &e
		}
	}
	return im
}

func (im *imported) Vpc() awsec2.IVpc                         { return im.vpc }
func (im *imported) FunctionSubnets() *awsec2.SubnetSelection { return im.subnets }
func (im *imported) Egress() *Egress                          { return im.egress }

// Placement is where one function runs: the VPC, its subnets and its
// security group, ready for awslambda.FunctionOptions.
type Placement struct {
	// Vpc the function runs in.
	Vpc awsec2.IVpc
	// Subnets the function's network interfaces go in (private subnets).
	Subnets *awsec2.SubnetSelection
	// SecurityGroup of the function.
	SecurityGroup awsec2.ISecurityGroup
}

// Place puts one function in net: it refuses public subnets, creates the
// function's own security group under scope (ID "SecurityGroup") unless sg
// is given, and grants role the network-interface permissions Lambda uses
// to attach the function's Hyperplane ENIs. A role of your own that CDK
// cannot change (imported) needs those permissions already
// (AWSLambdaVPCAccessExecutionRole's actions).
func Place(scope constructs.Construct, net Network, sg awsec2.ISecurityGroup, role awsiam.IRole) (*Placement, error) {
	if net == nil || net.Vpc() == nil {
		return nil, errors.New("the network has no VPC: pass network.New(...) or network.Import(vpc, nil)")
	}
	sel := net.FunctionSubnets()
	if err := CheckSubnets(sel); err != nil {
		return nil, err
	}
	selected, err := SelectSubnets(net.Vpc(), sel)
	if err != nil {
		return nil, err
	}
	if selected.HasPublic != nil && *selected.HasPublic {
		return nil, errors.New(publicSubnetsMessage)
	}
	if n := len(*selected.SubnetIds); n == 0 {
		return nil, fmt.Errorf("the function subnet selection matches no subnet of the VPC: select private subnets that exist (%s)", describe(sel))
	}
	if sg == nil {
		sg = NewFunctionSecurityGroup(scope, jsii.String("SecurityGroup"), net.Vpc())
	}
	if role != nil {
		GrantNetworkInterfaces(role)
	}
	return &Placement{Vpc: net.Vpc(), Subnets: sel, SecurityGroup: sg}, nil
}

// SelectSubnets resolves a subnet selection in vpc, as vpc.SelectSubnets
// does, but a VPC without the subnets asked for (an imported VPC with only
// public subnets, a group name it lacks) is an error that says what the
// VPC has and how to place functions in it, where CDK throws from deep in
// jsii ("There are no 'Private' subnet groups in this VPC").
func SelectSubnets(vpc awsec2.IVpc, sel *awsec2.SubnetSelection) (selected *awsec2.SelectedSubnets, err error) {
	defer func() {
		if r := recover(); r != nil {
			selected, err = nil, noSubnets(vpc, sel, r)
		}
	}()
	return vpc.SelectSubnets(sel), nil
}

// noSubnets explains a selection CDK could not resolve (cause).
func noSubnets(vpc awsec2.IVpc, sel *awsec2.SubnetSelection, cause any) error {
	count := func(subnets *[]awsec2.ISubnet) int {
		if subnets == nil {
			return 0
		}
		return len(*subnets)
	}
	public, private, isolated := count(vpc.PublicSubnets()), count(vpc.PrivateSubnets()), count(vpc.IsolatedSubnets())
	has := fmt.Sprintf("it has %d public, %d private (with egress) and %d isolated subnets", public, private, isolated)
	wanted := describe(sel)
	if sel == nil || sel.SubnetType == "" {
		// A group name or explicit subnets: CDK's message names the groups the VPC has.
		has += fmt.Sprintf(" (CDK: %v)", cause)
	}
	switch {
	case private == 0 && isolated == 0:
		return fmt.Errorf("the VPC has no private or isolated subnets to be the function subnets (%s): %s. A function in a VPC gets no public IP, so functions (and caches) run in private subnets: add private subnets with a NAT gateway to the VPC, or use network.New, which builds them", wanted, has)
	case sel != nil && sel.SubnetType == awsec2.SubnetType_PRIVATE_WITH_EGRESS && isolated > 0:
		return fmt.Errorf("the VPC has no private subnets with egress to be the function subnets (%s): %s. To use the isolated ones (which reach AWS only through VPC endpoints), import the VPC with network.ImportProps{Subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED}}", wanted, has)
	default:
		return fmt.Errorf("the VPC has no subnets that match the function subnet selection (%s): %s. Select subnets the VPC has with network.ImportProps.Subnets", wanted, has)
	}
}

func describe(sel *awsec2.SubnetSelection) string {
	if sel == nil {
		return "CDK's default selection"
	}
	var parts []string
	if sel.SubnetGroupName != nil {
		parts = append(parts, "group "+*sel.SubnetGroupName)
	}
	if sel.SubnetType != "" {
		parts = append(parts, "type "+string(sel.SubnetType))
	}
	if len(parts) == 0 {
		return "explicit subnets"
	}
	return strings.Join(parts, ", ")
}

// NewFunctionSecurityGroup creates a security group for one function (or
// for several that need the same access and should share Hyperplane ENIs):
// no inbound rules, since nothing connects to a function, and egress only
// on HTTPS (443) for AWS APIs through VPC endpoints or NAT. Connecting the
// function to a cache or database adds egress to that resource's group
// only.
func NewFunctionSecurityGroup(scope constructs.Construct, id *string, vpc awsec2.IVpc) awsec2.SecurityGroup {
	sg := awsec2.NewSecurityGroup(scope, id, &awsec2.SecurityGroupProps{
		Vpc:              vpc,
		Description:      jsii.String("Lambda function: no inbound rules, HTTPS egress to AWS APIs"),
		AllowAllOutbound: jsii.Bool(false),
	})
	sg.AddEgressRule(awsec2.Peer_AnyIpv4(), awsec2.Port_Tcp(jsii.Number(443)),
		jsii.String("HTTPS to AWS APIs through VPC endpoints or NAT"), nil)
	return sg
}

// GrantNetworkInterfaces gives a function's execution role what Lambda
// needs to create and delete the function's Hyperplane ENIs: the actions
// of the AWS managed policy AWSLambdaVPCAccessExecutionRole
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions),
// written out so the role carries no managed policy.
func GrantNetworkInterfaces(role awsiam.IRole) {
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid: jsii.String("LambdaVpcNetworkInterfaces"),
		Actions: jsii.Strings("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
			"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"),
		Resources: jsii.Strings("*"),
	}))
	if policy := role.Node().TryFindChild(jsii.String("DefaultPolicy")); policy != nil {
		nag.Suppress(policy, nag.Rule{
			ID:        "AwsSolutions-IAM5",
			Reason:    "Lambda attaches VPC functions through Hyperplane ENIs it creates at deploy time; ec2:Describe* and the ENI actions of AWSLambdaVPCAccessExecutionRole take no resource-level scope",
			AppliesTo: []string{"Resource::*"},
		})
	}
}
