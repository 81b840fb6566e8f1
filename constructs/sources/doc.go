// Package sources attaches event sources and asynchronous-invocation
// settings to an optimized function with the serverless playbook's
// defaults: batch, never drop a message silently, check every limit before
// deploy.
//
//   - [NewSQS]: a standard or FIFO queue (created, or yours) with partial
//     batch responses, a batch size and batching window chosen for
//     throughput, a visibility timeout of at least six times the function
//     timeout, and an encrypted dead-letter queue with a bounded
//     maxReceiveCount.
//   - [NewStream]: a Kinesis data stream or a DynamoDB stream with partial
//     batch responses, bisect on error, bounded retries and record age, an
//     encrypted on-failure destination, and a parallelization factor sized
//     by [ParallelizationFor].
//   - [NewAsync]: retry attempts, maximum event age and destinations of
//     asynchronous invocations, with an encrypted on-failure queue unless
//     one is given.
//
// Every source takes filter criteria ([Filter]), so events the function
// would ignore are never billed.
//
// As in the rest of lambdaperf, everything that can be decided without jsii
// (defaults, limits, sizing) is plain Go: ResolveSQS, ResolveStream,
// ResolveAsync and the Validate methods return every problem at once; the
// New functions only translate the resolved plan into CDK constructs. Each
// construct is a child of the function it feeds, so a Monitoring of the
// function finds it ([Watches]) when the app synthesizes, whether it was
// attached before or after monitoring.New, and graphs and alarms its dead
// letters, batch size and event age with no extra call.
package sources
