package cdkfixtures_test

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// The rules on handler code: firing cases ship the handlers of
// testdata/code with plain Code.fromAsset functions, the way teams without
// a bundler do; passing cases use the same code fixed, or lambdaperf's
// optimized function.
func init() {
	// codeFn is a plain function whose code is testdata/code/<dir>.
	codeFn := func(k *kit, scope constructs.Construct, id, dir string, runtime awslambda.Runtime) awslambda.Function {
		return plainFn(scope, id, &awslambda.FunctionProps{Runtime: runtime, Code: awslambda.Code_FromAsset(jsii.String(k.path("code/"+dir)), nil)})
	}
	// node22 is called when a stack is built, never in init: TestMain
	// restarts the jsii kernel, and an object of the first kernel is
	// unknown to the second ("Unable to serialize value").
	node22 := awslambda.Runtime_NODEJS_22_X
	// queued is a function fed by an SQS queue (with a dead-letter queue).
	queued := func(k *kit, s awscdk.Stack, id, dir string, props *awslambdaeventsources.SqsEventSourceProps) {
		scope := constructs.NewConstruct(s, jsii.String(id))
		fn := codeFn(k, scope, "Fn", dir, node22())
		dlq := awssqs.NewQueue(scope, jsii.String("DLQ"), nil)
		q := awssqs.NewQueue(scope, jsii.String("Queue"), &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(60)),
			DeadLetterQueue: &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)}})
		fn.AddEventSource(awslambdaeventsources.NewSqsEventSource(q, props))
	}
	// published is a function an SNS topic invokes asynchronously.
	published := func(k *kit, s awscdk.Stack, id, dir string) {
		scope := constructs.NewConstruct(s, jsii.String(id))
		topic := awssns.NewTopic(scope, jsii.String("Topic"), nil)
		topic.AddSubscription(awssnssubscriptions.NewLambdaSubscription(codeFn(k, scope, "Fn", dir, node22()), nil))
	}
	fixtures["handler-missing"] = fixture{build: func(k *kit, s awscdk.Stack) {
		codeFn(k, s, "FiresWhenTheExportIsNamedOtherwise", "wrong-export", node22())
		k.optimized(s, "PassesForTheOptimizedBundle", optimizedfn.Props{})
	}}
	fixtures["node-module-missing"] = fixture{build: func(k *kit, s awscdk.Stack) {
		codeFn(k, s, "FiresForSDKv2OnNodejs22", "sdk-v2", node22())
		k.optimized(s, "PassesForTheOptimizedBundle", optimizedfn.Props{})
	}}
	fixtures["node-callback-deprecated"] = fixture{build: func(k *kit, s awscdk.Stack) {
		codeFn(k, s, "FiresForACallbackHandlerOnNodejs22", "callback", node22())
		k.optimized(s, "PassesForAnAsyncHandler", optimizedfn.Props{Runtime: optimizedfn.NodeJS22})
	}}
	fixtures["client-in-handler"] = fixture{build: func(k *kit, s awscdk.Stack) {
		codeFn(k, s, "FiresForAClientPerInvocation", "per-call", node22())
		k.optimized(s, "PassesForAClientAtInit", optimizedfn.Props{})
	}}
	fixtures["runtime-create-blocked"] = fixture{build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresOnPython37", &awslambda.FunctionProps{Runtime: awslambda.Runtime_PYTHON_3_7(),
			Code: awslambda.Code_FromInline(jsii.String("def handler(event, context):\n    return 1\n"))})
		k.optimized(s, "PassesOnNodejs24", optimizedfn.Props{})
	}}
	fixtures["batch-first-record-only"] = fixture{build: func(k *kit, s awscdk.Stack) {
		queued(k, s, "FiresAtTheDefaultBatchSize", "first-record", nil)
		queued(k, s, "PassesAtBatchSize1", "first-record", &awslambdaeventsources.SqsEventSourceProps{BatchSize: jsii.Number(1)})
		queued(k, s, "PassesWhenEveryRecordIsRead", "loop", nil)
		queued(k, s, "FiresWhenTheRecordLoopReturns", "record-loop-return", nil)
	}}
	fixtures["node-context-methods-removed"] = fixture{build: func(k *kit, s awscdk.Stack) {
		codeFn(k, s, "FiresForContextDoneOnNodejs24", "context-done", awslambda.Runtime_NODEJS_24_X())
		codeFn(k, s, "PassesForContextDoneOnNodejs22", "context-done", node22())
	}}
	fixtures["batch-failures-ignored"] = fixture{build: func(k *kit, s awscdk.Stack) {
		queued(k, s, "FiresWithoutReportBatchItemFailures", "partial", nil)
		queued(k, s, "PassesWithReportBatchItemFailures", "partial", &awslambdaeventsources.SqsEventSourceProps{ReportBatchItemFailures: jsii.Bool(true)})
	}}
	fixtures["batch-failures-unreported"] = fixture{build: func(k *kit, s awscdk.Stack) {
		queued(k, s, "FiresWhenTheHandlerNeverReports", "loop", &awslambdaeventsources.SqsEventSourceProps{ReportBatchItemFailures: jsii.Bool(true)})
		queued(k, s, "PassesWhenTheHandlerReports", "partial", &awslambdaeventsources.SqsEventSourceProps{ReportBatchItemFailures: jsii.Bool(true)})
	}}
	fixtures["swallowed-errors"] = fixture{build: func(k *kit, s awscdk.Stack) {
		published(k, s, "FiresWhenSNSInvokesAHandlerThatLogsAndReturns", "swallow")
		published(k, s, "PassesWhenTheErrorIsRethrown", "rethrow")
	}}
	// On a capacity provider (Lambda Managed Instances): the firing handlers
	// of testdata/code on plain functions added to the provider; the
	// reference Managed Instances handler (functions/node/instances) passes,
	// and the same mistakes on demand are silent.
	onCapacity := func(k *kit, s awscdk.Stack, id, dir string, runtime awslambda.Runtime, handler string, cp *capacity.Provider) {
		fn := plainFn(s, id, &awslambda.FunctionProps{Runtime: runtime, Handler: jsii.String(handler), MemorySize: jsii.Number(2048),
			Architecture: awslambda.Architecture_ARM_64(), Code: awslambda.Code_FromAsset(jsii.String(k.path("code/"+dir)), nil)})
		if cp != nil {
			cp.CapacityProvider().AddFunction(fn, nil)
		}
	}
	reference := func(k *kit, s awscdk.Stack, id string, cp *capacity.Provider) {
		k.optimized(s, id, optimizedfn.Props{Entry: filepath.Join(k.root, "functions", "node", "instances", "index.ts"),
			ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp}})
	}
	provider := func(s awscdk.Stack) *capacity.Provider {
		return capacity.New(s, jsii.String("Capacity"), &capacity.Props{Network: network.New(s, jsii.String("Net"), nil)})
	}
	fixtures["managed-instances-module-state"] = fixture{build: func(k *kit, s awscdk.Stack) {
		cp := provider(s)
		onCapacity(k, s, "FiresForTheUserKeptAtModuleLevel", "shared-state", node22(), "index.handler", cp)
		reference(k, s, "PassesForTheReferenceHandler", cp)
		onCapacity(k, s, "PassesOnDemand", "shared-state", node22(), "index.handler", nil)
	}}
	fixtures["managed-instances-fixed-tmp-path"] = fixture{build: func(k *kit, s awscdk.Stack) {
		cp := provider(s)
		onCapacity(k, s, "FiresForTmpReportCsv", "fixed-tmp", node22(), "index.handler", cp)
		onCapacity(k, s, "FiresForPythonProcessesSharingOneFile", "fixed-tmp-python", awslambda.Runtime_PYTHON_3_13(), "app.handler", cp)
		reference(k, s, "PassesForTheReferenceHandler", cp)
		onCapacity(k, s, "PassesOnDemand", "fixed-tmp", node22(), "index.handler", nil)
	}}
	fixtures["sqs-redrive-policy"] = fixture{build: func(k *kit, s awscdk.Stack) {
		fires := constructs.NewConstruct(s, jsii.String("FiresForAQueueWithoutADeadLetterQueue"))
		q := awssqs.NewQueue(fires, jsii.String("Queue"), &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(60))})
		codeFn(k, fires, "Fn", "loop", node22()).AddEventSource(awslambdaeventsources.NewSqsEventSource(q, nil))
		sources.NewSQS(k.optimized(s, "PassesWithSourcesSQS", optimizedfn.Props{}), jsii.String("Orders"), nil)
	}}
}
