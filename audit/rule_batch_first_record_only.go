package audit

import "fmt"

var ruleBatchFirstRecordOnly = &Rule{
	ID:       "batch-first-record-only",
	Severity: Error,
	Summary:  "a batch consumer (SQS, Kinesis, DynamoDB Streams) whose handler reads only event.Records[0], or returns from inside its loop over the records",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html#invocation-eventsourcemapping-batching (Lambda sends up to BatchSize records in one event; when the function returns, the whole batch counts as processed: SQS deletes every message, streams move past every record)",
	Fix:      "Loop over every record (for (const record of event.Records) { ... }; Python: for record in event[\"Records\"]:) and move on with continue, not return, or set the mapping's BatchSize to 1 if one record per invocation is meant.",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, _ *EventSources) {
			code := code(f)
			size, ok := batchSize(m)
			if !batchSources[m.Kind] || code == nil || !ok || size <= 1 {
				return
			}
			switch {
			case code.Records.FirstOnly != nil:
				c.report(f.Resource,
					fmt.Sprintf("%s reads only event.Records[0] (%s), but its %s source %s hands it up to %d records at a time: the other records of each batch are never processed, and are lost when the invocation succeeds.", name(f.Resource), code.Records.FirstOnly, m.Kind, m.LogicalID, size),
					"Loop over every record (for (const record of event.Records) { ... }; Python: for record in event[\"Records\"]:), or set the mapping's BatchSize to 1 if one record per invocation is meant.")
			case code.Records.StopsEarly != nil:
				c.report(f.Resource,
					fmt.Sprintf("%s returns from inside its loop over the batch's records (%s), but its %s source %s hands it up to %d records at a time: the records after the first one that reaches that return are never processed, and are lost when the invocation succeeds.", name(f.Resource), code.Records.StopsEarly, m.Kind, m.LogicalID, size),
					"Finish the loop over every record: skip a record with continue, collect the results and return after the loop (or report the unprocessed records in batchItemFailures with ReportBatchItemFailures on the mapping); or set the mapping's BatchSize to 1 if one record per invocation is meant.")
			}
		})
	},
}
