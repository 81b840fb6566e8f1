package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// APIStack is the reference API: a Node.js and a Go optimized function over
// one DynamoDB table, each reachable through an IAM-authenticated Function
// URL on its `live` alias.
type APIStack struct {
	awscdk.Stack
	Table awsdynamodb.Table
	Node  *optimizedfn.Function
	Go    *optimizedfn.Function
}

// NewAPIStack builds the reference API stack. props may be nil.
func NewAPIStack(scope constructs.Construct, id string, props *awscdk.StackProps) *APIStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &APIStack{Stack: stack}

	s.Table = awsdynamodb.NewTable(stack, jsii.String("Items"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		BillingMode:  awsdynamodb.BillingMode_PAY_PER_REQUEST,
		Encryption:   awsdynamodb.TableEncryption_AWS_MANAGED,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
	})
	env := map[string]string{"TABLE_NAME": *s.Table.TableName()}

	// Waits on DynamoDB more than it computes: IOBound (512 MiB).
	s.Node = optimizedfn.New(stack, jsii.String("NodeApi"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "node", "api", "index.ts"),
		Profile:     optimizedfn.IOBound,
		Environment: env,
		Description: "Reference Node.js API: esbuild-minified, @aws-sdk from the runtime",
	})
	s.Table.GrantReadWriteData(s.Node.Function())

	// One GetItem per request: Simple (256 MiB).
	s.Go = optimizedfn.New(stack, jsii.String("GoApi"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "go", "cmd", "api"),
		Profile:     optimizedfn.Simple,
		Environment: env,
		Description: "Reference Go API: lean bootstrap on provided.al2023",
	})
	s.Table.GrantReadData(s.Go.Function())

	for _, fn := range []*optimizedfn.Function{s.Node, s.Go} {
		cdknag.NagSuppressions_AddResourceSuppressions(fn.Function(), &[]*cdknag.NagPackSuppression{{
			Id:     jsii.String("Serverless-LambdaDLQ"),
			Reason: jsii.String("Invoked synchronously through its Function URL: errors return to the caller, and a DLQ only ever receives asynchronous events"),
		}}, nil)
		url := fn.Alias().AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})
		awscdk.NewCfnOutput(fn, jsii.String("Url"), &awscdk.CfnOutputProps{
			Value:       url.Url(),
			Description: jsii.String("Function URL (IAM auth) on the live alias"),
		})
	}
	return s
}
