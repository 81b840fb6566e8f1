package audit

import "fmt"

var ruleBatchFirstRecordOnly = &Rule{
	ID:       "batch-first-record-only",
	Severity: Error,
	Summary:  "a batch consumer (SQS, Kinesis, DynamoDB Streams) whose handler reads only event.Records[0]",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html#invocation-eventsourcemapping-batching (Lambda sends up to BatchSize records in one event; when the function returns, the whole batch counts as processed: SQS deletes every message, streams move past every record)",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, _ *EventSources) {
			code := code(f)
			size, ok := batchSize(m)
			if !batchSources[m.Kind] || code == nil || code.Records.FirstOnly == nil || !ok || size <= 1 {
				return
			}
			c.report(f.Resource,
				fmt.Sprintf("%s reads only event.Records[0] (%s), but its %s source %s hands it up to %d records at a time: the other records of each batch are never processed, and are lost when the invocation succeeds.", name(f.Resource), code.Records.FirstOnly, m.Kind, m.LogicalID, size),
				"Loop over every record (for (const record of event.Records) { ... }; Python: for record in event[\"Records\"]:), or set the mapping's BatchSize to 1 if one record per invocation is meant.")
		})
	},
}
