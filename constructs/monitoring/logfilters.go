package monitoring

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"
)

// Namespace holds the metrics that lambdaperf's metric filters publish.
const Namespace = "LambdaPerf"

// LogFilter is a metric filter on a function's JSON log group: every log
// event that matches Pattern publishes the number MetricValue selects, as
// the metric "<function name>/<Metric>" in Namespace.
//
// The records are Lambda's platform.report system log records, one per
// invocation, written in JSON when the function's log format is JSON and
// its system log level is INFO or more detailed. Their shape, from the
// Telemetry API schema reference
// (https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html#platform-report,
// objects ReportMetrics and Status), which the JSON system logs share
// (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html):
//
//	{"time": "...", "type": "platform.report",
//	 "record": {"requestId": "...", "status": "success",
//	            "metrics": {"durationMs": 2.1, "billedDurationMs": 3, "memorySizeMB": 512,
//	                        "maxMemoryUsedMB": 68, "initDurationMs": 167.5}}}
//
// initDurationMs is there only for the first invocation of an environment
// initialized on demand (a cold start); restoreDurationMs only for the
// first invocation of an environment restored from a SnapStart snapshot.
// Environments of provisioned concurrency are initialized ahead of
// traffic, and their first invocation reports neither.
type LogFilter struct {
	// Metric is the suffix of the metric name.
	Metric string
	// Pattern is the JSON filter pattern.
	Pattern string
	// MetricValue selects the published number from the record.
	MetricValue string
	// Unit of the metric.
	Unit awscloudwatch.Unit
}

// The metric filters of a function with LogMetrics. Cold starts are the
// SampleCount of InitDuration plus that of RestoreDuration: one metric per
// measure, so a function pays for no metric that only counts.
var (
	// InitDurationFilter publishes the init duration of each on-demand
	// cold start.
	InitDurationFilter = LogFilter{
		Metric:      "InitDuration",
		Pattern:     `{ $.type = "platform.report" && $.record.metrics.initDurationMs > 0 }`,
		MetricValue: "$.record.metrics.initDurationMs",
		Unit:        awscloudwatch.Unit_MILLISECONDS,
	}
	// RestoreDurationFilter publishes the restore duration of each
	// SnapStart cold start.
	RestoreDurationFilter = LogFilter{
		Metric:      "RestoreDuration",
		Pattern:     `{ $.type = "platform.report" && $.record.metrics.restoreDurationMs > 0 }`,
		MetricValue: "$.record.metrics.restoreDurationMs",
		Unit:        awscloudwatch.Unit_MILLISECONDS,
	}
	// MaxMemoryUsedFilter publishes the peak memory of each invocation's
	// environment, in MB (Lambda's MB are MiB).
	MaxMemoryUsedFilter = LogFilter{
		Metric:      "MaxMemoryUsed",
		Pattern:     `{ $.type = "platform.report" && $.record.metrics.maxMemoryUsedMB > 0 }`,
		MetricValue: "$.record.metrics.maxMemoryUsedMB",
		Unit:        awscloudwatch.Unit_MEGABYTES,
	}
	// LogFilters are all of them, in the order they are created.
	LogFilters = []LogFilter{InitDurationFilter, RestoreDurationFilter, MaxMemoryUsedFilter}
)

// MetricName is the filter's metric name for a function.
func (f LogFilter) MetricName(functionName string) string {
	return functionName + "/" + f.Metric
}

// filterID is the construct ID of a filter under its log group.
func (f LogFilter) filterID() string { return "LambdaPerf" + f.Metric }

// ensureLogFilters adds the metric filters to the log group, unless an
// earlier Monitoring of the same function did: two filters publishing one
// metric would count every cold start twice. They are children of the log
// group, so they live in its stack.
func ensureLogFilters(logGroup awslogs.ILogGroup, functionName string) {
	for _, f := range LogFilters {
		id := jsii.String(f.filterID())
		if logGroup.Node().TryFindChild(id) != nil {
			continue
		}
		logGroup.AddMetricFilter(id, &awslogs.MetricFilterOptions{
			FilterPattern:   awslogs.FilterPattern_Literal(jsii.String(f.Pattern)),
			MetricNamespace: jsii.String(Namespace),
			MetricName:      jsii.String(f.MetricName(functionName)),
			MetricValue:     jsii.String(f.MetricValue),
			Unit:            f.Unit,
		})
	}
}
