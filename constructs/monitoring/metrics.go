package monitoring

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"
)

// Namespaces of the metrics the factory builds besides Namespace.
const (
	// LambdaNamespace holds the metrics Lambda publishes for every function
	// (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
	LambdaNamespace = "AWS/Lambda"
	// InsightsNamespace holds the Lambda Insights extension's metrics
	// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-metrics.html).
	InsightsNamespace = "LambdaInsights"
)

// Statistics the graphs use.
const (
	P50         = "p50"
	P95         = "p95"
	P99         = "p99"
	Maximum     = "Maximum"
	Sum         = "Sum"
	SampleCount = "SampleCount"
)

// Colors of the lines, so every graph reads the same.
const (
	colorP50       = "#2ca02c"
	colorP95       = "#bcbd22"
	colorP99       = "#ff7f0e"
	colorMax       = "#d62728"
	colorTraffic   = "#1f77b4"
	colorErrors    = "#d62728"
	colorThrottles = "#9467bd"
	colorRate      = "#8c564b"
	colorLimit     = "#d62728"
	colorAlarm     = "#ff7f0e"
	colorNeutral   = "#7f7f7f"
)

var statColors = map[string]string{P50: colorP50, P95: colorP95, P99: colorP99, Maximum: colorMax}

// MetricFactory builds the CloudWatch metrics of one monitored function. It
// only builds metrics: the alarm factory and the widget layout use them,
// and so can a user's own widgets (Monitoring.Metrics).
//
// Traffic metrics (duration, invocations, errors, throttles, concurrency,
// provisioned concurrency) follow the alias when the function has one:
// dimensions FunctionName and Resource "<function name>:<alias>". Cold
// starts, memory, event age and cost cover the whole function (dimension
// FunctionName, or the log group's metrics, which cannot tell versions
// apart).
type MetricFactory struct {
	fn     *FunctionPlan
	period awscdk.Duration
}

func newMetricFactory(fn *FunctionPlan, period time.Duration) *MetricFactory {
	return &MetricFactory{fn: fn, period: seconds(period)}
}

// Plan is the function the factory builds metrics for.
func (f *MetricFactory) Plan() FunctionPlan { return *f.fn }

// id is a metric-math ID unique to the function: name plus its index.
func (f *MetricFactory) id(name string) string { return fmt.Sprintf("%s%d", name, f.fn.Index) }

func (f *MetricFactory) dims(alias bool) *map[string]*string {
	d := map[string]*string{"FunctionName": jsii.String(f.fn.FunctionName)}
	if alias && f.fn.AliasName != "" {
		d["Resource"] = jsii.String(f.fn.Resource())
	}
	return &d
}

func (f *MetricFactory) metric(namespace, name string, dims *map[string]*string, stat, label, color string) awscloudwatch.Metric {
	return f.metricOver(f.period, namespace, name, dims, stat, label, color)
}

func (f *MetricFactory) metricOver(period awscdk.Duration, namespace, name string, dims *map[string]*string, stat, label, color string) awscloudwatch.Metric {
	p := &awscloudwatch.MetricProps{
		Namespace:     jsii.String(namespace),
		MetricName:    jsii.String(name),
		DimensionsMap: dims,
		Statistic:     jsii.String(stat),
		Period:        period,
		Label:         jsii.String(label),
	}
	if color != "" {
		p.Color = jsii.String(color)
	}
	return awscloudwatch.NewMetric(p)
}

func (f *MetricFactory) math(expression, label, color string, using map[string]awscloudwatch.IMetric, period awscdk.Duration) awscloudwatch.MathExpression {
	if period == nil {
		period = f.period
	}
	p := &awscloudwatch.MathExpressionProps{
		Expression:   jsii.String(expression),
		UsingMetrics: &using,
		Label:        jsii.String(label),
		Period:       period,
	}
	if color != "" {
		p.Color = jsii.String(color)
	}
	return awscloudwatch.NewMathExpression(p)
}

func (f *MetricFactory) lambda(name, stat, label, color string, alias bool) awscloudwatch.Metric {
	return f.metric(LambdaNamespace, name, f.dims(alias), stat, label, color)
}

// Duration of the alias's invocations, in milliseconds, at a statistic
// such as P99 or Maximum.
func (f *MetricFactory) Duration(stat string) awscloudwatch.Metric {
	return f.duration(stat, stat)
}

func (f *MetricFactory) duration(stat, label string) awscloudwatch.Metric {
	return f.lambda("Duration", stat, label, statColors[stat], true)
}

// Invocations of the alias per period.
func (f *MetricFactory) Invocations() awscloudwatch.Metric {
	return f.lambda("Invocations", Sum, "Invocations", colorTraffic, true)
}

// Errors of the alias per period (function errors and timeouts).
func (f *MetricFactory) Errors() awscloudwatch.Metric {
	return f.lambda("Errors", Sum, "Errors", colorErrors, true)
}

// Throttles of the alias per period.
func (f *MetricFactory) Throttles() awscloudwatch.Metric {
	return f.lambda("Throttles", Sum, "Throttles", colorThrottles, true)
}

// ErrorRate is 100 × Errors / Invocations of the alias, in percent.
func (f *MetricFactory) ErrorRate() awscloudwatch.MathExpression {
	return f.errorRate("Error rate %")
}

func (f *MetricFactory) errorRate(label string) awscloudwatch.MathExpression {
	e, i := f.id("errors"), f.id("invocations")
	return f.math(fmt.Sprintf("100 * %s / %s", e, i), label, colorRate,
		map[string]awscloudwatch.IMetric{e: f.Errors(), i: f.Invocations()}, nil)
}

// ConcurrentExecutions of the alias: the peak per period.
func (f *MetricFactory) ConcurrentExecutions() awscloudwatch.Metric {
	return f.lambda("ConcurrentExecutions", Maximum, "Concurrent executions", colorTraffic, true)
}

// ProvisionedConcurrentExecutions of the alias: environments of provisioned
// concurrency serving requests, the peak per period.
func (f *MetricFactory) ProvisionedConcurrentExecutions() awscloudwatch.Metric {
	return f.lambda("ProvisionedConcurrentExecutions", Maximum, "Provisioned executions", colorP50, true)
}

// ProvisionedConcurrencyUtilization of the alias: provisioned executions
// over provisioned environments (0..1), the peak per period.
func (f *MetricFactory) ProvisionedConcurrencyUtilization() awscloudwatch.Metric {
	return f.lambda("ProvisionedConcurrencyUtilization", Maximum, "Provisioned utilization (0-1)", colorRate, true)
}

// ProvisionedConcurrencySpilloverInvocations of the alias per period:
// invocations that found every provisioned environment busy and ran on
// demand, cold starts included.
func (f *MetricFactory) ProvisionedConcurrencySpilloverInvocations() awscloudwatch.Metric {
	return f.lambda("ProvisionedConcurrencySpilloverInvocations", Sum, "Spillover invocations", colorErrors, true)
}

// IteratorAge of the records a stream source hands the function, in
// milliseconds: the peak per period.
func (f *MetricFactory) IteratorAge() awscloudwatch.Metric {
	return f.lambda("IteratorAge", Maximum, "Iterator age", colorP99, false)
}

// AsyncEventAge is how long asynchronous events waited in Lambda's queue,
// in milliseconds: the peak per period.
func (f *MetricFactory) AsyncEventAge() awscloudwatch.Metric {
	return f.lambda("AsyncEventAge", Maximum, "Async event age", colorP95, false)
}

func (f *MetricFactory) functionInvocations() awscloudwatch.Metric {
	return f.lambda("Invocations", Sum, "Invocations (all versions)", colorTraffic, false)
}

func (f *MetricFactory) logMetric(filter LogFilter, stat, label, color string) awscloudwatch.Metric {
	return f.metric(Namespace, filter.MetricName(f.fn.FunctionName), nil, stat, label, color)
}

// InitDuration of on-demand cold starts, in milliseconds, from the
// platform.report log records (InitDurationFilter).
func (f *MetricFactory) InitDuration(stat string) awscloudwatch.Metric {
	return f.logMetric(InitDurationFilter, stat, "init "+stat, statColors[stat])
}

// RestoreDuration of SnapStart cold starts, in milliseconds, from the
// platform.report log records (RestoreDurationFilter).
func (f *MetricFactory) RestoreDuration(stat string) awscloudwatch.Metric {
	return f.logMetric(RestoreDurationFilter, stat, "restore "+stat+" (SnapStart)", colorNeutral)
}

// coldStartTerms is the metric math for the cold starts of a period: the
// platform.report records with an init or a restore duration.
func (f *MetricFactory) coldStartTerms() (string, map[string]awscloudwatch.IMetric) {
	i, r := f.id("inits"), f.id("restores")
	return fmt.Sprintf("FILL(%s, 0) + FILL(%s, 0)", i, r), map[string]awscloudwatch.IMetric{
		i: f.logMetric(InitDurationFilter, SampleCount, "inits", ""),
		r: f.logMetric(RestoreDurationFilter, SampleCount, "restores", ""),
	}
}

// ColdStarts per period, from the platform.report log records: the
// environments initialized on demand or restored from a snapshot.
func (f *MetricFactory) ColdStarts() awscloudwatch.MathExpression {
	expr, using := f.coldStartTerms()
	return f.math(expr, "Cold starts", colorTraffic, using, nil)
}

// ColdStartShare is 100 × cold starts / invocations of the function (all
// versions, as the log records are), in percent.
func (f *MetricFactory) ColdStartShare() awscloudwatch.MathExpression {
	return f.coldStartShare("Cold-start share %")
}

func (f *MetricFactory) coldStartShare(label string) awscloudwatch.MathExpression {
	expr, using := f.coldStartTerms()
	inv := f.id("allInvocations")
	using[inv] = f.functionInvocations()
	return f.math(fmt.Sprintf("100 * (%s) / %s", expr, inv), label, colorRate, using, nil)
}

// MaxMemoryUsed by the function's environments in MB (MiB), from the
// platform.report log records: the peak per period.
func (f *MetricFactory) MaxMemoryUsed() awscloudwatch.Metric {
	return f.logMetric(MaxMemoryUsedFilter, Maximum, "Max memory used (MB)", colorTraffic)
}

func (f *MetricFactory) insightsDims() *map[string]*string {
	return &map[string]*string{"function_name": jsii.String(f.fn.FunctionName)}
}

// InsightsInitDuration is Lambda Insights' init_duration, in milliseconds.
func (f *MetricFactory) InsightsInitDuration(stat string) awscloudwatch.Metric {
	return f.metric(InsightsNamespace, "init_duration", f.insightsDims(), stat, "init "+stat+" (Lambda Insights)", colorNeutral)
}

// InsightsMemoryUtilization is Lambda Insights' memory_utilization, in
// percent of the configured memory: the peak per period.
func (f *MetricFactory) InsightsMemoryUtilization() awscloudwatch.Metric {
	return f.metric(InsightsNamespace, "memory_utilization", f.insightsDims(), Maximum, "Memory utilization % (Lambda Insights)", colorRate)
}

// CostPeriod is the period of the cost graphs: an hour smooths the
// projection.
const CostPeriod = time.Hour

// MonthlyCost is the function's traffic priced at list price and projected
// to a month (CostPlan.MonthlyExpression), in USD, with the INIT of cold
// starts where the log metrics give it; nil when the plan has no cost
// (MemoryMiB unknown). It covers all versions; provisioned-concurrency
// charges are not in it.
func (f *MetricFactory) MonthlyCost() awscloudwatch.MathExpression {
	return f.monthlyCost(fmt.Sprintf("USD/month (%s, %d MiB)", f.fn.Architecture, f.fn.MemoryMiB))
}

func (f *MetricFactory) monthlyCost(label string) awscloudwatch.MathExpression {
	c := f.fn.Cost
	if c == nil {
		return nil
	}
	d, i := f.id("costDuration"), f.id("costInvocations")
	period := seconds(CostPeriod)
	using := map[string]awscloudwatch.IMetric{
		i: f.metricOver(period, LambdaNamespace, "Invocations", f.dims(false), Sum, "invocations", ""),
	}
	if !c.ManagedInstances { // no duration charge on Managed Instances
		using[d] = f.metricOver(period, LambdaNamespace, "Duration", f.dims(false), Sum, "duration", "")
	}
	init := ""
	if f.fn.LogMetrics && !c.ManagedInstances {
		init = f.id("costInit")
		using[init] = f.metricOver(period, Namespace, InitDurationFilter.MetricName(f.fn.FunctionName), nil, Sum, "init", "")
	}
	return f.math(c.MonthlyExpression(d, i, init), label, colorTraffic, using, period)
}

func seconds(d time.Duration) awscdk.Duration {
	return awscdk.Duration_Seconds(jsii.Number(d.Seconds()))
}
