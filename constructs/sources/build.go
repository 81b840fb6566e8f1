package sources

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/nag"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// SQS is a queue feeding an optimized function's alias.
type SQS struct {
	constructs.Construct
	fn     *optimizedfn.Function
	plan   *SQSPlan
	queue  awssqs.IQueue
	dlq    awssqs.IQueue
	source awslambdaeventsources.SqsEventSource
}

// NewSQS attaches an SQS queue to fn's alias (created unless props.Queue
// is given) as SQSProps says. The construct is a child of fn, so
// monitoring finds it. Invalid props stop synthesis with every problem
// listed, each naming the construct path, the field, the value and the fix.
func NewSQS(fn *optimizedfn.Function, id *string, props *SQSProps) *SQS {
	if props == nil {
		props = &SQSProps{}
	}
	var facts *QueueFacts
	if props.Queue != nil {
		facts = readQueue(props.Queue)
	}
	plan, err := ResolveSQS(problems.Path(fn, id), props, FunctionOf(fn), facts)
	if err != nil {
		panic(err)
	}
	s := &SQS{fn: fn, plan: plan, queue: props.Queue}
	constructs.NewConstruct_Override(s, fn, id)
	s.build()
	return s
}

// readQueue reads whether q is FIFO and, for a queue built in this app,
// its visibility timeout (SQS's default 30 s when the template sets none).
func readQueue(q awssqs.IQueue) *QueueFacts {
	f := &QueueFacts{}
	if fifo := q.Fifo(); fifo != nil {
		f.FIFO = *fifo
	}
	if r := defaultL1(q, "AWS::SQS::Queue"); r != nil {
		if cfn, ok := r.(awssqs.CfnQueue); ok {
			f.VisibilityTimeout = 30 * time.Second
			if v := cfn.VisibilityTimeout(); v != nil {
				if *awscdk.Token_IsUnresolved(v) {
					f.VisibilityTimeout = 0
				} else {
					f.VisibilityTimeout = time.Duration(*v) * time.Second
				}
			}
		}
	}
	return f
}

// defaultL1 is the CloudFormation resource of type typ that c is or
// wraps; nil for an imported resource or another type.
func defaultL1(c constructs.IConstruct, typ string) constructs.IConstruct {
	for _, x := range []constructs.IConstruct{c, c.Node().DefaultChild()} {
		if x != nil && *awscdk.CfnResource_IsCfnResource(x) {
			if r, ok := x.(awscdk.CfnResource); ok && *r.CfnResourceType() == typ {
				return x
			}
		}
	}
	return nil
}

// encryptedQueue is a queue encrypted with SQS-managed keys that refuses
// clients without TLS.
func encryptedQueue(scope constructs.Construct, id string, props *awssqs.QueueProps) awssqs.Queue {
	props.Encryption = awssqs.QueueEncryption_SQS_MANAGED
	props.EnforceSSL = jsii.Bool(true)
	return awssqs.NewQueue(scope, jsii.String(id), props)
}

// deadLetterQueue keeps failed messages, batches or events for the longest
// SQS allows, 14 days.
func deadLetterQueue(scope constructs.Construct, id string, fifo bool, purpose string) awssqs.Queue {
	// A redrive-allow policy marks it as a dead-letter queue (AWS Control
	// Tower CT.SQS.PR.1): it cannot name its source, which names it.
	p := &awssqs.QueueProps{RetentionPeriod: seconds(MaxRetention),
		RedriveAllowPolicy: &awssqs.RedriveAllowPolicy{RedrivePermission: awssqs.RedrivePermission_ALLOW_ALL}}
	if fifo {
		p.Fifo = jsii.Bool(true)
	}
	q := encryptedQueue(scope, id, p)
	// It is a destination, not a source: nothing consumes it to fail again.
	nag.Suppress(q, nag.Rule{ID: "AwsSolutions-SQS3", Reason: purpose + ": it is itself the dead-letter destination, so it has no dead-letter queue of its own"},
		nag.Rule{ID: "Serverless-SQSRedrivePolicy", Reason: purpose + ": it is itself the dead-letter destination, so it has no redrive policy of its own"})
	return q
}

func seconds(d time.Duration) awscdk.Duration {
	return awscdk.Duration_Seconds(jsii.Number(d.Seconds()))
}

// eventCountMetrics turns on the mapping's event-count metrics
// (PolledEventCount, InvokedEventCount, FilteredOutEventCount,
// FailedInvokeEventCount ...), from which monitoring graphs the batch
// size actually used.
func eventCountMetrics() *awslambda.MetricsConfig {
	return &awslambda.MetricsConfig{Metrics: &[]awslambda.MetricType{awslambda.MetricType_EVENT_COUNT}}
}

// filters are the resolved patterns in the form FilterCriteria.filter
// builds.
func filters(patterns []string) *[]*map[string]any {
	if len(patterns) == 0 {
		return nil
	}
	out := make([]*map[string]any, len(patterns))
	for i, p := range patterns {
		out[i] = &map[string]any{"pattern": p}
	}
	return &out
}

func (s *SQS) build() {
	p := s.plan
	if p.CreateQueue {
		s.dlq = deadLetterQueue(s, "DeadLetters", p.FIFO, sprintf("Messages the function failed %d times", p.MaxReceiveCount))
		qp := &awssqs.QueueProps{
			VisibilityTimeout: seconds(p.VisibilityTimeout),
			DeadLetterQueue:   &awssqs.DeadLetterQueue{Queue: s.dlq, MaxReceiveCount: jsii.Number(p.MaxReceiveCount)},
		}
		if p.FIFO {
			qp.Fifo = jsii.Bool(true)
		}
		s.queue = encryptedQueue(s, "Queue", qp)
	}
	props := &awslambdaeventsources.SqsEventSourceProps{
		BatchSize:               jsii.Number(p.BatchSize),
		ReportBatchItemFailures: jsii.Bool(true),
		Filters:                 filters(p.Filters),
		MetricsConfig:           eventCountMetrics(),
	}
	if p.MaxBatchingWindow > 0 {
		props.MaxBatchingWindow = seconds(p.MaxBatchingWindow)
	}
	if p.MaxConcurrency > 0 {
		props.MaxConcurrency = jsii.Number(p.MaxConcurrency)
	}
	s.source = awslambdaeventsources.NewSqsEventSource(s.queue, props)
	s.fn.Alias().AddEventSource(s.source)
	s.suppressSourceDestination()
	suppressFunctionDLQ(s.fn)
	problems.Warn(s, p.Warnings)
}

// suppressFunctionDLQ explains to cdk-nag why a function fed by an event
// source mapping needs no DeadLetterConfig: the mapping invokes it
// synchronously, and a function's dead-letter queue only catches
// asynchronous events; the source's own dead-letter or on-failure queue
// keeps what fails (NewAsync adds an on-failure destination for async).
func suppressFunctionDLQ(fn *optimizedfn.Function) {
	nag.Suppress(fn.Function(), nag.Rule{ID: "Serverless-LambdaDLQ",
		Reason: "An event source mapping invokes this function synchronously; DeadLetterConfig only catches asynchronous events, and the source's own dead-letter or on-failure queue keeps what fails"})
}

// suppressSourceDestination explains the SQS mapping's missing on-failure
// destination to cdk-nag: Lambda supports none for SQS; failed messages
// move to the queue's dead-letter queue through its redrive policy.
func (s *SQS) suppressSourceDestination() {
	for _, c := range *s.fn.Alias().Node().Children() {
		if r := defaultL1(c, "AWS::Lambda::EventSourceMapping"); r != nil {
			if m, ok := r.(awslambda.CfnEventSourceMapping); ok && m.StartingPosition() == nil {
				nag.Suppress(c, nag.Rule{ID: "Serverless-LambdaEventSourceMappingDestination",
					Reason: "Lambda offers no on-failure destination for SQS mappings: failed messages move to the queue's dead-letter queue through its redrive policy"})
			}
		}
	}
}

// Queue is the consumed queue.
func (s *SQS) Queue() awssqs.IQueue { return s.queue }

// DeadLetterQueue is the created queue's dead-letter queue; nil for a
// given queue.
func (s *SQS) DeadLetterQueue() awssqs.IQueue { return s.dlq }

// EventSource is the event source on the function's alias.
func (s *SQS) EventSource() awslambdaeventsources.SqsEventSource { return s.source }

// Plan is the resolved configuration; the copy is the caller's.
func (s *SQS) Plan() SQSPlan { return *s.plan }

func (s *SQS) watch() Watch {
	return Watch{Label: *s.Node().Id(), Kind: "sqs", BatchSize: s.plan.BatchSize, FailureQueue: s.dlq, MappingID: s.source.EventSourceMappingId()}
}
