package monitoring

import (
	"fmt"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// HoursPerMonth is the month the cost widgets project to: 730 hours, as
// in the worked examples of https://aws.amazon.com/lambda/pricing/.
const HoursPerMonth = 730

// CostPlan prices a function's traffic for the cost widgets, at list price
// from costmodel (whose prices cite https://aws.amazon.com/lambda/pricing/):
// on-demand duration, GB-seconds × the first-tier price per GB-second of
// the function's architecture, plus requests × the price per request, plus
// the INIT phase of the period's cold starts where the function's JSON
// platform.report records give it (LogMetrics): since 1 August 2025 Lambda
// bills INIT like duration
// (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/),
// and the Duration metric leaves it out ("Duration does not include cold
// start time",
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
// Left out, and the widget's title says so: provisioned-concurrency
// charges (the environments configured, billed busy or idle, and the lower
// duration price of the invocations they serve), the free tier, volume
// tiers beyond the first, Savings Plans and billed-duration rounding: it
// is an estimate of what the traffic on the graph costs, not a bill.
type CostPlan struct {
	// Region whose list prices apply.
	Region string
	// Architecture priced (arm64 or x86_64).
	Architecture costmodel.Arch
	// MemoryMiB priced per GB-second.
	MemoryMiB int
	// PerGBSecond is costmodel's first on-demand duration tier.
	PerGBSecond costmodel.Money
	// PerRequest is costmodel's price per request.
	PerRequest costmodel.Money
	// ManagedInstances prices a function on a capacity provider: requests
	// only. Lambda Managed Instances bill the EC2 price of the instances
	// plus a management fee, per instance-hour, and the requests, with no
	// duration charge (https://aws.amazon.com/lambda/pricing/, "Lambda
	// Managed Instances"); the instances are shared by the provider's
	// functions and not priced here.
	ManagedInstances bool
}

func newCostPlan(region string, arch costmodel.Arch, memoryMiB int) (*CostPlan, error) {
	prices, err := costmodel.PricesFor(region, arch)
	if err != nil {
		return nil, err
	}
	if len(prices.Duration) == 0 {
		return nil, fmt.Errorf("costmodel has no duration price for %s %s", region, arch)
	}
	return &CostPlan{
		Region:       prices.Region,
		Architecture: prices.Arch,
		MemoryMiB:    memoryMiB,
		PerGBSecond:  prices.Duration[0].PerGBSecond,
		PerRequest:   prices.PerRequest,
	}, nil
}

// Expression is the metric math for the cost, in USD, of one period:
// duration names the Duration metric (Sum, milliseconds), invocations the
// Invocations metric (Sum) and init, unless "", the INIT duration of the
// period's cold starts (Sum, milliseconds; a period without cold starts
// has no data, read as 0). GB is MiB/1024, as Lambda prices memory.
func (c *CostPlan) Expression(duration, invocations, init string) string {
	if c.ManagedInstances {
		return fmt.Sprintf("%s * %s", invocations, usd(c.PerRequest))
	}
	ms := duration
	if init != "" {
		ms = fmt.Sprintf("(%s + FILL(%s, 0))", duration, init)
	}
	return fmt.Sprintf("(%s / 1000) * (%d / 1024) * %s + %s * %s",
		ms, c.MemoryMiB, usd(c.PerGBSecond), invocations, usd(c.PerRequest))
}

// MonthlyExpression projects Expression to HoursPerMonth: the cost of a
// month at the rate of each period.
func (c *CostPlan) MonthlyExpression(duration, invocations, init string) string {
	return fmt.Sprintf("(%s) * %d / PERIOD(%s)", c.Expression(duration, invocations, init),
		int64(HoursPerMonth*time.Hour/time.Second), invocations)
}

// costScope says what a cost graph of fp includes beyond invocations and
// requests, for its title.
func costScope(fp *FunctionPlan) string {
	if fp.Cost != nil && fp.Cost.ManagedInstances {
		return "Managed Instances: requests only, no duration charge; the instances' EC2 price and management fee, billed per hour, not included"
	}
	if fp.LogMetrics {
		return "INIT included, provisioned concurrency not included"
	}
	return "INIT and provisioned concurrency not included"
}

// usd writes an exact decimal number of dollars, as metric math reads it
// (no exponent).
func usd(m costmodel.Money) string {
	return strings.TrimPrefix(m.String(), "$")
}
