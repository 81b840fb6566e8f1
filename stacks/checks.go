package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/lambdaperf/lambdaperf/constructs/advisor"
)

// Check adds the rule packs every reference stack must pass: cdk-nag's
// AwsSolutions and Serverless packs and lambdaperf's performance advisor.
// Their findings are annotations, so `cdk synth` prints them and errors
// fail it.
func Check(scope constructs.Construct) {
	awscdk.Aspects_Of(scope).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	awscdk.Aspects_Of(scope).Add(cdknag.NewServerlessChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	advisor.Apply(scope, nil)
}
