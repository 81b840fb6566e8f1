package sources

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Destination is where Lambda sends the record of an asynchronous
// invocation: set exactly one field.
type Destination struct {
	Queue awssqs.IQueue // a standard queue
	Topic awssns.ITopic // a standard topic
	// EventBus is an EventBridge event bus.
	EventBus awsevents.IEventBus
	// Function is another Lambda function.
	Function awslambda.IFunction
}

// set counts the fields set.
func (d *Destination) set() int {
	n := 0
	for _, ok := range []bool{d.Queue != nil, d.Topic != nil, d.EventBus != nil, d.Function != nil} {
		if ok {
			n++
		}
	}
	return n
}

// AsyncProps configures the asynchronous invocation of a function (S3,
// SNS, EventBridge and other services that invoke with InvocationType
// Event).
type AsyncProps struct {
	// RetryAttempts after a failed invocation, 0..2. Default: nil,
	// DefaultAsyncRetries (2, Lambda's).
	RetryAttempts *int

	// MaxEventAge is how long Lambda keeps an event it could not yet
	// process, whole seconds 60 s..6 h. Default: 0, DefaultEventAge (6 h).
	MaxEventAge time.Duration

	// OnFailure receives events that failed every retry or grew too old.
	// Default: nil, the construct creates a standard queue encrypted with
	// SQS-managed keys that keeps them 14 days: nothing is dropped
	// silently.
	OnFailure *Destination

	// OnSuccess receives the result of successful invocations. Default:
	// nil, none.
	OnSuccess *Destination
}

// AsyncPlan is an asynchronous invocation config fully resolved.
type AsyncPlan struct {
	// Path is the config's construct path, used in messages.
	Path string
	// RetryAttempts after a failed invocation, 0..2.
	RetryAttempts int
	// MaxEventAge is how long Lambda keeps an event for retries, 60 s..6 h.
	MaxEventAge time.Duration
	// CreateOnFailure is true when the construct builds the encrypted
	// on-failure queue.
	CreateOnFailure bool
	// OnSuccess says successful invocations go to a destination.
	OnSuccess bool
}

// Validate checks props without building anything and returns every
// problem at once (errors.Join), or nil.
func (p *AsyncProps) Validate() error {
	_, err := ResolveAsync("", p, false)
	return err
}

// ResolveAsync applies defaults to props and checks every rule, without
// jsii. configured says the function already has an asynchronous
// invocation config (one per function). Props are never modified.
func ResolveAsync(path string, props *AsyncProps, configured bool) (*AsyncPlan, error) {
	return resolveAsync(path, props, configured, nil)
}

// resolveAsync is ResolveAsync; fifo names the destinations whose queue
// is a FIFO queue (New reads it, Validate cannot).
func resolveAsync(path string, props *AsyncProps, configured bool, fifo []string) (*AsyncPlan, error) {
	if props == nil {
		props = &AsyncProps{}
	}
	probs := problems.New("sources.Async", path)
	fail := probs.Addf
	for _, name := range fifo {
		fail("%s.Queue is a FIFO queue: Lambda sends asynchronous invocation records only to standard queues; give a standard queue, or leave OnFailure nil for an encrypted one", name)
	}
	if configured {
		fail("the function already has an asynchronous invocation config: Lambda keeps one per function; put every setting in one sources.NewAsync")
	}
	p := &AsyncPlan{Path: path, RetryAttempts: DefaultAsyncRetries, MaxEventAge: props.MaxEventAge, CreateOnFailure: props.OnFailure == nil, OnSuccess: props.OnSuccess != nil}
	if props.RetryAttempts != nil {
		p.RetryAttempts = *props.RetryAttempts
		if p.RetryAttempts < 0 || p.RetryAttempts > MaxAsyncRetries {
			fail("RetryAttempts must be 0..%d, got %d: Lambda retries an asynchronous event at most twice", MaxAsyncRetries, p.RetryAttempts)
		}
	}
	if p.MaxEventAge == 0 {
		p.MaxEventAge = DefaultEventAge
	} else if a := p.MaxEventAge; a < MinEventAge || a > MaxEventAge || !wholeSeconds(a) {
		fail("MaxEventAge must be whole seconds 1m0s..6h0m0s, got %s: leave it 0 for %s", a, DefaultEventAge)
	}
	for _, d := range []struct {
		name string
		dest *Destination
	}{{"OnFailure", props.OnFailure}, {"OnSuccess", props.OnSuccess}} {
		if d.dest != nil && d.dest.set() != 1 {
			fail("%s sets %d destinations: set exactly one of Queue, Topic, EventBus and Function", d.name, d.dest.set())
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}
