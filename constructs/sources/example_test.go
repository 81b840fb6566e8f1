package sources_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// Size a stream consumer: 2,000 records/s over 4 shards at 2 ms a record
// keep 1.43 batches per shard busy at the 0.7 target, so 2.
func ExampleParallelizationFor() {
	fmt.Println(sources.ParallelizationFor(2000, 4, 2*time.Millisecond))
	// Output: 2
}

// The defaults of a created standard queue feeding a function with a
// 10 s timeout: batches of 100 gathered for up to 5 s, a visibility
// timeout of 6 × 10 s + 5 s, and 5 receives before the dead-letter queue.
func ExampleResolveSQS() {
	plan, err := sources.ResolveSQS("Shop/Checkout/Orders", nil, sources.Function{Timeout: 10 * time.Second}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(plan.BatchSize, plan.MaxBatchingWindow, plan.VisibilityTimeout, plan.MaxReceiveCount)
	// Output: 100 5s 1m5s 5
}

// Bad input is refused before anything is built, every problem at once.
func ExampleSQSProps_Validate() {
	err := (&sources.SQSProps{FIFO: true, BatchSize: 20}).Validate(sources.Function{Timeout: 10 * time.Second})
	fmt.Println(err)
	// Output: sources.SQS: BatchSize must be 1..10 on a FIFO queue, got 20: Lambda hands a FIFO function at most 10 messages per batch
}

// Attach a created queue, a DynamoDB stream and an async config to an
// optimized function, and monitor it: the dead-letter queues, iterator
// age, async events and batch size are graphed and alarmed with no more
// code, whether the sources are attached before monitoring.New or after.
func Example() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), nil)
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{Entry: "testdata/handler.ts"}) // e.g. functions/checkout/index.ts
	m := monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{monitoring.FromOptimized(fn)}})

	table := awsdynamodb.NewTable(stack, jsii.String("Orders"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
	})
	orders := sources.NewSQS(fn, jsii.String("Orders"), &sources.SQSProps{
		Filters: []sources.Filter{{"body": map[string]any{"type": []any{"order"}}}},
	})
	changes := sources.NewStream(fn, jsii.String("Changes"), &sources.StreamProps{
		Table:                 table,
		ParallelizationFactor: sources.ParallelizationFor(2000, 4, 2*time.Millisecond),
	})
	async := sources.NewAsync(fn, jsii.String("Async"), nil)

	q, st, a := orders.Plan(), changes.Plan(), async.Plan()
	fmt.Println("queue: batches of", q.BatchSize, "within", q.MaxBatchingWindow, "- visibility", q.VisibilityTimeout, "- dead letters after", q.MaxReceiveCount, "receives")
	fmt.Println("stream: batches of", st.BatchSize, "- parallelization", st.ParallelizationFactor, "-", st.RetryAttempts, "retries or", st.MaxRecordAge, "- bisect:", st.Bisect)
	fmt.Println("async:", a.RetryAttempts, "retries within", a.MaxEventAge, "- on-failure queue:", a.CreateOnFailure)
	var alarms []string
	for _, alarm := range m.Plan().Functions[0].Alarms {
		alarms = append(alarms, strings.TrimSuffix(string(alarm.Kind)+" "+alarm.Source, " "))
	}
	fmt.Println("alarms:", strings.Join(alarms, ", "))
	// Output:
	// queue: batches of 100 within 5s - visibility 1m5s - dead letters after 5 receives
	// stream: batches of 100 - parallelization 2 - 5 retries or 1h0m0s - bisect: true
	// async: 2 retries within 6h0m0s - on-failure queue: true
	// alarms: LatencyP99, ErrorRate, Throttles, IteratorAge, DeadLetters Orders, DeadLetters Changes, DeadLetters Async, AsyncDropped, AsyncEventAge
}
