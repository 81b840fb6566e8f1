package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleCostPerMillion = &Rule{
	ID:       "cost-per-million",
	Severity: Info,
	Summary:  "estimated on-demand cost per million invocations",
	Source:   "https://aws.amazon.com/lambda/pricing/ (requests plus GB-seconds, billed per 1 ms; list prices, no free tier) and https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/ (INIT billed like duration since 1 August 2025)",
	Fix:      "Give the estimate the measured duration (CloudWatch Duration p50): the function's ExpectedDuration (optimizedfn.Props), or --duration-ms for functions that declare none; tune memory with AWS Lambda Power Tuning.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			cost, ok := CostOf(f, c.opts)
			if !ok {
				continue
			}
			msg := fmt.Sprintf("%s: one million invocations %s, cost about %s in %s (%.2f vCPU).",
				name(f.Resource), cost.Assumptions(), cost.PerMillion.Total.Format(2), cost.PricedIn, costmodel.VCPUs(cost.MemoryMiB))
			if cost.Arch == ArchX86 {
				p := cost.profile()
				p.Arch = costmodel.ARM64
				if a, err := costmodel.OnDemandPerMillion(p); err == nil {
					msg += fmt.Sprintf(" On arm64 at the same duration: %s.", a.Total.Format(2))
				}
			}
			c.report(f.Resource, msg, c.durationFix(cost.DurationSource == "declared", cost.DurationMs))
		}
	},
}

// DefaultInitDurationMs is the INIT phase a cost estimate assumes: the top
// of the range AWS gives, "from under 100 ms to over 1 second"
// (https://aws.amazon.com/blogs/compute/operating-lambda-performance-optimization-part-1/),
// so an estimate does not understate what cold starts add.
const DefaultInitDurationMs = 1000

// FunctionCost is a function's on-demand cost of one million invocations
// and what it assumed: `lambdaperf report` and the cost-per-million rule
// both price a function with CostOf, so they agree.
type FunctionCost struct {
	// MemoryMiB priced.
	MemoryMiB int
	// Arch priced: x86_64 or arm64.
	Arch string
	// Region is the region whose prices apply; PricedIn says it for
	// people, naming the stack's region when its prices are unknown.
	Region, PricedIn string
	// DurationMs is the invocation duration priced; DurationSource is
	// "declared" (the function's expectedDurationMs metadata) or
	// "assumed" (Options.DurationMs).
	DurationMs int
	// DurationSource says where DurationMs came from.
	DurationSource string
	// InitDurationMs and ColdStartRate are the INIT assumed for on-demand
	// cold starts (Options); both 0 for SnapStart functions, whose cold
	// starts are restores, billed apart and left out.
	InitDurationMs int
	// ColdStartRate is the share 0..1 of invocations assumed to be cold.
	ColdStartRate float64
	// PerMillion is the estimate for one million invocations, line by line.
	PerMillion costmodel.Estimate
}

// CostOf prices one million on-demand invocations of f; false when its
// memory or architecture is not known from the template, or f runs on a
// capacity provider, whose invocations are not billed by duration
// (ComputeCostOf and ManagedFloorOf price it).
func CostOf(f *Function, o Options) (FunctionCost, bool) {
	o = o.withDefaults()
	mem, ok := f.Memory()
	arch, archOK := f.Arch()
	if !ok || !archOK || !lambda.MemoryInRange(mem) || f.ManagedInstances != nil {
		return FunctionCost{}, false
	}
	c := FunctionCost{MemoryMiB: mem, Arch: arch, Region: pricingRegion(f.Stack), InitDurationMs: o.InitDurationMs, ColdStartRate: o.ColdStartRate}
	c.DurationMs, c.DurationSource = (&checker{opts: o}).durationOf(f)
	if f.SnapStartOn() {
		c.InitDurationMs, c.ColdStartRate = 0, 0
	}
	c.PricedIn = c.Region
	if r := stackRegion(f.Stack); r != "" && r != c.Region {
		c.PricedIn = fmt.Sprintf("%s list prices (none known for %s)", c.Region, r)
	}
	e, err := costmodel.OnDemandPerMillion(c.profile())
	if err != nil {
		return FunctionCost{}, false
	}
	c.PerMillion = e
	return c, true
}

func (c FunctionCost) profile() costmodel.Profile {
	return costmodel.Profile{MemoryMiB: c.MemoryMiB, Duration: time.Duration(c.DurationMs) * time.Millisecond, Arch: costmodel.Arch(c.Arch), Region: c.Region,
		InitDuration: time.Duration(c.InitDurationMs) * time.Millisecond, ColdStartRate: c.ColdStartRate}
}

// Assumptions says what the estimate priced: "at 512 MiB on arm64, 100 ms
// each (assumed), with a 1000 ms INIT on 1% of them (assumed)".
func (c FunctionCost) Assumptions() string {
	s := fmt.Sprintf("at %d MiB on %s, %d ms each (%s)", c.MemoryMiB, c.Arch, c.DurationMs, c.DurationSource)
	if c.ColdStartRate > 0 {
		return s + fmt.Sprintf(", with a %d ms INIT on %g%% of them (assumed)", c.InitDurationMs, c.ColdStartRate*100)
	}
	return s + ", SnapStart restores left out"
}

// stackRegion is the region of the stack's environment
// (aws://account/region), or "" when the stack is region-agnostic.
func stackRegion(st *Stack) string {
	if st == nil {
		return ""
	}
	i := strings.LastIndex(st.Environment, "/")
	if i < 0 || st.Environment[i+1:] == "unknown-region" {
		return ""
	}
	return st.Environment[i+1:]
}

// pricingRegion is the stack's region when the cost model has its prices,
// else the cost model's default region.
func pricingRegion(st *Stack) string {
	region := stackRegion(st)
	for _, r := range costmodel.Regions() {
		if r == region {
			return region
		}
	}
	return costmodel.DefaultRegion
}

// durationOf is the duration a cost estimate uses: the one the function
// declares, else the assumed one from the options.
func (c *checker) durationOf(f *Function) (ms int, how string) {
	if n, ok := f.ExpectedDurationMs.Or(0); ok && n > 0 {
		return n, "declared"
	}
	return c.opts.DurationMs, "assumed"
}
