package sources

import (
	"reflect"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/nag"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Stream is a Kinesis data stream or a DynamoDB stream feeding an
// optimized function's alias.
type Stream struct {
	constructs.Construct
	fn        *optimizedfn.Function
	plan      *StreamPlan
	onFailure awssqs.IQueue // nil when failures go to a topic
	source    awslambda.IEventSource
	mappingID *string
}

// NewStream attaches the stream of props.Kinesis or props.Table to fn's
// alias as StreamProps says, with an on-failure queue unless one is
// given. The construct is a child of fn, so monitoring finds it. Invalid
// props stop synthesis with every problem listed.
func NewStream(fn *optimizedfn.Function, id *string, props *StreamProps) *Stream {
	if props == nil {
		props = &StreamProps{}
	}
	tableStream := props.Table == nil || props.Table.TableStreamArn() != nil
	plan, err := resolveStream(problems.Path(fn, id), props, FunctionOf(fn), tableStream)
	if err != nil {
		panic(err)
	}
	s := &Stream{fn: fn, plan: plan, onFailure: props.OnFailureQueue}
	constructs.NewConstruct_Override(s, fn, id)
	s.build(props)
	return s
}

func (s *Stream) build(props *StreamProps) {
	p := s.plan
	var dlq awslambda.IEventSourceDlq
	switch {
	case p.CreateOnFailure:
		s.onFailure = deadLetterQueue(s, "OnFailure", false, "Batches of the stream that ran out of retries or record age")
		dlq = awslambdaeventsources.NewSqsDlq(s.onFailure)
	case props.OnFailureQueue != nil:
		dlq = awslambdaeventsources.NewSqsDlq(props.OnFailureQueue)
	default:
		dlq = awslambdaeventsources.NewSnsDlq(props.OnFailureTopic)
	}
	start := awslambda.StartingPosition(p.StartingPosition)
	var retries *float64
	if p.RetryAttempts != Unbounded {
		retries = jsii.Number(p.RetryAttempts)
	}
	d := &awslambdaeventsources.DynamoEventSourceProps{
		StartingPosition: start, BatchSize: jsii.Number(p.BatchSize), BisectBatchOnError: jsii.Bool(p.Bisect),
		OnFailure: dlq, ParallelizationFactor: jsii.Number(p.ParallelizationFactor), ReportBatchItemFailures: jsii.Bool(true),
		RetryAttempts: retries, Filters: filters(p.Filters), MetricsConfig: eventCountMetrics(),
	}
	if p.MaxBatchingWindow > 0 {
		d.MaxBatchingWindow = seconds(p.MaxBatchingWindow)
	}
	if p.MaxRecordAge > 0 {
		d.MaxRecordAge = seconds(p.MaxRecordAge)
	}
	if p.TumblingWindow > 0 {
		d.TumblingWindow = seconds(p.TumblingWindow)
	}
	switch p.Kind {
	case KindKinesis:
		k := &awslambdaeventsources.KinesisEventSourceProps{}
		copyFields(k, d)
		src := awslambdaeventsources.NewKinesisEventSource(props.Kinesis, k)
		s.source = src
		s.fn.Alias().AddEventSource(src)
		s.mappingID = src.EventSourceMappingId()
	default:
		src := awslambdaeventsources.NewDynamoEventSource(props.Table, d)
		s.source = src
		s.fn.Alias().AddEventSource(src)
		s.mappingID = src.EventSourceMappingId()
	}
	suppressFunctionDLQ(s.fn)
	if p.Kind == KindDynamoDB {
		suppressListStreams(s.fn)
	}
	problems.Warn(s, p.Warnings)
}

// suppressListStreams explains the one wildcard a DynamoDB stream source
// adds to the function's role: dynamodb:ListStreams supports no
// resource-level permissions
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html).
func suppressListStreams(fn *optimizedfn.Function) {
	policy := fn.Function().Role().Node().TryFindChild(jsii.String("DefaultPolicy"))
	if policy == nil {
		return
	}
	nag.Suppress(policy, nag.Rule{
		ID:        "AwsSolutions-IAM5",
		Reason:    "dynamodb:ListStreams, which a DynamoDB stream source needs, supports no resource-level permissions, so it takes Resource *",
		AppliesTo: []string{"Resource::*"},
	})
}

// OnFailure is the queue that receives failed batches' metadata: the
// created one or props.OnFailureQueue; nil when they go to a topic.
func (s *Stream) OnFailure() awssqs.IQueue { return s.onFailure }

// EventSource is the event source on the function's alias.
func (s *Stream) EventSource() awslambda.IEventSource { return s.source }

// Plan is the resolved configuration; the copy is the caller's.
func (s *Stream) Plan() StreamPlan { return *s.plan }

func (s *Stream) watch() Watch {
	return Watch{Label: *s.Node().Id(), Kind: string(s.plan.Kind), BatchSize: s.plan.BatchSize, FailureQueue: s.onFailure, MappingID: s.mappingID}
}

// copyFields copies every field of src into the same-named field of dst
// with the same type: the Kinesis and DynamoDB props share their fields.
func copyFields(dst, src any) {
	sv := reflect.ValueOf(src).Elem()
	dv := reflect.ValueOf(dst).Elem()
	for i := 0; i < sv.NumField(); i++ {
		if f := dv.FieldByName(sv.Type().Field(i).Name); f.IsValid() && f.Type() == sv.Field(i).Type() {
			f.Set(sv.Field(i))
		}
	}
}
