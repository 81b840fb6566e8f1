package stacks

import (
	"path/filepath"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// BatchStack is the reference queue- and stream-driven service: orders
// arrive on an SQS queue, a Node.js function stores them in a DynamoDB
// table in batches of up to 100 with partial batch responses, and a second
// function projects the table's stream into summary items. Nothing is lost
// by default: failed messages move to an encrypted dead-letter queue after
// 5 receives, and stream batches that run out of retries to an encrypted
// on-failure queue.
type BatchStack struct {
	awscdk.Stack
	// Table holds the orders and feeds the projector through its stream.
	Table     awsdynamodb.Table
	Orders    *optimizedfn.Function // the SQS consumer
	Projector *optimizedfn.Function // the stream consumer
	// Queue is the SQS source of Orders, with its dead-letter queue.
	Queue *sources.SQS
	// Stream is the DynamoDB stream source of Projector, with its on-failure
	// queue.
	Stream *sources.Stream
}

// NewBatchStack builds the reference batch stack. props may be nil.
func NewBatchStack(scope constructs.Construct, id string, props *awscdk.StackProps) *BatchStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &BatchStack{Stack: stack}
	s.Table = awsdynamodb.NewTable(stack, jsii.String("Orders"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		BillingMode:  awsdynamodb.BillingMode_PAY_PER_REQUEST,
		Encryption:   awsdynamodb.TableEncryption_AWS_MANAGED,
		Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
	})
	env := map[string]string{"TABLE_NAME": *s.Table.TableName()}

	// One DynamoDB write per message, all of a batch at once: IOBound.
	s.Orders = optimizedfn.New(stack, jsii.String("OrdersWorker"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "node", "orders", "index.ts"),
		Profile:     optimizedfn.IOBound,
		Environment: env,
		Description: "Reference SQS consumer: batches of orders with a partial batch response",
		// A planning estimate for a batch of 100 written in parallel.
		ExpectedDuration: 120 * time.Millisecond,
	})
	s.Table.GrantWriteData(s.Orders.Function())
	// A created standard queue: batches of 100 gathered for up to 5 s,
	// visibility 6 × 10 s + 5 s, dead-letter queue after 5 receives.
	s.Queue = sources.NewSQS(s.Orders, jsii.String("Queue"), &sources.SQSProps{
		// Lambda deletes messages that match no filter unbilled: only
		// orders reach the function.
		Filters: []sources.Filter{{"body": map[string]any{"sku": []any{map[string]any{"exists": true}}}}},
	})

	s.Projector = optimizedfn.New(stack, jsii.String("OrdersProjector"), &optimizedfn.Props{
		Entry:            filepath.Join(FunctionsDir(), "node", "projector", "index.ts"),
		Profile:          optimizedfn.Simple,
		Environment:      env,
		Description:      "Reference DynamoDB Streams consumer: order summaries, keys in parallel",
		ExpectedDuration: 40 * time.Millisecond,
	})
	s.Table.GrantWriteData(s.Projector.Function())
	// The table's stream at 200 writes/s on its shards (about 4 at this
	// rate) at 5 ms a record needs one batch per shard at a time.
	s.Stream = sources.NewStream(s.Projector, jsii.String("Changes"), &sources.StreamProps{
		Table:                 s.Table,
		ParallelizationFactor: sources.ParallelizationFor(200, 4, 5*time.Millisecond),
		// Only inserts and updates of orders: removals cost nothing.
		Filters: []sources.Filter{{"eventName": []any{"INSERT", "MODIFY"}}},
	})
	return s
}
