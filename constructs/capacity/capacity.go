// Package capacity builds a Lambda Managed Instances capacity provider:
// EC2 instances in your VPC that Lambda launches, patches and scales, on
// which functions run many invocations per execution environment with no
// cold start on the request path.
//
// The defaults follow the playbook: Graviton (arm64) instances; the
// network's private function subnets and a security group with no inbound
// rules; a target-tracking scaling policy on CPU utilization that keeps
// half the capacity free; a bound on the vCPUs, and so on the bill. Put a
// function on it with optimizedfn.Props.ManagedInstances.
//
// System logs go to the log group Lambda creates
// (/aws/lambda/capacity-provider/<name>): a log group of the construct's
// own, with retention, needs the capacity provider's TelemetryConfig,
// which the pinned cfn-lint (1.51.0) does not know yet and rejects
// (E3002). Set a retention on that group yourself meanwhile.
//
// Defaults and validation are plain Go (Resolve); New only translates the
// plan into aws-cdk-lib's awslambda.CapacityProvider.
package capacity

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/internal/nag"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// IProvider is a capacity provider that functions run on: a *Provider
// (capacity.New), or a stand-in of yours in tests. optimizedfn reads its
// Plan in validation and binds functions to its CapacityProvider.
type IProvider interface {
	// Plan is the resolved configuration.
	Plan() Plan
	// CapacityProvider is aws-cdk-lib's capacity provider.
	CapacityProvider() awslambda.CapacityProvider
}

// Provider is a capacity provider with its security group.
type Provider struct {
	constructs.Construct
	plan     *Plan
	provider awslambda.CapacityProvider
	group    awsec2.ISecurityGroup
}

// New builds a capacity provider. Invalid props stop synthesis with every
// problem listed, each naming the construct path, field, value and fix.
func New(scope constructs.Construct, id *string, props *Props) *Provider {
	plan, err := Resolve(problems.Path(scope, id), props)
	if err != nil {
		panic(err)
	}
	c := &Provider{plan: plan}
	constructs.NewConstruct_Override(c, scope, id)
	c.build(props)
	return c
}

func (c *Provider) build(props *Props) {
	p := c.plan
	net := props.Network
	selected := net.Vpc().SelectSubnets(net.FunctionSubnets())
	if selected.HasPublic != nil && *selected.HasPublic {
		panic(fmt.Errorf("%s: Network: the function subnets are public: use private subnets (network.New's, or ImportProps.Subnets)", problems.Prefix("capacity", p.Path)))
	}
	subnets := *selected.Subnets
	if n := len(subnets); n == 0 || n > lambda.MaxCapacityProviderSubnets {
		panic(fmt.Errorf("%s: Network: the function subnets select %d subnets, a capacity provider takes 1..%d: select fewer (ImportProps.Subnets)", problems.Prefix("capacity", p.Path), n, lambda.MaxCapacityProviderSubnets))
	}
	c.group = props.SecurityGroup
	if c.group == nil {
		c.group = network.NewFunctionSecurityGroup(c, jsii.String("SecurityGroup"), net.Vpc())
	}
	cp := &awslambda.CapacityProviderProps{
		Subnets:        &subnets,
		SecurityGroups: &[]awsec2.ISecurityGroup{c.group},
		Architectures:  &[]awslambda.Architecture{cdkArchitecture(p.Architecture)},
		MaxVCpuCount:   jsii.Number(p.MaxVCPUs),
		KmsKey:         props.KMSKey,
	}
	if p.Name != "" {
		cp.CapacityProviderName = jsii.String(p.Name)
	}
	if p.ScalingMode == lambda.ScalingModeManual {
		cp.ScalingOptions = awslambda.ScalingOptions_Manual(&[]awslambda.TargetTrackingScalingPolicy{
			awslambda.TargetTrackingScalingPolicy_CpuUtilization(jsii.Number(p.TargetCPUUtilization)),
		})
	} else {
		cp.ScalingOptions = awslambda.ScalingOptions_Auto()
	}
	if types := instanceTypes(p.AllowedInstanceTypes); len(types) > 0 {
		cp.InstanceTypeFilter = awslambda.InstanceTypeFilter_Allow(&types)
	} else if types := instanceTypes(p.ExcludedInstanceTypes); len(types) > 0 {
		cp.InstanceTypeFilter = awslambda.InstanceTypeFilter_Exclude(&types)
	}
	c.provider = awslambda.NewCapacityProvider(c, jsii.String("Provider"), cp)
	if role := c.OperatorRole(); role != nil {
		nag.Suppress(role, nag.Rule{
			ID:     "AwsSolutions-IAM4",
			Reason: "Lambda Managed Instances' operator role is the AWS managed policy AWSLambdaManagedEC2ResourceOperator, scoped by AWS to the EC2 actions Lambda takes on the capacity provider's instances",
		})
	}
	problems.Warn(c, p.Warnings)
}

func instanceTypes(names []string) []awsec2.InstanceType {
	var out []awsec2.InstanceType
	for _, n := range names {
		out = append(out, awsec2.NewInstanceType(jsii.String(n)))
	}
	return out
}

func cdkArchitecture(a Architecture) awslambda.Architecture {
	if a == X86_64 {
		return awslambda.Architecture_X86_64()
	}
	return awslambda.Architecture_ARM_64()
}

// CapacityProvider is aws-cdk-lib's capacity provider: the escape hatch.
func (c *Provider) CapacityProvider() awslambda.CapacityProvider { return c.provider }

// Arn is the capacity provider's ARN (a token until deployment).
func (c *Provider) Arn() *string { return c.provider.CapacityProviderArn() }

// SecurityGroup is the instances' security group.
func (c *Provider) SecurityGroup() awsec2.ISecurityGroup { return c.group }

// OperatorRole is the role Lambda assumes to manage the instances, created
// by aws-cdk-lib with the AWSLambdaManagedEC2ResourceOperator policy.
func (c *Provider) OperatorRole() awsiam.IRole {
	if r, ok := c.provider.Node().TryFindChild(jsii.String("OperatorRole")).(awsiam.IRole); ok {
		return r
	}
	return nil
}

// Plan is the resolved configuration (defaults applied), for functions,
// dashboards and reports. The copy is the caller's to change.
func (c *Provider) Plan() Plan {
	p := *c.plan
	p.AllowedInstanceTypes = append([]string(nil), c.plan.AllowedInstanceTypes...)
	p.ExcludedInstanceTypes = append([]string(nil), c.plan.ExcludedInstanceTypes...)
	p.Warnings = append([]problems.Warning(nil), c.plan.Warnings...)
	return p
}
