package extensions

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/nag"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// InsightsLogGroup is the log group Lambda Insights writes one performance
// record per invocation to.
const InsightsLogGroup = "/aws/lambda-insights"

type insights struct{}

// LambdaInsights is the CloudWatch Lambda Insights extension
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights.html):
// CPU, memory, network and cold-start metrics per function from one
// performance log record per invocation. It grants the execution role what
// the AWS managed policy CloudWatchLambdaInsightsExecutionRolePolicy grants,
// scoped to the /aws/lambda-insights log group of the stack's account and
// region. In a VPC without NAT, the function needs the CloudWatch Logs
// interface endpoint (network.CloudWatchLogs).
func LambdaInsights() Layer { return insights{} }

func (insights) Spec() Spec {
	return Spec{Name: layercatalog.Name(layercatalog.LambdaInsights), Product: layercatalog.LambdaInsights, Needs: []string{"logs"}}
}

func (insights) Bind(b *Binding) (awslambda.ILayerVersion, error) {
	arn, err := catalogARN(b, layercatalog.LambdaInsights)
	if err != nil {
		return nil, err
	}
	if b.Role != nil {
		grantInsights(b.Role)
	}
	return awslambda.LayerVersion_FromLayerVersionArn(b.Scope, jsii.String("LambdaInsightsLayer"), arn), nil
}

// insightsFinding matches cdk-nag's AwsSolutions-IAM5 finding on the
// Insights log streams, pinned (arn:aws:logs:eu-west-1:1111...) or not
// (arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:...).
const insightsFinding = `/^Resource::arn:.+:logs:.+:log-group:\/aws\/lambda-insights:\*$/`

// grantInsights gives role the permissions of
// CloudWatchLambdaInsightsExecutionRolePolicy
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchLambdaInsightsExecutionRolePolicy.html):
// create the log group and write to it, here on /aws/lambda-insights of
// this account and region only instead of every region.
func grantInsights(role awsiam.IRole) {
	stack := awscdk.Stack_Of(role)
	group := func(name string) *string {
		return stack.FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("logs"),
			Resource:     jsii.String("log-group"),
			ResourceName: jsii.String(name),
			ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
		})
	}
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("LambdaInsightsPerformanceLogs"),
		Actions:   jsii.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: &[]*string{group(InsightsLogGroup), group(InsightsLogGroup + ":*")},
	}))
	if policy := role.Node().TryFindChild(jsii.String("DefaultPolicy")); policy != nil {
		nag.Suppress(policy, nag.Rule{
			ID:             "AwsSolutions-IAM5",
			Reason:         "Lambda Insights writes one log stream per execution environment to the shared /aws/lambda-insights log group; stream names are made at run time, so streams need the :* suffix",
			AppliesToRegex: []string{insightsFinding},
		})
	}
}
