package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleSQSVisibilityTimeout = &Rule{
	ID:       "sqs-visibility-below-6x-timeout",
	Severity: Warning,
	Summary:  "an SQS queue whose visibility timeout is below six times the timeout of the function it feeds",
	Source:   "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html (set the queue's visibility timeout to at least six times the function timeout)",
	Fix:      "Set the queue's VisibilityTimeout to at least six times the function's timeout (lambdaperf's sources.NewSQS does).",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, es *EventSources) {
			q := es.Queues[m.Queue]
			timeout, ok := f.TimeoutSec.Or(lambda.DefaultTimeoutSec)
			if m.Kind != "sqs" || q == nil || !q.VisibilitySec.Known() || !ok || q.VisibilitySec.V >= lambda.SQSVisibilityFactor*timeout {
				return
			}
			c.report(f.Resource,
				fmt.Sprintf("%s reads queue %s, whose visibility timeout is %d s, below %d × its timeout of %d s: a message shows again while Lambda still retries a throttled batch, and is processed twice (below %d s, the event source mapping is refused).", name(f.Resource), q.LogicalID, q.VisibilitySec.V, lambda.SQSVisibilityFactor, timeout, timeout),
				fmt.Sprintf("Set the queue's VisibilityTimeout to at least %d s (CDK: awssqs.QueueProps.VisibilityTimeout; lambdaperf's sources.NewSQS sets %d × timeout + the batching window).", lambda.SQSVisibilityFactor*timeout, lambda.SQSVisibilityFactor))
		})
	},
}

// forMappings calls fn for every event source mapping of a user function
// in a stack whose event sources were read.
func forMappings(c *checker, fn func(*Function, *Mapping, *EventSources)) {
	for _, st := range c.model.Stacks {
		es := st.EventSources
		if es == nil {
			continue
		}
		for _, f := range st.Functions {
			if f.Framework {
				continue
			}
			for _, m := range es.Mappings {
				if m.Function == f.LogicalID {
					fn(f, m, es)
				}
			}
		}
	}
}
