package monitoring

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// SQSNamespace holds the metrics SQS publishes for every queue
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
const SQSNamespace = "AWS/SQS"

// SourcePlan is one event source or async config attached to a function
// with constructs/sources, resolved.
type SourcePlan struct {
	// Label is the source construct's ID.
	Label string
	// Kind is "sqs", "kinesis", "dynamodb" or "async".
	Kind string
	// BatchSize configured on the mapping; 0 for async.
	BatchSize int
	// FailureQueue is the name (usually a token) of the queue that
	// receives what the function could not process; "" without one.
	FailureQueue string
	// MappingID is the event source mapping's UUID (a token); "" for
	// async.
	MappingID string
}

// failureName says what the failure queue is to this kind of source.
func (s SourcePlan) failureName() string {
	if s.Kind == "sqs" {
		return "dead-letter queue"
	}
	return "on-failure queue"
}

func sourcePlans(ws []sources.Watch) []SourcePlan {
	var out []SourcePlan
	for _, w := range ws {
		s := SourcePlan{Label: w.Label, Kind: w.Kind, BatchSize: w.BatchSize}
		if w.FailureQueue != nil {
			s.FailureQueue = *w.FailureQueue.QueueName()
		}
		if w.MappingID != nil {
			s.MappingID = *w.MappingID
		}
		out = append(out, s)
	}
	return out
}

// orDefault is m, or the default entry (alarm on the first one) when m is
// nil and on says the alarm applies.
func orDefault(m map[string]CountThreshold, on bool) map[string]CountThreshold {
	if m == nil && on {
		return map[string]CountThreshold{DefaultAlarmLabel: {}}
	}
	if !on {
		return nil
	}
	return m
}

// DeadLetters is the number of messages waiting in a failure queue (SQS's
// ApproximateNumberOfMessagesVisible): the peak per period.
func (f *MetricFactory) DeadLetters(queueName, label string) awscloudwatch.Metric {
	return f.metric(SQSNamespace, "ApproximateNumberOfMessagesVisible", &map[string]*string{"QueueName": jsii.String(queueName)}, Maximum, label, colorErrors)
}

// AsyncEventsDropped is the number of asynchronous events Lambda dropped
// (out of retries or age with no on-failure destination, or throttled
// too long) per period.
func (f *MetricFactory) AsyncEventsDropped() awscloudwatch.Metric {
	return f.lambda("AsyncEventsDropped", Sum, "Async events dropped", colorThrottles, false)
}

// InvokedEventCount is the number of records an event source mapping
// handed the function per period (its EventCount metrics, which
// constructs/sources turns on).
func (f *MetricFactory) InvokedEventCount(mappingID, label string) awscloudwatch.Metric {
	return f.metric(LambdaNamespace, "InvokedEventCount", &map[string]*string{"EventSourceMappingUUID": jsii.String(mappingID)}, Sum, label, "")
}

// BatchSize is the average number of records per invocation over the
// function's event source mappings: their InvokedEventCount over the
// alias's invocations. nil without a mapping.
func (f *MetricFactory) BatchSize() awscloudwatch.MathExpression {
	using := map[string]awscloudwatch.IMetric{}
	expr := ""
	for i, s := range f.fn.Sources {
		if s.MappingID == "" {
			continue
		}
		id := f.id(fmt.Sprintf("events%d", i))
		using[id] = f.InvokedEventCount(s.MappingID, s.Label)
		if expr != "" {
			expr += " + "
		}
		expr += "FILL(" + id + ", 0)"
	}
	if expr == "" {
		return nil
	}
	inv := f.id("batchInvocations")
	using[inv] = f.Invocations()
	return f.math(fmt.Sprintf("(%s) / %s", expr, inv), "Records per invocation", colorTraffic, using, nil)
}

// sourceAlarmMetric is the metric an alarm watches: the failure queue of
// its source for DeadLetters, the kind's metric otherwise.
func sourceAlarmMetric(m *MetricFactory, a AlarmPlan) awscloudwatch.IMetric {
	switch a.Kind {
	case KindDeadLetters:
		return m.DeadLetters(a.Queue, a.Source)
	case KindAsyncDropped:
		return m.AsyncEventsDropped()
	case KindAsyncEventAge:
		return m.AsyncEventAge()
	}
	return alarmMetric(m, a.Kind)
}

// sourcesGraph: the batch size actually used against the configured ones,
// and what the function could not process (failure queues, dropped async
// events) with their alarm thresholds.
func sourcesGraph(m *MetricFactory) graph {
	fp := m.fn
	g := graph{title: "Batches and failures", leftUnit: "records", rightUnit: "count"}
	if b := m.BatchSize(); b != nil {
		g.left = append(g.left, b)
	}
	for _, s := range fp.Sources {
		if s.BatchSize > 0 {
			g.leftAnn = append(g.leftAnn, annotation(float64(s.BatchSize), fmt.Sprintf("%s batch size %d", s.Label, s.BatchSize), colorLimit))
		}
		if s.FailureQueue != "" {
			g.right = append(g.right, m.DeadLetters(s.FailureQueue, s.Label+" "+s.failureName()))
		}
	}
	if fp.AsyncInvoked {
		g.right = append(g.right, m.AsyncEventsDropped())
	}
	if len(g.left) == 0 {
		// The left axis needs a line: the right metrics move there.
		g.left, g.right = g.right, nil
		g.leftUnit = "count"
	}
	return g
}
