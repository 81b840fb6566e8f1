package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// A wide margin: the cheapest model saves at least this share of the
// current model's monthly cost, and at least wideMarginMin.
const (
	wideMarginShare = 0.3
	wideMarginMin   = 10 * costmodel.Dollar
)

var ruleCheaperComputeModel = &Rule{
	ID:       "cheaper-compute-model",
	Severity: Warning,
	Summary:  "another compute model (on-demand, provisioned concurrency, Managed Instances) costs far less for the declared load",
	Source: "https://aws.amazon.com/lambda/pricing/ (Managed Instances: the EC2 instance price, a 15 % management fee on the on-demand price and $0.20 per million requests, no duration charge; provisioned concurrency is billed busy or idle) and " +
		lambda.ManagedInstancesScalingDoc + " (three instances by default; throttles when traffic more than doubles within 5 minutes)",
	Fix: "Move the function to the cheaper compute model the finding names (compare them with `lambdaperf cost --rps`), or correct the declared load (ExpectedRequestsPerSecond, ExpectedCPUShare) if it is not the real one.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			cost, ok := ComputeCostOf(f, c.opts)
			if !ok {
				continue
			}
			cmp := cost.Comparison
			current, saving := cmp.Total(cost.Current), cost.Saving()
			if cmp.Cheapest == cost.Current || saving < wideMarginMin || float64(saving) < wideMarginShare*float64(current) {
				continue
			}
			c.report(f.Resource, cheaperMessage(f, cost), cheaperFix(cost))
		}
	},
}

// cheaperMessage says what the function costs where it runs, what the
// cheapest model would cost, and why.
func cheaperMessage(f *Function, c ComputeCost) string {
	cmp := c.Comparison
	l, m := cmp.Load, cmp.Managed
	current, best := cmp.Total(c.Current), cmp.Total(cmp.Cheapest)
	load := fmt.Sprintf("the declared %g requests/s of %d ms (%s), %s CPU share (%s), priced in %s", l.RequestsPerSecond, c.DurationMs, c.DurationSource,
		shareText(l.CPUShare), c.CPUShareSource, c.PricedIn)
	why := ""
	switch {
	case c.Current == costmodel.Provisioned && cmp.Cheapest == costmodel.Managed:
		why = fmt.Sprintf("provisioned concurrency is busy around the clock (%d environments for %.1f invocations in flight), while on Managed Instances invocations share vCPUs: %d environments on %d × %s, %.1f %% CPU",
			cmp.ProvisionedEnvironments, l.Concurrency(), m.Environments, m.Instances, m.InstanceType, m.CPUUtilization*100)
	case c.Current == costmodel.Managed:
		why = fmt.Sprintf("the capacity provider is mostly idle: %d instances of %s at %.1f %% CPU, kept whatever the load", m.Instances, m.InstanceType, m.CPUUtilization*100)
	case cmp.Cheapest == costmodel.Managed:
		why = fmt.Sprintf("on Managed Instances invocations share vCPUs: %d environments on %d × %s, %.1f %% CPU, and no duration is billed",
			m.Environments, m.Instances, m.InstanceType, m.CPUUtilization*100)
	case cmp.Cheapest == costmodel.Provisioned:
		why = fmt.Sprintf("%d provisioned environments would be busy %.0f %% of the time, above the utilization where they pay off",
			cmp.ProvisionedEnvironments, 100*l.Concurrency()/float64(cmp.ProvisionedEnvironments))
	default:
		why = "on demand only the invocations are billed"
	}
	return fmt.Sprintf("%s: %s it costs about %s a month at %s; %s it would cost about %s, %.0f %% less: %s.",
		name(f.Resource), c.Current.Phrase(), current.Format(2), load, cmp.Cheapest.Phrase(), best.Format(2), 100*float64(current-best)/float64(current), why)
}

func shareText(s float64) string {
	if s == 0 {
		return "a 100 %"
	}
	return fmt.Sprintf("a %.0f %%", s*100)
}

// cheaperFix says how to move to the cheapest model.
func cheaperFix(c ComputeCost) string {
	switch c.Comparison.Cheapest {
	case costmodel.Managed:
		return fmt.Sprintf("Run it on a Lambda Managed Instances capacity provider (optimizedfn.Props.ManagedInstances with capacity.New, or awslambda.NewCapacityProvider) and drop its provisioned concurrency, if its runtime supports it (%s), its handler is safe for concurrent invocations, and its traffic never more than doubles within %d minutes; compare with `lambdaperf cost --rps`.",
			lambda.ManagedInstancesRuntimes, int(lambda.ScalingDoublingWindow.Minutes()))
	case costmodel.Provisioned:
		return fmt.Sprintf("Run it on demand with provisioned concurrency sized for the load (requests/s × duration ÷ %g = %d environments), scaled on utilization; compare with `lambdaperf cost --rps`.",
			costmodel.ProvisionedTarget, c.Comparison.ProvisionedEnvironments)
	}
	if c.Current == costmodel.Managed {
		return "Run it on demand: remove its capacity-provider config (optimizedfn.Props.ManagedInstances; CapacityProviderConfig in the template), or share the capacity provider with busier functions; declare the load you expect (optimizedfn ExpectedRequestsPerSecond) if this one is wrong."
	}
	return "Run it on demand: remove its provisioned concurrency, or scale it on a schedule to the hours it is busy; declare the load you expect (optimizedfn ExpectedRequestsPerSecond) if this one is wrong."
}
