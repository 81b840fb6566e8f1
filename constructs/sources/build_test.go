package sources_test

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// fixture is one synthesis shared by the tests (jsii is slow): a function
// fed by a created queue and a DynamoDB stream, with an async config.
type fixture struct {
	stack   awscdk.Stack
	fn      *optimizedfn.Function
	tpl     map[string]any
	watches []sources.Watch
}

var (
	once   sync.Once
	shared *fixture
	failed string
)

func newFunction(t testing.TB, stack awscdk.Stack, id string) *optimizedfn.Function {
	return optimizedfn.New(stack, jsii.String(id), &optimizedfn.Props{Entry: "testdata/handler.ts", Timeout: 10 * time.Second})
}

func newStack(t testing.TB) awscdk.Stack {
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
	return awscdk.NewStack(app, jsii.String("S"), nil)
}

func build(t *testing.T) *fixture {
	t.Helper()
	once.Do(func() {
		failed = cdktest.Panics(func() {
			f := &fixture{stack: newStack(t)}
			f.fn = newFunction(t, f.stack, "Fn")
			sources.NewSQS(f.fn, jsii.String("Orders"), &sources.SQSProps{
				Filters: []sources.Filter{{"body": map[string]any{"type": []any{"order"}}}},
			})
			table := awsdynamodb.NewTable(f.stack, jsii.String("Table"), &awsdynamodb.TableProps{
				PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
				Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
			})
			sources.NewStream(f.fn, jsii.String("Changes"), &sources.StreamProps{Table: table, ParallelizationFactor: 2})
			sources.NewAsync(f.fn, jsii.String("Async"), nil)
			f.watches = sources.Watches(f.fn.Function())
			f.tpl = cdktest.Template(t, f.stack)
			shared = f
		})
	})
	if failed != "" {
		t.Fatal(failed)
	}
	return shared
}

// mapping is the event source mapping whose properties contain key.
func mapping(t *testing.T, tpl map[string]any, key string) map[string]any {
	t.Helper()
	for _, r := range cdktest.Resources(tpl, "AWS::Lambda::EventSourceMapping") {
		if p := cdktest.Props(r); p[key] != nil {
			return p
		}
	}
	t.Fatalf("no event source mapping with %s", key)
	return nil
}

func TestSQSSource(t *testing.T) {
	f := build(t)
	m := mapping(t, f.tpl, "FilterCriteria")
	if m["BatchSize"] != 100.0 || m["MaximumBatchingWindowInSeconds"] != 5.0 {
		t.Errorf("batch %v, window %v: want 100 in 5 s", m["BatchSize"], m["MaximumBatchingWindowInSeconds"])
	}
	if types, _ := m["FunctionResponseTypes"].([]any); len(types) != 1 || types[0] != "ReportBatchItemFailures" {
		t.Errorf("FunctionResponseTypes %v: want partial batch responses", m["FunctionResponseTypes"])
	}
	if !strings.Contains(js(m["FilterCriteria"]), `{\"body\":{\"type\":[\"order\"]}}`) {
		t.Errorf("FilterCriteria %v", js(m["FilterCriteria"]))
	}
	if !strings.Contains(js(m["FunctionName"]), "FnFunctionAliaslive") && !strings.Contains(js(m["FunctionName"]), ":live") {
		t.Errorf("FunctionName %s: want the alias", js(m["FunctionName"]))
	}
	if !strings.Contains(js(m["MetricsConfig"]), "EventCount") {
		t.Errorf("MetricsConfig %v: want event-count metrics", m["MetricsConfig"])
	}

	var source, dlq map[string]any
	for id, q := range cdktest.Resources(f.tpl, "AWS::SQS::Queue") {
		p := cdktest.Props(q)
		if p["RedrivePolicy"] != nil {
			source = p
		} else if strings.HasPrefix(id, "FnOrdersDeadLetters") {
			dlq = p
		}
		if p["SqsManagedSseEnabled"] != true {
			t.Errorf("queue %v is not encrypted", p)
		}
	}
	if source == nil || dlq == nil {
		t.Fatalf("want the Orders queue and its dead-letter queue")
	}
	if source["VisibilityTimeout"] != 65.0 {
		t.Errorf("VisibilityTimeout %v: want 6 × 10 s + the 5 s window", source["VisibilityTimeout"])
	}
	if rp := source["RedrivePolicy"].(map[string]any); rp["maxReceiveCount"] != 5.0 {
		t.Errorf("RedrivePolicy %v: want maxReceiveCount 5", rp)
	}
	if dlq["MessageRetentionPeriod"] != 1209600.0 {
		t.Errorf("dead letters kept %v s, want 14 days", dlq["MessageRetentionPeriod"])
	}
	policies := js(cdktest.Resources(f.tpl, "AWS::SQS::QueuePolicy"))
	if !strings.Contains(policies, `"aws:SecureTransport":"false"`) {
		t.Errorf("no queue policy refuses clients without TLS: %s", policies)
	}
}

func TestStreamSource(t *testing.T) {
	f := build(t)
	m := mapping(t, f.tpl, "StartingPosition")
	want := map[string]any{"StartingPosition": "LATEST", "BatchSize": 100.0, "BisectBatchOnFunctionError": true,
		"MaximumRetryAttempts": 5.0, "MaximumRecordAgeInSeconds": 3600.0, "ParallelizationFactor": 2.0}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if !strings.Contains(js(m["DestinationConfig"]), "OnFailure") {
		t.Errorf("DestinationConfig %v: want an on-failure destination", m["DestinationConfig"])
	}
	if types, _ := m["FunctionResponseTypes"].([]any); len(types) != 1 {
		t.Errorf("FunctionResponseTypes %v", m["FunctionResponseTypes"])
	}
}

func TestAsyncConfig(t *testing.T) {
	f := build(t)
	_, cfg := cdktest.Only(t, f.tpl, "AWS::Lambda::EventInvokeConfig")
	p := cdktest.Props(cfg)
	if !strings.Contains(js(p["Qualifier"]), "FnFunctionAliaslive") || p["MaximumRetryAttempts"] != 2.0 || p["MaximumEventAgeInSeconds"] != 21600.0 {
		t.Errorf("EventInvokeConfig %v", p)
	}
	if !strings.Contains(js(p["DestinationConfig"]), "OnFailure") {
		t.Errorf("DestinationConfig %v: want an on-failure queue", p["DestinationConfig"])
	}
	msg := cdktest.Panics(func() { sources.NewAsync(f.fn, jsii.String("Again"), nil) })
	if !strings.Contains(msg, `sources.Async "S/Fn/Again": the function already has an asynchronous invocation config`) {
		t.Errorf("a second NewAsync: %q", msg)
	}
}

func TestWatches(t *testing.T) {
	f := build(t)
	var kinds []string
	for _, w := range f.watches {
		kinds = append(kinds, w.Kind)
		if w.FailureQueue == nil {
			t.Errorf("%s has no failure queue", w.Label)
		}
	}
	if strings.Join(kinds, ",") != "sqs,dynamodb,async" {
		t.Errorf("watches %v", kinds)
	}
}

func TestImportedQueueBelowTheRule(t *testing.T) {
	stack := newStack(t)
	fn := newFunction(t, stack, "Fn")
	queue := awssqs.NewQueue(stack, jsii.String("Q"), &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(30))})
	msg := cdktest.Panics(func() { sources.NewSQS(fn, jsii.String("Orders"), &sources.SQSProps{Queue: queue}) })
	if !strings.Contains(msg, `sources.SQS "S/Fn/Orders": the queue's visibility timeout 30s is below 6× the function timeout 10s`) {
		t.Errorf("got %q", msg)
	}
}

// js is v as compact JSON, for substring checks.
func js(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestTableWithoutAStream(t *testing.T) {
	stack := newStack(t)
	fn := newFunction(t, stack, "Fn")
	table := awsdynamodb.NewTable(stack, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
	})
	msg := cdktest.Panics(func() { sources.NewStream(fn, jsii.String("Changes"), &sources.StreamProps{Table: table}) })
	if !strings.Contains(msg, `sources.Stream "S/Fn/Changes": Table has no stream`) {
		t.Errorf("got %q", msg)
	}
}

func TestFIFOAsyncDestination(t *testing.T) {
	stack := newStack(t)
	fn := newFunction(t, stack, "Fn")
	q := awssqs.NewQueue(stack, jsii.String("Q"), &awssqs.QueueProps{Fifo: jsii.Bool(true)})
	msg := cdktest.Panics(func() {
		sources.NewAsync(fn, jsii.String("Async"), &sources.AsyncProps{OnFailure: &sources.Destination{Queue: q}})
	})
	if !strings.Contains(msg, `sources.Async "S/Fn/Async": OnFailure.Queue is a FIFO queue`) {
		t.Errorf("got %q", msg)
	}
}

// A Kinesis source gets every setting the DynamoDB one does (the props are
// copied field by field), here with a given topic for failures.
func TestKinesisSource(t *testing.T) {
	var tpl map[string]any
	var s *sources.Stream
	if msg := cdktest.Panics(func() {
		stack := newStack(t)
		fn := newFunction(t, stack, "Fn")
		stream := awskinesis.NewStream(stack, jsii.String("Clicks"), &awskinesis.StreamProps{Encryption: awskinesis.StreamEncryption_MANAGED})
		topic := awssns.NewTopic(stack, jsii.String("Failed"), nil)
		s = sources.NewStream(fn, jsii.String("Clicks"), &sources.StreamProps{
			Kinesis: stream, OnFailureTopic: topic, StartingPosition: sources.TrimHorizon, BatchSize: 500,
			MaxBatchingWindow: 2 * time.Second, TumblingWindow: time.Minute, ParallelizationFactor: 4,
			RetryAttempts: intp(3), MaxRecordAge: 2 * time.Hour, NoBisect: true,
			Filters: []sources.Filter{{"partitionKey": []any{"eu"}}},
		})
		tpl = cdktest.Template(t, stack)
	}); msg != "" {
		t.Fatal(msg)
	}
	m := mapping(t, tpl, "StartingPosition")
	want := map[string]any{"StartingPosition": "TRIM_HORIZON", "BatchSize": 500.0, "MaximumBatchingWindowInSeconds": 2.0,
		"TumblingWindowInSeconds": 60.0, "ParallelizationFactor": 4.0, "MaximumRetryAttempts": 3.0,
		"MaximumRecordAgeInSeconds": 7200.0, "BisectBatchOnFunctionError": false}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if !strings.Contains(js(m["DestinationConfig"]), "Failed") || !strings.Contains(js(m["FilterCriteria"]), "partitionKey") {
		t.Errorf("destination %s, filters %s", js(m["DestinationConfig"]), js(m["FilterCriteria"]))
	}
	if types, _ := m["FunctionResponseTypes"].([]any); len(types) != 1 {
		t.Errorf("FunctionResponseTypes %v", m["FunctionResponseTypes"])
	}
	if s.OnFailure() != nil || len(cdktest.Resources(tpl, "AWS::SQS::Queue")) != 0 {
		t.Error("a given topic: no on-failure queue should be created")
	}
}

func intp(n int) *int { return &n }
