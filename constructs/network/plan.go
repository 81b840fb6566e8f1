package network

import (
	"errors"
	"net"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Defaults applied where Props leave a field at its zero value.
const (
	DefaultMaxAZs      = 2
	DefaultNatGateways = 1
	DefaultCIDR        = "10.0.0.0/16"
	// FunctionSubnetMask is the prefix length of each function subnet.
	FunctionSubnetMask = 20
	// PublicSubnetMask is the prefix length of each public (NAT) subnet.
	PublicSubnetMask = 24
	// FunctionSubnetGroup names the subnets functions run in.
	FunctionSubnetGroup = "Functions"
	// PublicSubnetGroup names the subnets that hold only NAT gateways.
	PublicSubnetGroup = "Public"
)

// Warning IDs, stable so users can acknowledge them with
// awscdk.Annotations_Of(construct).AcknowledgeWarning(id, reason).
const (
	WarnSingleAZ = "lambdaperf:network:single-az"
)

// Warning is a soft problem with a stable ID (problems.Warning, one type
// for every lambdaperf construct).
type Warning = problems.Warning

// Plan is a VPC's resolved configuration: defaults applied, rules checked.
type Plan struct {
	// Path is the VPC's construct path, used in messages.
	Path string
	// MaxAZs is the number of Availability Zones with subnets.
	MaxAZs int
	// NatGateways is the number of NAT gateways (0: no internet egress).
	NatGateways int
	// CIDR is the VPC's IPv4 range.
	CIDR string
	// GatewayEndpoints are the gateway VPC endpoints (S3, DynamoDB): free, no
	// NAT traffic.
	GatewayEndpoints []Endpoint
	// InterfaceEndpoints are the interface VPC endpoints (PrivateLink), one
	// per service.
	InterfaceEndpoints []Endpoint
	// FlowLogTraffic is what the VPC flow log records (ALL, ACCEPT or
	// REJECT).
	FlowLogTraffic awsec2.FlowLogTrafficType
	// FlowLogRetention of the flow log's log group.
	FlowLogRetention awslogs.RetentionDays
	// Warnings are the soft problems New reports as warning annotations.
	Warnings []Warning
}

// FunctionSubnetType is the type of the function subnets: private with a
// route to NAT, or isolated when there is no NAT gateway.
func (p *Plan) FunctionSubnetType() awsec2.SubnetType {
	if p.NatGateways == 0 {
		return awsec2.SubnetType_PRIVATE_ISOLATED
	}
	return awsec2.SubnetType_PRIVATE_WITH_EGRESS
}

// Egress is how the function subnets reach AWS APIs.
func (p *Plan) Egress() *Egress {
	e := &Egress{NatGateways: p.NatGateways}
	e.Endpoints = append(append(e.Endpoints, p.GatewayEndpoints...), p.InterfaceEndpoints...)
	return e
}

// Validate checks props without building anything and returns every problem
// at once, or nil.
func (p *Props) Validate() error {
	_, err := Resolve("", p)
	return err
}

// Resolve applies defaults to props and checks every rule, without jsii.
// path names the construct in messages. Props are never modified.
func Resolve(path string, props *Props) (*Plan, error) {
	if props == nil {
		props = &Props{}
	}
	p := &Plan{Path: path}
	probs := problems.New("network", path)
	fail := probs.Addf

	p.MaxAZs = props.MaxAZs
	switch {
	case p.MaxAZs == 0:
		p.MaxAZs = DefaultMaxAZs
	case p.MaxAZs < 0:
		fail("MaxAZs must be 1 or more, got %d: leave it 0 for %d", props.MaxAZs, DefaultMaxAZs)
	case p.MaxAZs == 1:
		p.Warnings = append(p.Warnings, Warning{ID: WarnSingleAZ, Message: "MaxAZs is 1: functions in this VPC stop when its one Availability Zone does, and Lambda recommends subnets in at least two. Use 2 unless this is a test network."})
	}

	p.NatGateways = DefaultNatGateways
	if props.NatGateways != nil {
		p.NatGateways = *props.NatGateways
	}
	if p.NatGateways < 0 || (p.MaxAZs > 0 && p.NatGateways > p.MaxAZs) {
		fail("NatGateways must be 0..%d (at most one per Availability Zone), got %d", p.MaxAZs, p.NatGateways)
	}

	p.CIDR = props.CIDR
	if p.CIDR == "" {
		p.CIDR = DefaultCIDR
	}
	if _, ipnet, err := net.ParseCIDR(p.CIDR); err != nil || ipnet.IP.To4() == nil {
		fail("CIDR %q is not an IPv4 range: use one such as %q", p.CIDR, DefaultCIDR)
	} else if ones, _ := ipnet.Mask.Size(); ones < 16 || ones > FunctionSubnetMask-bitsFor(p.subnetCount()) {
		fail("CIDR %q must be /16 to /%d: a VPC is at most a /16, and this one needs room for %d function subnets of /%d (one per Availability Zone) plus the public /24s",
			p.CIDR, FunctionSubnetMask-bitsFor(p.subnetCount()), p.MaxAZs, FunctionSubnetMask)
	}

	if !props.NoGatewayEndpoints {
		p.GatewayEndpoints = []Endpoint{S3, DynamoDB}
	}
	seen := map[Endpoint]bool{}
	var unknown, dup []string
	for _, e := range props.InterfaceEndpoints {
		switch {
		case e == S3 || e == DynamoDB:
			fail("InterfaceEndpoints has %q, which the VPC reaches through a free gateway endpoint: remove it (and keep NoGatewayEndpoints false)", e)
		case interfaceServices[e] == nil:
			unknown = append(unknown, string(e))
		case seen[e]:
			dup = append(dup, string(e))
		default:
			seen[e] = true
			p.InterfaceEndpoints = append(p.InterfaceEndpoints, e)
		}
	}
	if len(unknown) > 0 {
		fail("InterfaceEndpoints has unknown services %s: use the network.Endpoint constants (%s)", strings.Join(unknown, ", "), knownInterfaceEndpoints())
	}
	if len(dup) > 0 {
		fail("InterfaceEndpoints lists %s more than once: list each service once", strings.Join(dup, ", "))
	}

	p.FlowLogTraffic = props.FlowLogTraffic
	switch p.FlowLogTraffic {
	case "":
		p.FlowLogTraffic = awsec2.FlowLogTrafficType_ALL
	case awsec2.FlowLogTrafficType_ALL, awsec2.FlowLogTrafficType_ACCEPT, awsec2.FlowLogTrafficType_REJECT:
	default:
		fail("FlowLogTraffic %q is not a flow log traffic type: use ALL, ACCEPT or REJECT", p.FlowLogTraffic)
	}
	p.FlowLogRetention = props.FlowLogRetention
	if p.FlowLogRetention == "" {
		p.FlowLogRetention = awslogs.RetentionDays_ONE_MONTH
	} else if msg := problems.LogRetention("FlowLogRetention", p.FlowLogRetention); msg != "" {
		fail("%s", msg)
	}

	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// subnetCount is how many /20-sized blocks the subnets take: one per AZ for
// functions, and the public /24s of all AZs fit in one more.
func (p *Plan) subnetCount() int {
	n := p.MaxAZs
	if p.NatGateways > 0 {
		n++
	}
	return n
}

// bitsFor is the number of address bits n blocks need.
func bitsFor(n int) int {
	b := 0
	for 1<<b < n {
		b++
	}
	return b
}

func knownInterfaceEndpoints() string {
	var names []string
	for e := range interfaceServices {
		names = append(names, string(e))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// CheckSubnets refuses a function subnet selection that asks for public
// subnets, which give a function neither a public IP nor internet access.
// It reads only plain fields, so it runs in validation; Place also checks
// the subnets the selection resolves to.
func CheckSubnets(sel *awsec2.SubnetSelection) error {
	if sel != nil && sel.SubnetType == awsec2.SubnetType_PUBLIC {
		return errors.New(publicSubnetsMessage)
	}
	return nil
}

const publicSubnetsMessage = "the function subnets are public: Lambda gives a function in a VPC no public IP, so from a public subnet it reaches neither the internet nor AWS APIs. Use private subnets with a NAT gateway (network.New does), or isolated subnets with VPC endpoints"
