// Package monitoring builds the performance dashboard and alarms of Lambda
// functions, optimized (optimizedfn) or plain (awslambda.IFunction), the way
// the serverless performance playbook reads a function: tail latency (p95,
// p99, max) rather than the average, cold-start share, errors, throttles,
// concurrency against provisioned concurrency, memory used against memory
// configured, event age, and what the traffic costs.
//
// The package follows cdk-monitoring-constructs: metric factories
// (metrics.go, logfilters.go) only build metrics; alarm factories
// (alarms.go) turn thresholds into alarms; widget layout (widgets.go)
// places them on a dashboard. Everything that can be decided without jsii
// (defaults, detection results, thresholds, validation, prices, metric
// math) is resolved first, in plain Go, into a [Plan]. What is attached to
// the functions (event sources, provisioned concurrency, asynchronous
// invokers) is read when the app synthesizes, so it may be attached before
// or after [New]: the alarms and widgets it calls for are built then.
//
// Cold starts need no Lambda Insights: with JSON logs and a system log level
// of INFO or more detailed (the optimized function's defaults), Lambda
// writes one platform.report record per invocation, and metric filters on
// the function's log group turn its initDurationMs, restoreDurationMs and
// maxMemoryUsedMB into metrics (see [InitDurationFilter]).
//
// A [Monitoring] is one dashboard (a summary row, then one band per
// function) plus alarms with an SNS action and a composite "unhealthy"
// alarm per function. An [Overview] puts the functions of several
// Monitorings side by side, one column each, for a platform-level view.
package monitoring
