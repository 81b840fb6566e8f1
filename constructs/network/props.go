package network

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
)

// Endpoint is an AWS service a VPC reaches privately through a VPC endpoint,
// named as in its endpoint service name (com.amazonaws.<region>.<name>).
type Endpoint string

// Gateway endpoints: free, routed through the subnets' route tables.
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
const (
	S3       Endpoint = "s3"
	DynamoDB Endpoint = "dynamodb"
)

// Interface endpoints (AWS PrivateLink): an ENI per Availability Zone, billed
// per hour and per GB (https://aws.amazon.com/privatelink/pricing/). Add the
// ones your functions call when the VPC has no NAT gateway.
const (
	SecretsManager       Endpoint = "secretsmanager"
	SSM                  Endpoint = "ssm"
	CloudWatchLogs       Endpoint = "logs"
	CloudWatchMonitoring Endpoint = "monitoring"
	KMS                  Endpoint = "kms"
	STS                  Endpoint = "sts"
	SQS                  Endpoint = "sqs"
	SNS                  Endpoint = "sns"
	EventBridge          Endpoint = "events"
	Lambda               Endpoint = "lambda"
	XRay                 Endpoint = "xray"
)

// interfaceServices maps each interface endpoint to its CDK service.
var interfaceServices = map[Endpoint]func() awsec2.InterfaceVpcEndpointAwsService{
	SecretsManager:       awsec2.InterfaceVpcEndpointAwsService_SECRETS_MANAGER,
	SSM:                  awsec2.InterfaceVpcEndpointAwsService_SSM,
	CloudWatchLogs:       awsec2.InterfaceVpcEndpointAwsService_CLOUDWATCH_LOGS,
	CloudWatchMonitoring: awsec2.InterfaceVpcEndpointAwsService_CLOUDWATCH_MONITORING,
	KMS:                  awsec2.InterfaceVpcEndpointAwsService_KMS,
	STS:                  awsec2.InterfaceVpcEndpointAwsService_STS,
	SQS:                  awsec2.InterfaceVpcEndpointAwsService_SQS,
	SNS:                  awsec2.InterfaceVpcEndpointAwsService_SNS,
	EventBridge:          awsec2.InterfaceVpcEndpointAwsService_EVENTBRIDGE,
	Lambda:               awsec2.InterfaceVpcEndpointAwsService_LAMBDA,
	XRay:                 awsec2.InterfaceVpcEndpointAwsService_XRAY,
}

// Props configures a VPC made for functions. Every field is optional; nil
// props give two Availability Zones, one NAT gateway, S3 and DynamoDB
// gateway endpoints and flow logs of all traffic kept for one month.
type Props struct {
	// MaxAZs is how many Availability Zones the VPC spans. Lambda keeps a
	// function available through an AZ outage only when its subnets span
	// at least two. Default: 2.
	MaxAZs int

	// NatGateways gives the function subnets a route to the internet, and
	// so to every AWS API. One is shared by all AZs (it costs per hour and
	// per GB, https://aws.amazon.com/vpc/pricing/); up to MaxAZs keep
	// egress up through an AZ outage. 0 is allowed when endpoints cover
	// every AWS service the functions call: the VPC then has no public
	// subnets and no internet gateway, and functions go into isolated
	// subnets. Default: 1.
	NatGateways *int

	// CIDR is the VPC's IPv4 range, a /16 to /18. Each function subnet gets
	// a /20 (4,091 usable addresses) for the Hyperplane ENIs of functions
	// and for caches and databases; each public subnet (NAT only) a /24.
	// Default: "10.0.0.0/16".
	CIDR string

	// NoGatewayEndpoints leaves out the S3 and DynamoDB gateway endpoints.
	// They cost nothing and keep S3 and DynamoDB traffic off NAT (which
	// bills per GB) and inside the AWS network. Default: false, both are
	// created for the function subnets.
	NoGatewayEndpoints bool

	// InterfaceEndpoints are interface VPC endpoints (PrivateLink) to
	// create in the function subnets, with private DNS, so functions reach
	// those services without NAT: for example SecretsManager for the
	// Parameters and Secrets extension and CloudWatchLogs for Lambda
	// Insights. Their security group admits HTTPS from the VPC's range.
	// Default: none.
	InterfaceEndpoints []Endpoint

	// FlowLogTraffic is the traffic VPC flow logs record. Default:
	// awsec2.FlowLogTrafficType_ALL.
	FlowLogTraffic awsec2.FlowLogTrafficType

	// FlowLogRetention of the flow log's CloudWatch log group.
	// Default: one month.
	FlowLogRetention awslogs.RetentionDays
}

// Network is a VPC that functions run in: a *Vpc from New, or Import for a
// VPC of your own. optimizedfn.Props.Network takes one.
type Network interface {
	// Vpc is the VPC.
	Vpc() awsec2.IVpc
	// FunctionSubnets selects the subnets functions run in.
	FunctionSubnets() *awsec2.SubnetSelection
	// Egress says how the subnets reach AWS APIs, or nil when unknown (an
	// imported VPC without ImportProps.Egress): checks then skip it.
	Egress() *Egress
}

// Egress is how a VPC's function subnets reach AWS APIs: through NAT
// gateways (every API and the internet) or through VPC endpoints (only
// those services). Plain Go, so function validation reads it without jsii.
type Egress struct {
	// NatGateways routing the function subnets to the internet.
	NatGateways int
	// Endpoints reachable privately from the function subnets.
	Endpoints []Endpoint
}

// None reports whether the subnets reach no AWS API at all: no NAT and no
// endpoint. A nil Egress (unknown) is never None.
func (e *Egress) None() bool {
	return e != nil && e.NatGateways == 0 && len(e.Endpoints) == 0
}

// Missing returns the services of needs that the subnets cannot reach: none
// with a NAT gateway or when the egress is unknown (nil).
func (e *Egress) Missing(needs ...Endpoint) []Endpoint {
	if e == nil || e.NatGateways > 0 {
		return nil
	}
	var out []Endpoint
	for _, n := range needs {
		found := false
		for _, have := range e.Endpoints {
			found = found || have == n
		}
		if !found {
			out = append(out, n)
		}
	}
	return out
}

// ImportProps describes a VPC of your own for Import.
type ImportProps struct {
	// Subnets functions run in; never public ones. Default: the VPC's
	// private subnets with egress (awsec2.SubnetType_PRIVATE_WITH_EGRESS).
	Subnets *awsec2.SubnetSelection
	// Egress says how those subnets reach AWS APIs, so functions placed
	// there are warned about services they cannot reach. Default: nil,
	// unknown and not checked.
	Egress *Egress
}
