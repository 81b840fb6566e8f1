package monitoring

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"
)

// Lambda Managed Instances metrics, all in LambdaNamespace
// (lambda.ManagedInstancesMonitoringDoc): at the capacity provider level
// (dimensions CapacityProviderName and InstanceType) CPUUtilization,
// MemoryUtilization, vCPUAvailable and vCPUAllocated; at the execution
// environment level (CapacityProviderName and FunctionName)
// ExecutionEnvironmentConcurrency, ExecutionEnvironmentConcurrencyLimit,
// ExecutionEnvironmentCPUUtilization and ExecutionEnvironmentMemoryUtilization;
// and per throttle its reason: ConcurrencyThrottles, CPUThrottles,
// MemoryThrottles, DiskThrottles, beside the standard Throttles. Lambda
// publishes them every five minutes, so their graphs and alarms use
// ManagedInstancesPeriod whatever Props.Period says. Lambda publishes no
// instance count: the instances' vCPUs (allocated plus available) stand
// for it.
const ManagedInstancesPeriod = 5 * time.Minute

// Alarm kinds of a function on Managed Instances.
const (
	// KindInstanceCPU watches the CPU utilization of the function's
	// execution environments.
	KindInstanceCPU AlarmKind = "InstanceCPU"
	// KindConcurrencySaturation watches the environments' concurrency
	// against their limit (PerExecutionEnvironmentMaxConcurrency).
	KindConcurrencySaturation AlarmKind = "ConcurrencySaturation"
)

// Defaults of the Managed Instances alarms, in percent.
const (
	// DefaultInstanceCPUPercent: above it the capacity provider's scaling
	// (a CPU target, 50 % with capacity.New) is not keeping up and
	// invocations start to be throttled for CPU.
	DefaultInstanceCPUPercent = 80.0
	// DefaultSaturationPercent: concurrency near the per-environment limit
	// is where ConcurrencyThrottles begin.
	DefaultSaturationPercent = 90.0
)

// PercentThreshold is a limit on a percentage.
type PercentThreshold struct {
	// MaxPercent, above 0 and at most 100. Required.
	MaxPercent float64
	Evaluation
}

func (f *MetricFactory) miDims(function bool) *map[string]*string {
	d := map[string]*string{"CapacityProviderName": jsii.String(f.fn.CapacityProviderName)}
	if function {
		d["FunctionName"] = jsii.String(f.fn.FunctionName)
	}
	return &d
}

func (f *MetricFactory) mi(name, stat, label, color string) awscloudwatch.Metric {
	return f.metricOver(seconds(ManagedInstancesPeriod), LambdaNamespace, name, f.miDims(true), stat, label, color)
}

// ExecutionEnvironmentCPU is the CPU utilization of the function's
// execution environments on its capacity provider, in percent.
func (f *MetricFactory) ExecutionEnvironmentCPU() awscloudwatch.Metric {
	return f.mi("ExecutionEnvironmentCPUUtilization", "Average", "Environment CPU %", colorP99)
}

// ExecutionEnvironmentMemory is the memory utilization of the function's
// execution environments, in percent.
func (f *MetricFactory) ExecutionEnvironmentMemory() awscloudwatch.Metric {
	return f.mi("ExecutionEnvironmentMemoryUtilization", "Average", "Environment memory %", colorRate)
}

// ConcurrencySaturation is the environments' peak concurrency as a
// percentage of their limit.
func (f *MetricFactory) ConcurrencySaturation() awscloudwatch.IMetric {
	return f.math("100 * conc / FILL(limit, 1)", "Concurrency, % of the per-environment limit", colorErrors, map[string]awscloudwatch.IMetric{
		"conc":  f.mi("ExecutionEnvironmentConcurrency", Maximum, "Concurrency", ""),
		"limit": f.mi("ExecutionEnvironmentConcurrencyLimit", Maximum, "Limit", ""),
	}, seconds(ManagedInstancesPeriod))
}

// ThrottleReasons are the function's throttles by the resource that ran
// out: concurrency, CPU, memory or disk of the execution environments.
// While instances launch, traffic that grows faster than they do is
// throttled here.
func (f *MetricFactory) ThrottleReasons() []awscloudwatch.IMetric {
	var out []awscloudwatch.IMetric
	for _, r := range []struct{ name, label, color string }{
		{"ConcurrencyThrottles", "Concurrency", colorThrottles},
		{"CPUThrottles", "CPU", colorP99},
		{"MemoryThrottles", "Memory", colorRate},
		{"DiskThrottles", "Disk", colorNeutral},
	} {
		out = append(out, f.metric(LambdaNamespace, r.name, f.dims(false), Sum, r.label, r.color))
	}
	return out
}

// search sums or averages a capacity-provider metric over its instance
// types.
func (f *MetricFactory) search(fn, metric, stat, label, color string) awscloudwatch.IMetric {
	expr := fmt.Sprintf(`%s(SEARCH('{%s,CapacityProviderName,InstanceType} MetricName="%s" CapacityProviderName="%s"', '%s', %d))`,
		fn, LambdaNamespace, metric, f.fn.CapacityProviderName, stat, int(ManagedInstancesPeriod.Seconds()))
	return f.math(expr, label, color, map[string]awscloudwatch.IMetric{}, seconds(ManagedInstancesPeriod))
}

// InstanceCPU is the average CPU utilization of the capacity provider's
// instances, in percent.
func (f *MetricFactory) InstanceCPU() awscloudwatch.IMetric {
	return f.search("AVG", "CPUUtilization", "Average", "Instance CPU %", colorP99)
}

// InstanceVCPUs are the vCPUs of the capacity provider's instances:
// allocated to execution environments, and available. Their sum stands for
// the instance count, which Lambda does not publish.
func (f *MetricFactory) InstanceVCPUs() []awscloudwatch.IMetric {
	return []awscloudwatch.IMetric{
		f.search("SUM", "vCPUAllocated", "Average", "vCPUs allocated", colorTraffic),
		f.search("SUM", "vCPUAvailable", "Average", "vCPUs available", colorNeutral),
	}
}

// managedInstancesGraphs: the capacity provider's instances, the
// environments' saturation and the throttles by reason.
func managedInstancesGraphs(m *MetricFactory) []graph {
	return []graph{
		{title: "Instances: CPU % and vCPUs (instance count)", left: []awscloudwatch.IMetric{m.InstanceCPU()}, leftUnit: "%", right: m.InstanceVCPUs(), rightUnit: "vCPUs"},
		{title: "Environments: concurrency saturation, CPU and memory %", left: []awscloudwatch.IMetric{m.ConcurrencySaturation(), m.ExecutionEnvironmentCPU(), m.ExecutionEnvironmentMemory()}, leftUnit: "%"},
		{title: "Throttles by reason (scale-up lag shows as concurrency or CPU)", left: m.ThrottleReasons(), leftUnit: "Count", stacked: true},
	}
}
