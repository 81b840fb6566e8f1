package audit

import "fmt"

// minMaxReceiveCount is the least maxReceiveCount AWS recommends for a
// queue that Lambda consumes: with fewer receives a message can reach the
// dead-letter queue without a real failure (a throttled or scaled-down
// poller returns it).
const minMaxReceiveCount = 5

var ruleSQSRedrive = &Rule{
	ID:       "sqs-redrive-policy",
	Severity: Warning,
	Summary:  "a queue consumed by Lambda with no redrive policy (dead-letter queue), or a maxReceiveCount below 5",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (configure a dead-letter queue on the source queue; to give messages a better chance to be processed before they go to it, set maxReceiveCount to at least 5)",
	Fix:      fmt.Sprintf("Give the queue a dead-letter queue with maxReceiveCount of at least %d (CDK: deadLetterQueue: { queue: dlq, maxReceiveCount: %d }) and alarm on its depth.", minMaxReceiveCount, minMaxReceiveCount),
	check: func(c *checker) {
		seen := map[*Queue]bool{}
		forMappings(c, func(f *Function, m *Mapping, es *EventSources) {
			q := es.Queues[m.Queue]
			if m.Kind != "sqs" || q == nil || seen[q] || q.MaxReceiveCount.Unknown {
				return
			}
			seen[q] = true
			switch {
			case !q.MaxReceiveCount.Set:
				c.report(f.Resource,
					fmt.Sprintf("Queue %s, which %s consumes, has no redrive policy: a message that always fails is received again and again until its retention period ends (4 days by default), each time billed and delaying others, and is then deleted unseen.", q.LogicalID, name(f.Resource)),
					fmt.Sprintf("Give the queue a dead-letter queue with maxReceiveCount of at least %d (CDK: deadLetterQueue: { queue: dlq, maxReceiveCount: %d }) and alarm on its depth.", minMaxReceiveCount, minMaxReceiveCount))
			case q.MaxReceiveCount.V < minMaxReceiveCount:
				c.report(f.Resource,
					fmt.Sprintf("Queue %s, which %s consumes, sends a message to its dead-letter queue after %d receives: a message received while the function is throttled, or returned when a batch fails for another record, can land there without ever failing itself.", q.LogicalID, name(f.Resource), q.MaxReceiveCount.V),
					fmt.Sprintf("Set maxReceiveCount to at least %d.", minMaxReceiveCount))
			}
		})
	},
}
