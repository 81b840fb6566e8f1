package monitoring

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// Props configures a Monitoring: a dashboard and alarms for one or more
// functions.
type Props struct {
	// Functions to monitor, one dashboard band each, in this order. Build
	// them with FromOptimized or FromFunction. Required: at least one.
	Functions []Target

	// Title heads the dashboard (Markdown text, not the dashboard's name,
	// which CloudFormation generates). Default: the construct path.
	Title string

	// Period of every metric, in whole minutes (Lambda publishes one-minute
	// data): alarms evaluate it and graphs plot it. Default: one minute.
	Period time.Duration

	// AlarmTopic receives every alarm's notification. Default: nil, the
	// construct creates a topic encrypted with a KMS key of its own (with
	// rotation, and a key policy that lets CloudWatch publish) that refuses
	// publishers without TLS.
	AlarmTopic awssns.ITopic

	// DisableAlarms builds the dashboard only: no alarms, no topic.
	// Default: false, every function gets its alarms.
	DisableAlarms bool

	// PriceRegion is the region whose Lambda list prices (costmodel) the
	// cost widgets use. Default: the stack's region when it is known to
	// costmodel; otherwise costmodel.DefaultRegion (us-east-1), with a
	// warning when the stack's region is concrete but unknown.
	PriceRegion string
}

// Target is one function to monitor. FromOptimized fills every field from
// the optimized function's plan; FromFunction fills what a plain function
// exposes, and the rest can be set on the returned value.
type Target struct {
	// Function to monitor. Required.
	Function awslambda.IFunction

	// Alias whose traffic the latency, request, error, throttle and
	// concurrency graphs and alarms follow (CloudWatch dimensions
	// FunctionName and Resource = "<function name>:<alias name>").
	// Default: nil, the function's metrics across all versions.
	Alias awslambda.IAlias

	// Label names the function on the dashboard and in alarm descriptions
	// and construct IDs; unique within a Monitoring. Default: the
	// function's construct ID.
	Label string

	// Timeout of the function: drawn on the duration graph and the base
	// of the default p99 alarm (80 % of it). 1 s..900 s. Required
	// (FromOptimized and FromFunction set it).
	Timeout time.Duration

	// MemoryMiB configured on the function, 128..10240: drawn on the
	// memory graph and priced by the cost widget. Default: 0, unknown: no
	// configured-memory line and no cost widget.
	MemoryMiB int

	// Architecture the function runs on, for its price per GB-second.
	// Default: costmodel.X86_64, Lambda's default (FromFunction reads the
	// function's).
	Architecture costmodel.Arch

	// LogGroup the function writes its logs to, in JSON format with a
	// system log level of INFO or more detailed, and nothing else writes
	// to: metric filters on it give cold starts, init duration and memory
	// used. Default: nil, no log-based metrics (FromOptimized sets the
	// optimized function's log group, which meets all of this).
	LogGroup awslogs.ILogGroup

	// LatencySLO is the p99 duration the function must stay below; the
	// default p99 alarm fires above it, and the duration graph draws it.
	// Below Timeout. Default: 0, no objective: the alarm fires above 80 %
	// of Timeout.
	LatencySLO time.Duration

	// ProvisionedConcurrency says whether the alias keeps provisioned
	// environments: it adds the provisioned-concurrency graphs and the
	// spillover alarm. Default: nil, detected from the Alias's
	// configuration when the app synthesizes (FromOptimized reads the
	// plan).
	ProvisionedConcurrency *bool

	// StreamSource says whether a Kinesis or DynamoDB stream (or another
	// source with a starting position, Kafka aside) feeds the function: it
	// adds the iterator-age graph and alarm. Default: nil, detected from
	// the event source mappings on the function and the alias when the app
	// synthesizes (before or after New, they count the same).
	StreamSource *bool

	// AsyncInvoked says whether the function is invoked asynchronously (S3,
	// SNS, EventBridge, CloudWatch Logs, SES, IoT ...): it adds the async
	// event-age graph. Default: nil, detected from the function's and the
	// alias's resource policies and async invoke configuration when the
	// app synthesizes.
	AsyncInvoked *bool

	// CapacityProvider the function runs on (Lambda Managed Instances):
	// adds the graphs of its instances (CPU, vCPUs), its environments'
	// concurrency saturation, CPU and memory, and throttles by reason,
	// the InstanceCPU and ConcurrencySaturation alarms, and prices only
	// requests in the cost widget (the instances are billed per hour).
	// Default: nil, an on-demand function (FromOptimized reads the plan).
	CapacityProvider awslambda.ICapacityProvider

	// LambdaInsights says whether the Lambda Insights extension runs in the
	// function: adds its init_duration and memory_utilization to the
	// graphs. Default: false.
	LambdaInsights bool

	// Alarms sets the thresholds of this function's alarms. Default: the
	// zero value, every alarm at its default threshold.
	Alarms Alarms
}

// Alarms are a function's alarm thresholds. Each field maps a label of the
// user's choosing ("Warning", "Critical") to a threshold, as in
// cdk-monitoring-constructs: one alarm per entry. A nil map means the
// default entry (labelled DefaultAlarmLabel); an empty, non-nil map turns
// that alarm off. Every alarm notifies the Monitoring's topic, and a
// composite "unhealthy" alarm per function fires when any of them does.
type Alarms struct {
	// LatencyP99 fires when the p99 duration is above Max.
	// Default: LatencySLO, or 80 % of Timeout when there is none.
	LatencyP99 map[string]LatencyThreshold

	// ErrorRate fires when errors are above MaxPercent of invocations.
	// Default: 1 %.
	ErrorRate map[string]ErrorRateThreshold

	// Throttles fires when throttled requests in a period are above Max.
	// Default: Max 0, any throttle.
	Throttles map[string]CountThreshold

	// Spillover fires when invocations beyond the provisioned environments
	// (ProvisionedConcurrencySpilloverInvocations) are above Max; only with
	// provisioned concurrency. Default: Max 0 when ProvisionedConcurrency,
	// else none.
	Spillover map[string]CountThreshold

	// IteratorAge fires when the age of the last record read from a stream
	// is above Max; only with a stream source. Default: one minute when
	// StreamSource, else none.
	IteratorAge map[string]AgeThreshold

	// DeadLetters fires when messages wait in a dead-letter or on-failure
	// queue of a source attached with constructs/sources (one alarm per
	// queue): what the function could not process. Default: Max 0, the
	// first one, for every such queue.
	DeadLetters map[string]CountThreshold

	// AsyncDropped fires when Lambda drops asynchronous events
	// (AsyncEventsDropped) above Max per period; only for a function
	// invoked asynchronously. Default: Max 0 when AsyncInvoked, else none.
	AsyncDropped map[string]CountThreshold

	// InstanceCPU fires when the CPU utilization of the function's
	// execution environments on its capacity provider is above MaxPercent;
	// only on Managed Instances. Default: DefaultInstanceCPUPercent (80 %)
	// in 2 of 3 periods of ManagedInstancesPeriod.
	InstanceCPU map[string]PercentThreshold

	// ConcurrencySaturation fires when the environments' peak concurrency
	// is above MaxPercent of their limit; only on Managed Instances.
	// Default: DefaultSaturationPercent (90 %) in 2 of 3 periods.
	ConcurrencySaturation map[string]PercentThreshold

	// AsyncEventAge fires when asynchronous events wait in Lambda's queue
	// (AsyncEventAge, the peak per period) above Max; only for a function
	// invoked asynchronously. Default: DefaultAsyncEventAge (5 minutes)
	// when AsyncInvoked, else none.
	AsyncEventAge map[string]AgeThreshold
}

// DefaultAlarmLabel labels the alarms a nil threshold map stands for.
const DefaultAlarmLabel = "Critical"

// Evaluation is how many periods an alarm looks back over and how many of
// them must breach before it fires.
type Evaluation struct {
	// Periods evaluated. Default: 5 for latency, error rate and iterator
	// age; 1 for throttles and spillover.
	Periods int
	// DatapointsToAlarm of those Periods that must breach, at most
	// Periods. Default: 3 of 5, or 1 of 1.
	DatapointsToAlarm int
}

// LatencyThreshold is a p99 duration limit.
type LatencyThreshold struct {
	// Max p99 duration, above 0 and below the function's Timeout. Required.
	Max time.Duration
	Evaluation
}

// ErrorRateThreshold is an error-rate limit: 100 × Errors / Invocations.
type ErrorRateThreshold struct {
	// MaxPercent of invocations that may fail, above 0 and below 100.
	// Required.
	MaxPercent float64
	Evaluation
}

// CountThreshold is a limit on a count per period.
type CountThreshold struct {
	// Max count per period that does not alarm, 0 or more: 0 alarms on
	// the first one. Default: 0.
	Max int
	Evaluation
}

// AgeThreshold is a limit on the age of events waiting for the function.
type AgeThreshold struct {
	// Max age, above 0. Required.
	Max time.Duration
	Evaluation
}
