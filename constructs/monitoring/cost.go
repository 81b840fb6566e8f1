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
// the function's architecture, plus requests × the price per request.
// Free tier, volume tiers beyond the first, Savings Plans, billed-duration
// rounding and provisioned-concurrency charges are left out: it is an
// estimate of what the traffic on the graph costs, not a bill.
type CostPlan struct {
	Region       string
	Architecture costmodel.Arch
	MemoryMiB    int
	// PerGBSecond is costmodel's first on-demand duration tier.
	PerGBSecond costmodel.Money
	// PerRequest is costmodel's price per request.
	PerRequest costmodel.Money
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
// duration names the Duration metric (Sum, milliseconds) and invocations
// the Invocations metric (Sum). GB is MiB/1024, as Lambda prices memory.
func (c *CostPlan) Expression(duration, invocations string) string {
	return fmt.Sprintf("(%s / 1000) * (%d / 1024) * %s + %s * %s",
		duration, c.MemoryMiB, usd(c.PerGBSecond), invocations, usd(c.PerRequest))
}

// MonthlyExpression projects Expression to HoursPerMonth: the cost of a
// month at the rate of each period.
func (c *CostPlan) MonthlyExpression(duration, invocations string) string {
	return fmt.Sprintf("(%s) * %d / PERIOD(%s)", c.Expression(duration, invocations),
		int64(HoursPerMonth*time.Hour/time.Second), invocations)
}

// usd writes an exact decimal number of dollars, as metric math reads it
// (no exponent).
func usd(m costmodel.Money) string {
	return strings.TrimPrefix(m.String(), "$")
}
