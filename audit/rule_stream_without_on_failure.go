package audit

import "fmt"

var ruleStreamWithoutOnFailure = &Rule{
	ID:       "stream-unbounded-or-no-on-failure",
	Severity: Warning,
	Summary:  "a Kinesis or DynamoDB stream source without an on-failure destination, or retrying until records expire",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html (bound retries and record age, and keep discarded batches in an on-failure destination)",
	Fix:      "Bound MaximumRetryAttempts or MaximumRecordAgeInSeconds with BisectBatchOnFunctionError on, and send discarded batches to an encrypted on-failure destination (lambdaperf's sources.NewStream does).",
	check: func(c *checker) {
		forMappings(c, func(f *Function, m *Mapping, _ *EventSources) {
			if m.Kind != "kinesis" && m.Kind != "dynamodb" {
				return
			}
			retries, retriesKnown := m.RetryAttempts.Or(-1)
			age, ageKnown := m.MaxRecordAge.Or(-1)
			if retriesKnown && ageKnown && retries == -1 && age == -1 {
				c.report(f.Resource,
					fmt.Sprintf("The %s source %s of %s retries a failed batch until its records expire (MaximumRetryAttempts and MaximumRecordAgeInSeconds unset or -1): one bad record stops its shard for up to the stream's retention.", m.Kind, m.LogicalID, name(f.Resource)),
					"Bound MaximumRetryAttempts (e.g. 5) or MaximumRecordAgeInSeconds (e.g. 3600), with BisectBatchOnFunctionError on (lambdaperf's sources.NewStream does).")
			}
			if !m.OnFailure {
				c.report(f.Resource,
					fmt.Sprintf("The %s source %s of %s has no on-failure destination: a batch that runs out of retries or age is dropped without a trace.", m.Kind, m.LogicalID, name(f.Resource)),
					"Set DestinationConfig.OnFailure to an encrypted SQS queue or SNS topic (CDK: OnFailure: awslambdaeventsources.NewSqsDlq(queue); lambdaperf's sources.NewStream creates one).")
			}
		})
	},
}
