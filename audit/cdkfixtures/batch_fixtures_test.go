package cdkfixtures_test

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// The batch and async rules: firing cases wire plain L2 event sources,
// passing cases use constructs/sources. init makes no jsii call (it only
// registers builders): TestMain restarts the jsii kernel before the tests,
// which would orphan an object made here.
func init() {
	// queueFed is a plain function fed by a queue of visibility seconds.
	queueFed := func(s awscdk.Stack, id string, visibility float64, partial bool) {
		scope := constructs.NewConstruct(s, jsii.String(id))
		fn := plainFn(scope, "Fn", &awslambda.FunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(10))})
		q := awssqs.NewQueue(scope, jsii.String("Queue"), &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(visibility))})
		fn.AddEventSource(awslambdaeventsources.NewSqsEventSource(q, &awslambdaeventsources.SqsEventSourceProps{ReportBatchItemFailures: jsii.Bool(partial)}))
	}
	sourced := func(k *kit, s awscdk.Stack, id string) *optimizedfn.Function {
		return k.optimized(s, id, optimizedfn.Props{Timeout: 10 * time.Second})
	}
	fixtures["sqs-visibility-below-6x-timeout"] = fixture{build: func(k *kit, s awscdk.Stack) {
		queueFed(s, "FiresWithAQueueOf30s", 30, true)
		queueFed(s, "PassesWithAQueueOf60s", 60, true)
		sources.NewSQS(sourced(k, s, "PassesWithSourcesSQS"), jsii.String("Orders"), nil)
	}}
	fixtures["no-partial-batch-response"] = fixture{build: func(k *kit, s awscdk.Stack) {
		queueFed(s, "FiresWithoutReportBatchItemFailures", 60, false)
		sources.NewSQS(sourced(k, s, "PassesWithSourcesSQS"), jsii.String("Orders"), nil)
	}}
	fixtures["stream-unbounded-or-no-on-failure"] = fixture{build: func(k *kit, s awscdk.Stack) {
		scope := constructs.NewConstruct(s, jsii.String("FiresWithLambdaDefaults"))
		fn := plainFn(scope, "Fn", nil)
		stream := awskinesis.NewStream(scope, jsii.String("Stream"), nil)
		fn.AddEventSource(awslambdaeventsources.NewKinesisEventSource(stream, &awslambdaeventsources.KinesisEventSourceProps{
			StartingPosition: awslambda.StartingPosition_LATEST, ReportBatchItemFailures: jsii.Bool(true),
		}))
		table := awsdynamodb.NewTable(s, jsii.String("Table"), &awsdynamodb.TableProps{
			PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
			Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
		})
		sources.NewStream(sourced(k, s, "PassesWithSourcesStream"), jsii.String("Changes"), &sources.StreamProps{Table: table})
	}}
	fixtures["async-no-failure-destination"] = fixture{build: func(k *kit, s awscdk.Stack) {
		topic := awssns.NewTopic(s, jsii.String("Topic"), nil)
		fires := constructs.NewConstruct(s, jsii.String("FiresWhenSNSInvokesWithoutADestination"))
		topic.AddSubscription(awssnssubscriptions.NewLambdaSubscription(plainFn(fires, "Fn", nil), nil))
		fn := sourced(k, s, "PassesWithSourcesAsync")
		topic.AddSubscription(awssnssubscriptions.NewLambdaSubscription(fn.Alias(), nil))
		sources.NewAsync(fn, jsii.String("Async"), nil)
		// Invoked synchronously only: silence, not a guess.
		plainFn(s, "PassesWhenNothingInvokesAsynchronously", nil).AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})
	}}
}
