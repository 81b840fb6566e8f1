package audit

import "fmt"

var ruleBatchFailuresIgnored = &Rule{
	ID:       "batch-failures-ignored",
	Severity: Error,
	Summary:  "a handler returns batchItemFailures but its event source mapping does not have ReportBatchItemFailures, so Lambda ignores them",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting (Lambda reads batchItemFailures only when the mapping's FunctionResponseTypes includes ReportBatchItemFailures; otherwise a successful return marks the whole batch processed)",
	Fix:      "Add ReportBatchItemFailures to the mapping's FunctionResponseTypes (CDK: reportBatchItemFailures: true on the event source; lambdaperf's sources package sets it), so Lambda retries the records the handler lists.",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, _ *EventSources) {
			code := code(f)
			if !batchSources[m.Kind] || code == nil || code.ReportsBatchFailures == nil || m.PartialBatch {
				return
			}
			c.report(f.Resource,
				fmt.Sprintf("%s returns batchItemFailures (%s), but its %s source %s lacks ReportBatchItemFailures: Lambda ignores the list and treats the batch as processed, so the failed records are deleted (SQS) or skipped (streams), never retried.", name(f.Resource), code.ReportsBatchFailures, m.Kind, m.LogicalID),
				"Add ReportBatchItemFailures to the mapping's FunctionResponseTypes (CDK: reportBatchItemFailures: true on the event source; lambdaperf's sources package sets it).")
		})
	},
}
