package costmodel

import (
	"fmt"
	"math"
	"time"
)

// MaxBatchSize is the largest batch Lambda hands a function from SQS,
// Kinesis or DynamoDB Streams
// (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-BatchSize).
const MaxBatchSize = 10000

// DefaultBatchFill is the share of the configured batch size a batch is
// expected to hold when the caller knows nothing better: half. A busy queue
// fills batches (1.0); a quiet one sends what the batching window gathered.
const DefaultBatchFill = 0.5

// Batching is how a batched event source (SQS, Kinesis, DynamoDB Streams)
// turns messages into invocations.
type Batching struct {
	// Messages (or records) in the month. Required: 1 or more.
	Messages int64
	// BatchSize configured on the event source mapping, 1..10,000.
	// Required.
	BatchSize int
	// Fill is the expected share of BatchSize one batch holds, above 0 and
	// at most 1. Default: 0, DefaultBatchFill.
	Fill float64
	// PerMessage is the function's time for one message; a batch of n
	// takes n × PerMessage (processed one after another, the conservative
	// case). Required: more than 0.
	PerMessage time.Duration
}

// BatchEstimate compares a batched source with batch size 1.
type BatchEstimate struct {
	// MessagesPerInvocation is BatchSize × Fill, at least 1.
	MessagesPerInvocation float64
	// Invocations of the batched source, and with batch size 1 (one per
	// message).
	Invocations, SingleInvocations int64
	// Batched and Single price the month both ways.
	Batched, Single Estimate
	// Saving is Single.Total - Batched.Total.
	Saving Money
}

// SavingPercent is the saving as a percentage of the single-message cost.
func (e BatchEstimate) SavingPercent() float64 {
	if e.Single.Total <= 0 {
		return 0
	}
	return 100 * float64(e.Saving) / float64(e.Single.Total)
}

// Batched prices a month of a batched source on a function of memoryMiB
// and arch in DefaultRegion: invocations = ceil(messages / (BatchSize ×
// Fill)), each lasting BatchSize × Fill × PerMessage; and the same
// messages with batch size 1, one invocation of PerMessage each. Batching
// saves the request charge of every invocation it avoids, and the
// rounding of each invocation's billed duration up to 1 ms.
func Batched(memoryMiB int, arch Arch, b Batching) (BatchEstimate, error) {
	fill := b.Fill
	if fill == 0 {
		fill = DefaultBatchFill
	}
	switch {
	case b.Messages < 1:
		return BatchEstimate{}, fmt.Errorf("costmodel: Messages must be 1 or more, got %d", b.Messages)
	case b.BatchSize < 1 || b.BatchSize > MaxBatchSize:
		return BatchEstimate{}, fmt.Errorf("costmodel: BatchSize must be 1..%d, got %d", MaxBatchSize, b.BatchSize)
	case !(fill > 0 && fill <= 1):
		return BatchEstimate{}, fmt.Errorf("costmodel: Fill must be above 0 and at most 1, got %g", b.Fill)
	case b.PerMessage <= 0:
		return BatchEstimate{}, fmt.Errorf("costmodel: PerMessage must be more than 0, got %s", b.PerMessage)
	}
	e := BatchEstimate{MessagesPerInvocation: math.Max(1, float64(b.BatchSize)*fill), SingleInvocations: b.Messages}
	e.Invocations = int64(math.Ceil(float64(b.Messages)/e.MessagesPerInvocation - 1e-9))
	perBatch := time.Duration(float64(b.PerMessage) * e.MessagesPerInvocation)
	var err error
	if e.Batched, err = InvocationsCost(memoryMiB, perBatch, e.Invocations, arch); err != nil {
		return BatchEstimate{}, err
	}
	if e.Single, err = InvocationsCost(memoryMiB, b.PerMessage, b.Messages, arch); err != nil {
		return BatchEstimate{}, err
	}
	e.Saving = e.Single.Total - e.Batched.Total
	return e, nil
}
