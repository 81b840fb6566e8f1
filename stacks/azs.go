package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// noLookupStack is a Stack whose availability zones are always the first
// two that CloudFormation's Fn::GetAZs returns at deploy time, as in an
// environment-agnostic stack, also when the stack is pinned to an account
// and region. Stack.AvailabilityZones documents this override; without it
// a pinned stack asks EC2 DescribeAvailabilityZones at synthesis, so
// `cdk synth` with CDK_DEFAULT_ACCOUNT set and no credentials fails ("Need
// to perform AWS calls for account ..., but no credentials have been
// configured") and, with credentials, writes an untracked cdk.context.json.
type noLookupStack struct {
	awscdk.Stack
}

// AvailabilityZones overrides Stack.AvailabilityZones.
func (s *noLookupStack) AvailabilityZones() *[]*string {
	azs := awscdk.Fn_GetAzs(jsii.String(""))
	return &[]*string{awscdk.Fn_Select(jsii.Number(0), azs), awscdk.Fn_Select(jsii.Number(1), azs)}
}

// newNoLookupStack is awscdk.NewStack for a stack that builds a VPC.
func newNoLookupStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	s := &noLookupStack{}
	awscdk.NewStack_Override(s, scope, jsii.String(id), props)
	return s
}
