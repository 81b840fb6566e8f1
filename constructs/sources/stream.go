package sources

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// StartingPosition is where a stream source starts reading.
type StartingPosition string

// Starting positions.
const (
	// Latest reads the records written after the mapping is created.
	Latest StartingPosition = "LATEST"
	// TrimHorizon reads every record still in the stream.
	TrimHorizon StartingPosition = "TRIM_HORIZON"
)

// Unbounded is the value of StreamProps.RetryAttempts and MaxRecordAge
// that Lambda reads as infinite (-1).
const Unbounded = -1

// StreamProps attaches a Kinesis data stream or a DynamoDB stream to a
// function. Set exactly one of Kinesis and Table.
type StreamProps struct {
	// Kinesis is the data stream to consume. Default: nil.
	Kinesis awskinesis.IStream
	// Table is the DynamoDB table whose stream to consume; it must have a
	// stream (TableProps.Stream). Default: nil.
	Table awsdynamodb.ITable

	// StartingPosition of a new mapping. Default: Latest.
	StartingPosition StartingPosition

	// BatchSize is the most records per invocation, 1..10,000. Default:
	// DefaultStreamBatch (100).
	BatchSize int

	// MaxBatchingWindow is how long Lambda gathers records before it
	// invokes with a batch that is not full, whole seconds 0..300 s.
	// Default: 0, none.
	MaxBatchingWindow time.Duration

	// ParallelizationFactor is how many batches of one shard run at once,
	// 1..10; records of one partition key stay in order. Size it with
	// ParallelizationFor. Default: 0, 1.
	ParallelizationFactor int

	// RetryAttempts after a failed batch, 0..10,000, or Unbounded (-1,
	// with a warning). Default: nil, DefaultStreamRetries (5).
	RetryAttempts *int

	// MaxRecordAge is the oldest record Lambda sends, whole seconds
	// 60 s..604,800 s (7 days), or Unbounded (-1, with a warning).
	// Default: 0, DefaultRecordAge (1 h).
	MaxRecordAge time.Duration

	// NoBisect turns off splitting a failed batch in two to find the bad
	// record. Default: false, bisect on error.
	NoBisect bool

	// OnFailureQueue or OnFailureTopic receives the metadata of batches
	// that ran out of retries or age (set at most one; a standard queue
	// or topic). Default: both nil, the construct creates an encrypted
	// queue that keeps them 14 days.
	OnFailureQueue awssqs.IQueue
	// OnFailureTopic, an alternative to OnFailureQueue, receives the same
	// metadata.
	OnFailureTopic awssns.ITopic

	// TumblingWindow aggregates state across invocations over windows of
	// this length, whole seconds 0..900 s. Default: 0, none.
	TumblingWindow time.Duration

	// Filters select the records the function sees. Default: none.
	Filters []Filter
}

// StreamKind is the service a stream source reads.
type StreamKind string

// Stream kinds.
const (
	KindKinesis  StreamKind = "kinesis"
	KindDynamoDB StreamKind = "dynamodb"
)

// StreamPlan is a stream source fully resolved.
type StreamPlan struct {
	// Path is the source's construct path, used in messages.
	Path string
	// Kind of stream: Kinesis or DynamoDB.
	Kind StreamKind
	// StartingPosition is where the mapping starts reading a shard.
	StartingPosition StartingPosition
	// BatchSize is the most records per invocation.
	BatchSize int
	// MaxBatchingWindow is how long Lambda gathers records before invoking; 0
	// for none.
	MaxBatchingWindow time.Duration
	// ParallelizationFactor is how many batches of one shard run at once,
	// 1..10.
	ParallelizationFactor int
	// RetryAttempts, Unbounded for infinite.
	RetryAttempts int
	// MaxRecordAge, Unbounded×time.Second for infinite.
	MaxRecordAge time.Duration
	// Bisect says a failed batch is split in two to find the bad record.
	Bisect bool
	// CreateOnFailure is true when the construct builds the on-failure
	// queue.
	CreateOnFailure bool
	// TumblingWindow aggregates state across invocations over windows of this
	// length; 0 for none.
	TumblingWindow time.Duration
	// Filters as JSON patterns; records that match none are dropped unbilled.
	Filters []string
	// Warnings are the soft problems NewStream reports as warning
	// annotations.
	Warnings []Warning
}

// Validate checks props against a function without building anything and
// returns every problem at once (errors.Join), or nil.
func (p *StreamProps) Validate(fn Function) error {
	_, err := ResolveStream("", p, fn)
	return err
}

// ResolveStream applies defaults to props and checks every rule, without
// jsii. path names the construct in messages. Props are never modified.
func ResolveStream(path string, props *StreamProps, fn Function) (*StreamPlan, error) {
	return resolveStream(path, props, fn, true)
}

// resolveStream is ResolveStream; tableStream says whether props.Table has
// a stream (New reads it, Validate cannot).
func resolveStream(path string, props *StreamProps, fn Function, tableStream bool) (*StreamPlan, error) {
	if props == nil {
		props = &StreamProps{}
	}
	probs := problems.New("sources.Stream", path)
	fail := probs.Addf
	checkFunction(fn, fail)
	if props.Table != nil && !tableStream {
		fail("Table has no stream: enable one (awsdynamodb.TableProps.Stream, e.g. StreamViewType_NEW_IMAGE), or import the table with its TableStreamArn")
	}
	p := &StreamPlan{Path: path, Bisect: !props.NoBisect, CreateOnFailure: props.OnFailureQueue == nil && props.OnFailureTopic == nil}

	switch {
	case props.Kinesis != nil && props.Table != nil:
		fail("Kinesis and Table are both set: one source per construct; build one Stream for each")
	case props.Kinesis != nil:
		p.Kind = KindKinesis
	case props.Table != nil:
		p.Kind = KindDynamoDB
	default:
		fail("neither Kinesis nor Table is set: give the stream to consume")
	}
	if props.OnFailureQueue != nil && props.OnFailureTopic != nil {
		fail("OnFailureQueue and OnFailureTopic are both set: Lambda sends a stream's failed batches to one destination; keep one")
	}

	p.StartingPosition = props.StartingPosition
	switch p.StartingPosition {
	case "":
		p.StartingPosition = Latest
	case Latest, TrimHorizon:
	default:
		fail("StartingPosition %q is not one: use sources.Latest or sources.TrimHorizon", props.StartingPosition)
	}

	p.BatchSize = props.BatchSize
	if p.BatchSize == 0 {
		p.BatchSize = DefaultStreamBatch
	} else if p.BatchSize < 1 || p.BatchSize > MaxStreamBatch {
		fail("BatchSize must be 1..%d, got %d: leave it 0 for %d", MaxStreamBatch, p.BatchSize, DefaultStreamBatch)
	}
	p.MaxBatchingWindow = props.MaxBatchingWindow
	if w := p.MaxBatchingWindow; w < 0 || w > MaxBatchingWindow || !wholeSeconds(w) {
		fail("MaxBatchingWindow must be whole seconds 0s..5m0s, got %s: Lambda waits at most 300 s for a batch to fill", w)
	}

	p.ParallelizationFactor = props.ParallelizationFactor
	if p.ParallelizationFactor == 0 {
		p.ParallelizationFactor = 1
	} else if p.ParallelizationFactor < 1 || p.ParallelizationFactor > MaxParallelization {
		fail("ParallelizationFactor must be 1..%d, got %d: Lambda runs at most 10 batches per shard at once; for more throughput add shards (ParallelizationFor sizes it)", MaxParallelization, p.ParallelizationFactor)
	}

	p.RetryAttempts = DefaultStreamRetries
	if props.RetryAttempts != nil {
		p.RetryAttempts = *props.RetryAttempts
	}
	unbounded := false
	switch r := p.RetryAttempts; {
	case r == Unbounded:
		unbounded = true
	case r < 0 || r > MaxStreamRetries:
		fail("RetryAttempts must be 0..%d, or sources.Unbounded, got %d: leave it nil for %d", MaxStreamRetries, r, DefaultStreamRetries)
	}
	p.MaxRecordAge = props.MaxRecordAge
	switch a := p.MaxRecordAge; {
	case a == 0:
		p.MaxRecordAge = DefaultRecordAge
	case a == Unbounded || a == Unbounded*time.Second:
		p.MaxRecordAge = Unbounded * time.Second
		unbounded = true
	case a < MinRecordAge || a > MaxRecordAge || !wholeSeconds(a):
		fail("MaxRecordAge must be whole seconds 1m0s..168h0m0s, or sources.Unbounded, got %s: leave it 0 for %s", a, DefaultRecordAge)
	}
	if unbounded {
		p.Warnings = append(p.Warnings, Warning{ID: WarnUnboundedRetries, Message: problems.Prefix("sources.Stream", path) + ": " + sprintf(
			"RetryAttempts %d and MaxRecordAge %s: a record that always fails is retried until it expires, and its shard processes nothing else meanwhile; bound both (defaults %d and %s) so the batch goes to the on-failure destination",
			p.RetryAttempts, p.MaxRecordAge, DefaultStreamRetries, DefaultRecordAge)})
	}

	p.TumblingWindow = props.TumblingWindow
	if t := p.TumblingWindow; t < 0 || t > MaxTumblingWindow || !wholeSeconds(t) {
		fail("TumblingWindow must be whole seconds 0s..15m0s, got %s", t)
	}
	p.Filters = resolveFilters(props.Filters, fail)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}
