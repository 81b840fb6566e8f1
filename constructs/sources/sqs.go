package sources

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// SQSProps attaches an SQS queue to a function.
type SQSProps struct {
	// Queue to consume. Default: nil, the construct creates one (FIFO if
	// FIFO is set) encrypted with SQS-managed keys, refusing clients
	// without TLS, with a visibility timeout of VisibilityFactor × the
	// function timeout + the batching window, and a dead-letter queue.
	Queue awssqs.IQueue

	// FIFO makes the created queue a FIFO queue: batches of at most 10,
	// no batching window. For a given Queue, the construct reads it from
	// the queue. Default: false, a standard queue.
	FIFO bool

	// VisibilityTimeout of a given Queue built outside this app, when you
	// know it: below VisibilityFactor × the function timeout it stops
	// synthesis. The construct reads it from a queue built in this app.
	// Default: 0, unknown (a warning says the rule was not checked).
	VisibilityTimeout time.Duration

	// BatchSize is the most messages per invocation: 1..10,000 on a
	// standard queue (above 10 with a batching window), 1..10 on FIFO.
	// Default: DefaultSQSBatch (100) on standard, 10 on FIFO.
	BatchSize int

	// MaxBatchingWindow is how long Lambda gathers messages before it
	// invokes with a batch that is not full, whole seconds 0..300 s; FIFO
	// queues take none. Default: nil, DefaultSQSWindow (5 s) on a
	// standard queue, none on FIFO. Point at 0 for no window.
	MaxBatchingWindow *time.Duration

	// MaxConcurrency caps the concurrent invocations this queue may
	// start, 2..1000. Default: 0, the function's reserved concurrency
	// when it has 2..1000, else no cap.
	MaxConcurrency int

	// MaxReceiveCount is how often a message is received before it moves
	// to the dead-letter queue of a created queue, 1..1000. Default:
	// DefaultMaxReceiveCount (5).
	MaxReceiveCount int

	// Filters select the messages the function sees; the others are
	// deleted from the queue without an invocation. Default: none, every
	// message.
	Filters []Filter
}

// SQSPlan is an SQS source fully resolved.
type SQSPlan struct {
	// Path is the source's construct path, used in messages.
	Path string
	// CreateQueue is true when the construct builds the queue and its
	// dead-letter queue.
	CreateQueue bool
	// FIFO says the queue is a FIFO queue.
	FIFO bool
	// BatchSize is the most messages per invocation.
	BatchSize int
	// MaxBatchingWindow, 0 for none.
	MaxBatchingWindow time.Duration
	// MaxConcurrency, 0 for no cap.
	MaxConcurrency int
	// VisibilityTimeout of the queue: the created queue's, or the known
	// one of a given queue; 0 when unknown.
	VisibilityTimeout time.Duration
	// MaxReceiveCount of the created queue's redrive policy; 0 for a
	// given queue.
	MaxReceiveCount int
	// Filters as JSON patterns.
	Filters []string
	// Warnings are the soft problems NewSQS reports as warning annotations.
	Warnings []Warning
}

// QueueFacts are what the construct reads from a given queue (jsii).
type QueueFacts struct {
	// FIFO is whether the queue is a FIFO queue.
	FIFO bool
	// VisibilityTimeout of the queue, 0 when unknown.
	VisibilityTimeout time.Duration
}

// Validate checks props against a function without building anything and
// returns every problem at once (errors.Join), or nil.
func (p *SQSProps) Validate(fn Function) error {
	_, err := ResolveSQS("", p, fn, nil)
	return err
}

// ResolveSQS applies defaults to props and checks every rule, without jsii.
// path names the construct in messages; queue holds what New read from a
// given Queue (nil: taken from props). Props are never modified.
func ResolveSQS(path string, props *SQSProps, fn Function, queue *QueueFacts) (*SQSPlan, error) {
	if props == nil {
		props = &SQSProps{}
	}
	probs := problems.New("sources.SQS", path)
	fail := probs.Addf
	p := &SQSPlan{Path: path, CreateQueue: props.Queue == nil, FIFO: props.FIFO, VisibilityTimeout: props.VisibilityTimeout}
	if queue != nil {
		p.FIFO = queue.FIFO
		if queue.VisibilityTimeout > 0 {
			p.VisibilityTimeout = queue.VisibilityTimeout
		}
	}
	checkFunction(fn, fail)

	// Batch size and window.
	p.BatchSize = props.BatchSize
	switch {
	case p.BatchSize == 0 && p.FIFO:
		p.BatchSize = DefaultFIFOBatch
	case p.BatchSize == 0:
		p.BatchSize = DefaultSQSBatch
	case p.FIFO && (p.BatchSize < 1 || p.BatchSize > MaxFIFOBatch):
		fail("BatchSize must be 1..%d on a FIFO queue, got %d: Lambda hands a FIFO function at most 10 messages per batch", MaxFIFOBatch, p.BatchSize)
	case p.BatchSize < 1 || p.BatchSize > MaxSQSBatch:
		fail("BatchSize must be 1..%d on a standard queue, got %d: leave it 0 for %d", MaxSQSBatch, p.BatchSize, DefaultSQSBatch)
	}
	if props.MaxBatchingWindow != nil {
		p.MaxBatchingWindow = *props.MaxBatchingWindow
	} else if !p.FIFO {
		p.MaxBatchingWindow = DefaultSQSWindow
	}
	w := p.MaxBatchingWindow
	switch {
	case p.FIFO && w != 0:
		fail("MaxBatchingWindow is %s on a FIFO queue, which supports no batching window: leave it nil", w)
	case w < 0 || w > MaxBatchingWindow || !wholeSeconds(w):
		fail("MaxBatchingWindow must be whole seconds 0s..5m0s, got %s: Lambda waits at most 300 s for a batch to fill", w)
	case !p.FIFO && p.BatchSize > MaxSQSBatchWithoutWindow && w < time.Second:
		fail("BatchSize %d is above %d on a standard queue, which needs a batching window of at least 1s, got %s: set MaxBatchingWindow, or lower BatchSize to %d", p.BatchSize, MaxSQSBatchWithoutWindow, w, MaxSQSBatchWithoutWindow)
	}

	// Concurrency.
	p.MaxConcurrency = props.MaxConcurrency
	switch {
	case p.MaxConcurrency == 0 && fn.Reserved != nil && *fn.Reserved >= MinMaxConcurrency:
		p.MaxConcurrency = min(*fn.Reserved, MaxMaxConcurrency)
	case p.MaxConcurrency == 0:
	case p.MaxConcurrency < MinMaxConcurrency || p.MaxConcurrency > MaxMaxConcurrency:
		fail("MaxConcurrency must be %d..%d, got %d: it caps the concurrent invocations of this queue; leave it 0 for no cap", MinMaxConcurrency, MaxMaxConcurrency, p.MaxConcurrency)
	case fn.Reserved != nil && p.MaxConcurrency > *fn.Reserved:
		p.Warnings = append(p.Warnings, Warning{ID: WarnAboveReserved, Message: problems.Prefix("sources.SQS", path) + ": " + sprintf(
			"MaxConcurrency %d is above the function's reserved concurrency of %d: Lambda throttles the batches beyond it, they return to the queue and may reach the dead-letter queue; lower MaxConcurrency to %d",
			p.MaxConcurrency, *fn.Reserved, *fn.Reserved)})
	}

	// Visibility timeout: at least VisibilityFactor × the function timeout.
	need := VisibilityFactor * fn.Timeout
	if p.CreateQueue {
		p.VisibilityTimeout = need + p.MaxBatchingWindow
		if p.VisibilityTimeout > MaxVisibilityTimeout {
			p.VisibilityTimeout = MaxVisibilityTimeout
		}
	} else {
		switch v := p.VisibilityTimeout; {
		case v == 0:
			p.Warnings = append(p.Warnings, Warning{ID: WarnVisibilityUnknown, Message: problems.Prefix("sources.SQS", path) + ": " + sprintf(
				"the visibility timeout of Queue is unknown, so the rule that it is at least %d× the function timeout (%s) is not checked: set SQSProps.VisibilityTimeout to the queue's", VisibilityFactor, need)})
		case fn.Timeout > 0 && v < need:
			fail("the queue's visibility timeout %s is below %d× the function timeout %s: a message would show again while Lambda still retries a throttled batch, and be processed twice; raise the queue's visibility timeout to at least %s, or lower the function timeout", v, VisibilityFactor, fn.Timeout, need)
		}
	}

	// Dead-letter queue of a created queue.
	if p.CreateQueue {
		p.MaxReceiveCount = props.MaxReceiveCount
		if p.MaxReceiveCount == 0 {
			p.MaxReceiveCount = DefaultMaxReceiveCount
		} else if p.MaxReceiveCount < 1 || p.MaxReceiveCount > MaxReceiveCountLimit {
			fail("MaxReceiveCount must be 1..%d, got %d: it is how often a message is tried before it moves to the dead-letter queue; leave it 0 for %d", MaxReceiveCountLimit, p.MaxReceiveCount, DefaultMaxReceiveCount)
		}
	} else if props.MaxReceiveCount != 0 {
		fail("MaxReceiveCount is set for a given Queue, whose redrive policy is its own: set maxReceiveCount where the queue is defined, or leave Queue nil so the construct creates the queue and its dead-letter queue")
	}
	if props.Queue != nil && props.FIFO && queue != nil && !queue.FIFO {
		fail("FIFO is set, but Queue is a standard queue: FIFO applies to the queue the construct creates; leave it false")
	}

	p.Filters = resolveFilters(props.Filters, fail)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// checkFunction checks the facts of the function a source feeds.
func checkFunction(fn Function, fail func(string, ...any)) {
	if fn.Timeout != 0 && (fn.Timeout < time.Second || fn.Timeout > 900*time.Second) {
		fail("the function timeout must be 1s..900s, got %s", fn.Timeout)
	}
}
