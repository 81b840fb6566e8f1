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
	Source:   "https://aws.amazon.com/lambda/pricing/ (requests plus GB-seconds, billed per 1 ms; list prices, no free tier)",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			ms, how := c.durationOf(f)
			d := time.Duration(ms) * time.Millisecond
			mem, ok := f.Memory()
			arch, archOK := f.Arch()
			if !ok || !archOK || !lambda.MemoryInRange(mem) {
				continue
			}
			region := pricingRegion(f.Stack)
			e, err := costmodel.Monthly(costmodel.Profile{MemoryMiB: mem, Duration: d, Invocations: 1_000_000, Arch: costmodel.Arch(arch), Region: region})
			if err != nil {
				continue
			}
			where := region
			if r := stackRegion(f.Stack); r != "" && r != region {
				where = fmt.Sprintf("%s list prices (none known for %s)", region, r)
			}
			msg := fmt.Sprintf("%s: one million invocations at %d MiB on %s, %d ms each (%s), cost about %s in %s (%.2f vCPU).", name(f.Resource), mem, arch, ms, how, e.Total.Format(2), where, costmodel.VCPUs(mem))
			if arch == ArchX86 {
				if a, err := costmodel.Monthly(costmodel.Profile{MemoryMiB: mem, Duration: d, Invocations: 1_000_000, Arch: costmodel.ARM64, Region: region}); err == nil {
					msg += fmt.Sprintf(" On arm64 at the same duration: %s.", a.Total.Format(2))
				}
			}
			c.report(f.Resource, msg, c.durationFix(how == "declared"))
		}
	},
}

// durationOf is the duration a cost estimate uses: the one the function
// declares, else the assumed one from the options.
func (c *checker) durationOf(f *Function) (ms int, how string) {
	if n, ok := f.ExpectedDurationMs.Or(0); ok && n > 0 {
		return n, "declared"
	}
	return c.opts.DurationMs, "assumed"
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
