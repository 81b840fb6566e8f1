package audit

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// hoursPerMonth is the month the cost model's monthly figures assume.
const hoursPerMonth = 730

var rulePCBreakeven = &Rule{
	ID:       "pc-breakeven",
	Severity: Info,
	Summary:  "provisioned-concurrency cost and the utilization where it beats on-demand",
	Source:   "https://aws.amazon.com/lambda/pricing/ (provisioned concurrency is billed for the time it is configured, busy or idle)",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			ms, _ := c.durationOf(f)
			d := time.Duration(ms) * time.Millisecond
			mem, ok := f.Memory()
			arch, archOK := f.Arch()
			if !ok || !archOK || !lambda.MemoryInRange(mem) {
				continue
			}
			region := pricingRegion(f.Stack)
			be, err := costmodel.ProvisionedBreakeven(region, costmodel.Arch(arch))
			if err != nil {
				continue
			}
			for _, p := range provisioned(f) {
				n, known := p.min.Or(0)
				if !known || n <= 0 {
					continue
				}
				e, err := costmodel.Monthly(costmodel.Profile{MemoryMiB: mem, Duration: d, Arch: costmodel.Arch(arch), Region: region, ProvisionedEnvironments: n, ProvisionedHours: hoursPerMonth})
				if err != nil {
					continue
				}
				c.report(p.res,
					fmt.Sprintf("%d provisioned environments of %d MiB on %s (%s %s) cost about %s a month before any invocation; they are cheaper than on-demand only while busy more than %.0f%% of the time.", n, mem, arch, p.kind, p.name, e.Provisioned.Format(2), be.Utilization*100),
					"Size provisioned concurrency from peak load (requests/s × duration ÷ 0.7), scale it on a schedule or on utilization, and prefer SnapStart where the runtime supports it.")
			}
		}
	},
}
