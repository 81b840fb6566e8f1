package audit

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/schedule"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// scheduledAverage is the average provisioned floor of a scalable target
// with scheduled actions: scheduled is false without any, ok false when
// they cannot be simulated.
func scheduledAverage(p provisioning, memo map[string][2]float64) (avg float64, scheduled, ok bool) {
	if p.target == nil || len(p.target.ScheduledActions) == 0 {
		return 0, false, false
	}
	initial, known := p.min.Or(0)
	if !known {
		return 0, true, false
	}
	// Registration starts the alias inside Min..Max from where its own
	// setting put it.
	if a := p.target.Alias; a != nil {
		if n, ok := a.Provisioned.Or(0); ok && n > initial {
			initial = n
			if m, ok := p.target.Max.Or(n); ok && m < n {
				initial = m
			}
		}
	}
	var actions []schedule.Action
	for _, a := range p.target.ScheduledActions {
		if !a.Schedule.Known() || a.Min.Unknown || a.Max.Unknown {
			return 0, true, false
		}
		act := schedule.Action{Expr: a.Schedule.V}
		if a.Min.Set {
			act.Min = &a.Min.V
		}
		if a.Max.Set {
			act.Max = &a.Max.V
		}
		actions = append(actions, act)
	}
	// A scaling policy moves capacity with the load above the scheduled
	// minimums; without one, a lower minimum scales nothing in.
	floats := len(p.target.Policies) > 0
	key := fmt.Sprint(initial, floats, p.target.ScheduledActions)
	if r, done := memo[key]; done {
		return r[0], true, r[1] == 1
	}
	avg, ok = schedule.AverageCapacity(initial, actions, floats)
	memo[key] = [2]float64{avg, map[bool]float64{true: 1}[ok]}
	return avg, true, ok
}

var rulePCBreakeven = &Rule{
	ID:       "pc-breakeven",
	Severity: Info,
	Summary:  "provisioned-concurrency cost and the utilization where it beats on-demand",
	Source:   "https://aws.amazon.com/lambda/pricing/ (provisioned concurrency is billed for the time it is configured, busy or idle)",
	Fix:      "Size provisioned concurrency from peak load, scale it on a schedule or on utilization, and prefer SnapStart where the runtime supports it.",
	check: func(c *checker) {
		memo := map[string][2]float64{} // schedules repeat across functions
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
				if !known {
					continue
				}
				envs, hours := float64(n), float64(costmodel.HoursPerMonth)
				what, how := fmt.Sprintf("%d provisioned environments", n), ""
				if avg, scheduled, ok := scheduledAverage(p, memo); scheduled && ok {
					envs = avg
					what = fmt.Sprintf("Scheduled provisioned concurrency (%.2f environments on average, %.0f environment-hours a month)", avg, avg*costmodel.HoursPerMonth)
					if len(p.target.Policies) == 0 {
						what = fmt.Sprintf("Scheduled provisioned concurrency without a scaling policy (%.2f environments on average, %.0f environment-hours a month: a lower scheduled minimum scales nothing in)", avg, avg*costmodel.HoursPerMonth)
					}
				} else if scheduled {
					how = "; its schedules are not priced (an invalid expression, cron with L, W or #, or at()), so this assumes the minimum all month"
				}
				if envs <= 0 {
					continue
				}
				e, err := costmodel.Monthly(costmodel.Profile{MemoryMiB: mem, Duration: d, Arch: costmodel.Arch(arch), Region: region, ProvisionedEnvironments: 1, ProvisionedHours: envs * hours})
				if err != nil {
					continue
				}
				c.report(p.res,
					fmt.Sprintf("%s of %d MiB on %s (%s %s) cost about %s a month before any invocation%s; they are cheaper than on-demand only while busy more than %.0f%% of the time.", what, mem, arch, p.kind, p.name, e.Provisioned.Format(2), how, be.Utilization*100),
					"Size provisioned concurrency from peak load (requests/s × duration ÷ 0.7), scale it on a schedule or on utilization, and prefer SnapStart where the runtime supports it.")
			}
		}
	},
}
