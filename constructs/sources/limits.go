package sources

import (
	"github.com/lambdaperf/lambdaperf/lambda"
	"time"
)

// Limits of Lambda event source mappings.
const (
	// MaxSQSBatch is the largest batch from a standard queue; MaxFIFOBatch
	// from a FIFO queue
	// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html).
	MaxSQSBatch  = 10000
	MaxFIFOBatch = 10
	// MaxSQSBatchWithoutWindow is the largest standard-queue batch that
	// needs no batching window: above it, MaximumBatchingWindowInSeconds
	// must be at least 1
	// (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-BatchSize).
	MaxSQSBatchWithoutWindow = 10
	// MaxBatchingWindow is the longest MaximumBatchingWindowInSeconds, 300 s
	// (same page); FIFO queues support none.
	MaxBatchingWindow = 300 * time.Second
	// MinMaxConcurrency..MaxMaxConcurrency is the range of an SQS source's
	// ScalingConfig.MaximumConcurrency
	// (https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html).
	MinMaxConcurrency = 2
	MaxMaxConcurrency = 1000
	// MaxStreamBatch is the largest batch from Kinesis and DynamoDB
	// Streams
	// (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html,
	// https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html).
	MaxStreamBatch = 10000
	// MaxStreamRetries is the most retries of a stream source; -1 means
	// infinite (same pages).
	MaxStreamRetries = 10000
	// MinRecordAge..MaxRecordAge is the range of MaximumRecordAgeInSeconds
	// besides -1, infinite (same pages).
	MinRecordAge = 60 * time.Second
	MaxRecordAge = 604800 * time.Second
	// MaxParallelization is the most concurrent batches per shard (same
	// pages).
	MaxParallelization = 10
	// MaxTumblingWindow is the longest TumblingWindowInSeconds (same pages).
	MaxTumblingWindow = 900 * time.Second
	// MaxFilters is the default quota of filters per event source mapping
	// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html);
	// a pattern is at most MaxFilterPattern characters
	// (https://docs.aws.amazon.com/lambda/latest/api/API_Filter.html).
	MaxFilters       = 5
	MaxFilterPattern = 4096
	// MaxAsyncRetries is the most retries of an asynchronous invocation;
	// MinEventAge..MaxEventAge the range of its maximum event age
	// (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html).
	MaxAsyncRetries = 2
	MinEventAge     = 60 * time.Second
	MaxEventAge     = 6 * time.Hour
	// MaxReceiveCountLimit is the most receives an SQS redrive policy
	// allows before a message moves to the dead-letter queue
	// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html).
	MaxReceiveCountLimit = 1000
	// MaxVisibilityTimeout is SQS's longest visibility timeout, 12 hours
	// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html).
	MaxVisibilityTimeout = 12 * time.Hour
	// MaxRetention is SQS's longest message retention, 14 days: dead
	// letters are kept that long.
	MaxRetention = 14 * 24 * time.Hour
)

// VisibilityFactor is the AWS recommendation for a queue that feeds a
// function: a visibility timeout of at least six times the function's
// timeout (lambda.SQSVisibilityFactor, which the advisor uses; a test
// keeps the two equal).
const VisibilityFactor = 6

// Defaults the package applies where props leave a field at its zero value.
const (
	// DefaultSQSBatch and DefaultSQSWindow: a standard queue hands the
	// function up to 100 messages, gathered for up to 5 s, so a busy queue
	// costs one invocation per 100 messages instead of per 10 (Lambda's
	// default), and a quiet one waits at most 5 s.
	DefaultSQSBatch  = 100
	DefaultSQSWindow = 5 * time.Second
	// DefaultFIFOBatch is the largest FIFO batch; FIFO has no window.
	DefaultFIFOBatch = 10
	// DefaultMaxReceiveCount: a message is tried 5 times before it moves
	// to the dead-letter queue. AWS recommends at least 5, so a throttled
	// batch is not sent there after its first failed receive
	// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
	DefaultMaxReceiveCount = 5
	// DefaultStreamBatch is Lambda's default stream batch.
	DefaultStreamBatch = 100
	// DefaultStreamRetries and DefaultRecordAge bound how long a poison
	// record blocks its shard: 5 retries (each halving the batch with
	// bisect on error) or one hour, then its batch's metadata goes to the
	// on-failure destination and the shard moves on. Lambda's defaults
	// are infinite: the shard stops until the record expires (24 h on
	// DynamoDB Streams, up to 365 days on Kinesis).
	DefaultStreamRetries = 5
	DefaultRecordAge     = time.Hour
	// DefaultAsyncRetries and DefaultEventAge are Lambda's own (2, 6 h):
	// what changes is that an event that runs out of either goes to the
	// on-failure destination instead of being dropped.
	DefaultAsyncRetries = 2
	DefaultEventAge     = 6 * time.Hour
)

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (an invalid array
// index) when one does not, as stringer checks enum values.
func _() {
	var x [1]struct{}
	_ = x[VisibilityFactor-lambda.SQSVisibilityFactor]
	_ = x[DefaultFIFOBatch-MaxFIFOBatch]
	_ = x[DefaultEventAge-MaxEventAge]
}
