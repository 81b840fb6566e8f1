package audit

import "fmt"

var ruleNoPartialBatchResponse = &Rule{
	ID:       "no-partial-batch-response",
	Severity: Warning,
	Summary:  "an SQS, Kinesis or DynamoDB Streams source without partial batch responses",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting (report batch item failures, so only the failed records are retried)",
	Fix:      "Add ReportBatchItemFailures to the mapping's FunctionResponseTypes and return only the failed records in batchItemFailures (lambdaperf's sources package always does).",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, _ *EventSources) {
			if m.Kind == "" || m.PartialBatch {
				return
			}
			if size, ok := batchSize(m); !ok || size <= 1 {
				return // one record a batch: the batch is the record
			}
			c.report(f.Resource,
				fmt.Sprintf("The %s source %s of %s has no partial batch responses: one failed record makes Lambda retry the whole batch, so the records that succeeded are processed (and billed) again.", m.Kind, m.LogicalID, name(f.Resource)),
				"Add ReportBatchItemFailures to the mapping's FunctionResponseTypes (CDK: ReportBatchItemFailures: jsii.Bool(true) on the event source; lambdaperf's sources package always sets it) and return {\"batchItemFailures\": [{\"itemIdentifier\": id}]} for the failed records only.")
		})
	},
}
