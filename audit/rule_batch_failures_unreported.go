package audit

import "fmt"

var ruleBatchFailuresUnreported = &Rule{
	ID:       "batch-failures-unreported",
	Severity: Warning,
	Summary:  "an event source mapping has ReportBatchItemFailures but the handler never returns batchItemFailures",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting (with ReportBatchItemFailures, an empty or missing batchItemFailures marks every record as processed)",
	Fix:      "Return { batchItemFailures: [{ itemIdentifier: ... }] } for the records that failed (SQS: the messageId; streams: the sequence number; Powertools' processPartialResponse does it), or drop ReportBatchItemFailures from the mapping.",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, _ *EventSources) {
			code := code(f)
			if !batchSources[m.Kind] || code == nil || code.Func == nil || !code.Records.Used || code.ReportsBatchFailures != nil || !m.PartialBatch {
				return
			}
			c.report(f.Resource,
				fmt.Sprintf("The %s source %s of %s reports batch item failures, but its handler (%s) never returns batchItemFailures: a record that fails can only fail the whole batch by throwing, so the setting does nothing, and a failure caught and not thrown is lost.", m.Kind, m.LogicalID, name(f.Resource), code.Func.Pos),
				"Return { batchItemFailures: [{ itemIdentifier: record.messageId }] } for the records that failed (streams: the sequence number; Powertools' processPartialResponse does it), or drop ReportBatchItemFailures.")
		})
	},
}
