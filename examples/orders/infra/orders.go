// Package infra is the orders service's infrastructure: an app team's CDK
// stack built from lambdaperf's constructs.
package infra

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/advisor"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// Checkout's expected load: requests per second at peak and the p99
// duration of one request. Its provisioned concurrency is sized from them.
const (
	CheckoutPeakRPS = 40
	CheckoutP99     = 150 * time.Millisecond
)

// OrdersStack holds the orders table, the Checkout (Node.js) and Status
// (Go) functions behind IAM-authenticated Function URLs, and their
// dashboard and alarms. The performance advisor checks it at synth.
type OrdersStack struct {
	awscdk.Stack
	Table      awsdynamodb.Table
	Checkout   *optimizedfn.Function
	Status     *optimizedfn.Function
	Monitoring *monitoring.Monitoring
}

// NewOrdersStack builds the stack. props may be nil.
func NewOrdersStack(scope constructs.Construct, id string, props *awscdk.StackProps) *OrdersStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &OrdersStack{Stack: stack}
	s.Table = awsdynamodb.NewTable(stack, jsii.String("Orders"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("orderId"), Type: awsdynamodb.AttributeType_STRING},
		BillingMode:  awsdynamodb.BillingMode_PAY_PER_REQUEST,
		Encryption:   awsdynamodb.TableEncryption_AWS_MANAGED,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
	})
	env := map[string]string{"TABLE_NAME": *s.Table.TableName()}

	// Entries are resolved against this file, so `cdk synth` at the
	// project root and `go test` in this package find the same handlers.
	s.Checkout = optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry:            optimizedfn.SourceRelative("../handlers/checkout/index.ts"),
		Profile:          optimizedfn.IOBound, // waits on DynamoDB: 512 MiB
		Environment:      env,
		ExpectedDuration: 40 * time.Millisecond, // planning estimate: replace with CloudWatch's p50
		// Little's law at the 0.7 utilization target: 40 req/s x 150 ms / 0.7 = 9.
		ProvisionedConcurrency: &concurrency.Config{Min: concurrency.ForLoad(CheckoutPeakRPS, CheckoutP99)},
	})
	s.Table.Grant(s.Checkout.Function(), jsii.String("dynamodb:PutItem"))

	s.Status = optimizedfn.New(stack, jsii.String("Status"), &optimizedfn.Props{
		Entry:            optimizedfn.SourceRelative("../handlers/status"),
		Profile:          optimizedfn.Simple, // one GetItem: 256 MiB
		Environment:      env,
		ExpectedDuration: 15 * time.Millisecond,
	})
	s.Table.Grant(s.Status.Function(), jsii.String("dynamodb:GetItem"))

	for _, fn := range []*optimizedfn.Function{s.Checkout, s.Status} {
		fn.Alias().AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})
	}
	s.Monitoring = monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{
		Title:     "Orders",
		Functions: []monitoring.Target{monitoring.FromOptimized(s.Checkout), monitoring.FromOptimized(s.Status)},
	})
	advisor.Apply(stack, nil)
	return s
}
