package advisor

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// TestTheAspectRendersEveryTypeTheReaderReads: the aspect renders only the
// L1s auditedResource picks; a type the reader reads but the aspect leaves
// out makes its rules silent at synth while `lambdaperf audit` reports
// them (a scaling policy left out priced scheduled capacity as if nothing
// scaled it in). A new reader type fails here until the aspect takes it.
func TestTheAspectRendersEveryTypeTheReaderReads(t *testing.T) {
	s := jsii.String
	build := map[string]func(st awscdk.Stack, id *string) constructs.IConstruct{
		"AWS::Lambda::Function": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnFunction(st, id, &awslambda.CfnFunctionProps{Code: &awslambda.CfnFunction_CodeProperty{ZipFile: s("x")}, Role: s("arn:aws:iam::1:role/r")})
		},
		"AWS::Lambda::CapacityProvider": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnCapacityProvider(st, id, &awslambda.CfnCapacityProviderProps{
				PermissionsConfig: &awslambda.CfnCapacityProvider_CapacityProviderPermissionsConfigProperty{CapacityProviderOperatorRoleArn: s("arn:aws:iam::1:role/r")},
				VpcConfig:         &awslambda.CfnCapacityProvider_CapacityProviderVpcConfigProperty{SubnetIds: jsii.Strings("subnet-1"), SecurityGroupIds: jsii.Strings("sg-1")}})
		},
		"AWS::Lambda::Version": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnVersion(st, id, &awslambda.CfnVersionProps{FunctionName: s("f")})
		},
		"AWS::Lambda::Alias": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnAlias(st, id, &awslambda.CfnAliasProps{FunctionName: s("f"), FunctionVersion: s("1"), Name: s("live")})
		},
		"AWS::ApplicationAutoScaling::ScalableTarget": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awsapplicationautoscaling.NewCfnScalableTarget(st, id, &awsapplicationautoscaling.CfnScalableTargetProps{MaxCapacity: jsii.Number(2), MinCapacity: jsii.Number(1),
				ResourceId: s("function:f:live"), ScalableDimension: s("lambda:function:ProvisionedConcurrency"), ServiceNamespace: s("lambda")})
		},
		"AWS::ApplicationAutoScaling::ScalingPolicy": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awsapplicationautoscaling.NewCfnScalingPolicy(st, id, &awsapplicationautoscaling.CfnScalingPolicyProps{PolicyName: s("p"), PolicyType: s("TargetTrackingScaling")})
		},
		"AWS::Logs::LogGroup": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslogs.NewCfnLogGroup(st, id, &awslogs.CfnLogGroupProps{})
		},
		"Custom::LogRetention": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awscdk.NewCfnResource(st, id, &awscdk.CfnResourceProps{Type: s("Custom::LogRetention")})
		},
		"AWS::ApiGateway::Method": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awsapigateway.NewCfnMethod(st, id, &awsapigateway.CfnMethodProps{HttpMethod: s("GET"), ResourceId: s("r"), RestApiId: s("a")})
		},
		"AWS::ApiGateway::Authorizer": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awsapigateway.NewCfnAuthorizer(st, id, &awsapigateway.CfnAuthorizerProps{Name: s("n"), RestApiId: s("a"), Type: s("TOKEN")})
		},
		"AWS::CloudWatch::Dashboard": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awscloudwatch.NewCfnDashboard(st, id, &awscloudwatch.CfnDashboardProps{DashboardBody: s("{}")})
		},
		"AWS::SQS::Queue": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awssqs.NewCfnQueue(st, id, &awssqs.CfnQueueProps{})
		},
		"AWS::Lambda::EventSourceMapping": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnEventSourceMapping(st, id, &awslambda.CfnEventSourceMappingProps{FunctionName: s("f")})
		},
		"AWS::Lambda::EventInvokeConfig": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnEventInvokeConfig(st, id, &awslambda.CfnEventInvokeConfigProps{FunctionName: s("f"), Qualifier: s("live")})
		},
		"AWS::Lambda::Permission": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awslambda.NewCfnPermission(st, id, &awslambda.CfnPermissionProps{Action: s("lambda:InvokeFunction"), FunctionName: s("f"), Principal: s("s3.amazonaws.com")})
		},
		"AWS::Kinesis::Stream": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awskinesis.NewCfnStream(st, id, &awskinesis.CfnStreamProps{})
		},
		"AWS::Kinesis::StreamConsumer": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awskinesis.NewCfnStreamConsumer(st, id, &awskinesis.CfnStreamConsumerProps{ConsumerName: s("c"), StreamArn: s("arn:aws:kinesis:us-east-1:1:stream/s")})
		},
		"AWS::DynamoDB::Table": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awsdynamodb.NewCfnTable(st, id, &awsdynamodb.CfnTableProps{KeySchema: &[]any{&awsdynamodb.CfnTable_KeySchemaProperty{AttributeName: s("pk"), KeyType: s("HASH")}}})
		},
		"AWS::DynamoDB::GlobalTable": func(st awscdk.Stack, id *string) constructs.IConstruct {
			return awsdynamodb.NewCfnGlobalTable(st, id, &awsdynamodb.CfnGlobalTableProps{
				AttributeDefinitions: &[]any{&awsdynamodb.CfnGlobalTable_AttributeDefinitionProperty{AttributeName: s("pk"), AttributeType: s("S")}},
				KeySchema:            &[]any{&awsdynamodb.CfnGlobalTable_KeySchemaProperty{AttributeName: s("pk"), KeyType: s("HASH")}},
				Replicas:             &[]any{&awsdynamodb.CfnGlobalTable_ReplicaSpecificationProperty{Region: s("us-east-1")}},
			})
		},
	}
	st := awscdk.NewStack(awscdk.NewApp(nil), s("S"), nil)
	for i, typ := range assembly.ResourceTypes() {
		newL1, ok := build[typ]
		if !ok {
			t.Errorf("the reader reads %s, which this test cannot build: add it here and to auditedResource", typ)
			continue
		}
		c := newL1(st, jsii.String("R"+string(rune('A'+i))))
		got, ok := auditedResource(c)
		if !ok || got.typ != typ {
			t.Errorf("auditedResource leaves out %s (got %q, %v): the aspect does not render it, so its rules are silent at synth", typ, got.typ, ok)
		}
	}
}
