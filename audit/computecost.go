package audit

import (
	"fmt"
	"slices"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// ComputeCost is a function's declared load priced on the three compute
// models: `lambdaperf report` and the cheaper-compute-model rule both price
// a function with ComputeCostOf, and `lambdaperf cost --rps` calls the same
// costmodel.Compare, so the three agree.
type ComputeCost struct {
	// Current is the model the function runs on: Managed Instances when it
	// has a capacity-provider config, provisioned concurrency when any is
	// configured, else on-demand.
	Current costmodel.Model
	// Region is the region whose prices apply; PricedIn says it for
	// people, naming the stack's region when its prices are unknown.
	Region, PricedIn string
	// DurationMs is the average invocation duration priced, in
	// milliseconds.
	DurationMs int
	// DurationSource says where DurationMs comes from: "declared" (the
	// function's expectedDurationMs metadata) or "assumed"
	// (Options.DurationMs).
	DurationSource string
	// CPUShareSource says whether the CPU share priced was "declared"
	// (expectedCpuShare) or "assumed CPU-bound" (none declared).
	CPUShareSource string
	// Managed are the Managed Instances options taken from the function's
	// capacity-provider config (empty for a function on demand).
	Managed costmodel.ManagedOptions
	// Comparison is the declared load priced on demand, with provisioned
	// concurrency and on Managed Instances, and the cheapest of the three.
	Comparison costmodel.Comparison
}

// Saving is what moving from the current model to the cheapest saves a
// month (0 when the function already runs on the cheapest).
func (c ComputeCost) Saving() costmodel.Money {
	return c.Comparison.Total(c.Current) - c.Comparison.Total(c.Comparison.Cheapest)
}

// ComputeCostOf prices f's declared load ({"lambdaperf":
// {"expectedRequestsPerSecond": R}}, with its declared or assumed duration
// and CPU share) on demand, with provisioned concurrency sized for it, and
// on Managed Instances (with the function's own capacity-provider settings
// when it has them). false when f declares no load, or its memory,
// architecture or load is not known from the template.
func ComputeCostOf(f *Function, o Options) (ComputeCost, bool) {
	o = o.withDefaults()
	rps, ok := f.ExpectedRequestsPerSecond.Or(0)
	if !ok || !(rps > 0) {
		return ComputeCost{}, false
	}
	share, ok := f.ExpectedCPUShare.Or(0)
	if !ok {
		return ComputeCost{}, false
	}
	mem, memOK := f.Memory()
	arch, archOK := f.Arch()
	if !memOK || !archOK {
		return ComputeCost{}, false
	}
	c := ComputeCost{Region: pricingRegion(f.Stack), Current: currentModel(f), CPUShareSource: "declared"}
	if share == 0 {
		c.CPUShareSource = "assumed CPU-bound"
	}
	c.PricedIn = c.Region
	if r := stackRegion(f.Stack); r != "" && r != c.Region {
		c.PricedIn = fmt.Sprintf("%s list prices (none known for %s)", c.Region, r)
	}
	c.DurationMs, c.DurationSource = (&checker{opts: o}).durationOf(f)
	load := costmodel.Load{RequestsPerSecond: rps, Duration: time.Duration(c.DurationMs) * time.Millisecond, MemoryMiB: min(mem, lambda.MaxMemoryMiB),
		CPUShare: share, Arch: costmodel.Arch(arch), Region: c.Region, InitDuration: time.Duration(o.InitDurationMs) * time.Millisecond, ColdStartRate: o.ColdStartRate}
	if f.SnapStartOn() {
		load.InitDuration, load.ColdStartRate = 0, 0
	}
	var known bool
	if c.Managed, known = managedOptionsOf(f, mem, c.Region); !known {
		return ComputeCost{}, false
	}
	cmp, err := costmodel.Compare(load, c.Managed)
	if err != nil {
		return ComputeCost{}, false
	}
	c.Comparison = cmp
	return c, true
}

// currentModel is the compute model f runs on.
func currentModel(f *Function) costmodel.Model {
	if f.ManagedInstances != nil {
		return costmodel.Managed
	}
	for _, p := range provisioned(f) {
		if n, ok := p.min.Or(0); !ok || n > 0 {
			return costmodel.Provisioned
		}
	}
	return costmodel.OnDemand
}

// managedOptionsOf reads the Managed Instances settings of a function on a
// capacity provider: memory, memory per vCPU, concurrency per environment,
// minimum environments, and the first allowed instance type the cost model
// prices. false when one of them is an unresolved intrinsic.
func managedOptionsOf(f *Function, mem int, region string) (costmodel.ManagedOptions, bool) {
	o := costmodel.ManagedOptions{Runtime: f.RuntimeName()}
	mi := f.ManagedInstances
	if mi == nil {
		return o, true
	}
	o.MemoryMiB = mem
	ratio, ok1 := mi.MemoryGiBPerVCPU.Or(0)
	conc, ok2 := mi.PerEnvironmentMaxConcurrency.Or(0)
	minEnvs, ok3 := mi.MinExecutionEnvironments.Or(0)
	if !ok1 || !ok2 || !ok3 {
		return o, false
	}
	o.GiBPerVCPU, o.MaxConcurrency, o.MinEnvironments = ratio, conc, minEnvs
	if cp := mi.Provider; cp != nil {
		priced := costmodel.Instances(region)
		for _, t := range cp.AllowedInstanceTypes {
			if slices.ContainsFunc(priced, func(in costmodel.Instance) bool { return in.Type == t }) {
				o.InstanceType = t
				break
			}
		}
		if len(cp.CPUTargets) > 0 {
			if v, ok := cp.CPUTargets[0].Or(0); ok && v > 0 && v <= 100 {
				o.TargetUtilization = v / 100
			}
		}
	}
	return o, true
}

// ManagedFloorOf is what a function on a capacity provider costs a month
// with no load at all: its minimum environments on their instances, the
// management fee, no requests. false for a function on demand, or when
// its memory or Managed Instances settings are not known.
func ManagedFloorOf(f *Function) (costmodel.ManagedEstimate, bool) {
	mem, memOK := f.Memory()
	if f.ManagedInstances == nil || !memOK {
		return costmodel.ManagedEstimate{}, false
	}
	region := pricingRegion(f.Stack)
	o, ok := managedOptionsOf(f, mem, region)
	if !ok {
		return costmodel.ManagedEstimate{}, false
	}
	e, err := costmodel.ManagedMonthly(costmodel.Load{Duration: time.Millisecond, MemoryMiB: min(mem, lambda.MaxMemoryMiB), Region: region}, o)
	return e, err == nil
}
