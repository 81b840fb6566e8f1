package audit

// batchSources are the event-source kinds that hand a function a batch of
// records (event.Records).
var batchSources = map[string]bool{"sqs": true, "kinesis": true, "dynamodb": true}

// batchSize is a mapping's batch size, or the default of its kind: 10 for
// SQS, 100 for Kinesis and DynamoDB Streams
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html#invocation-eventsourcemapping-batching).
// ok is false when the size is an intrinsic.
func batchSize(m *Mapping) (int, bool) {
	def := 100
	if m.Kind == "sqs" {
		def = 10
	}
	return m.BatchSize.Or(def)
}
