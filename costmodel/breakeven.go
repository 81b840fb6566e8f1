package costmodel

import (
	"fmt"
	"math/big"
)

// ColdStartRuleOfThumb is the playbook's latency rule: consider provisioned
// concurrency when cold starts exceed about this share of invocations. It
// says nothing about cost; see [Breakeven].
const ColdStartRuleOfThumb = 0.20

// Breakeven is the provisioned-concurrency breakeven for one region and
// architecture, with the playbook's latency rule stated beside it.
type Breakeven struct {
	// Region whose prices were used.
	Region string
	// Arch priced.
	Arch Arch
	// Utilization is the share of provisioned time (0..1) the environments
	// must be busy for provisioned concurrency to cost less than on-demand:
	// provisioned price ÷ (on-demand duration price − provisioned duration
	// price), with the first on-demand volume tier. Requests cost the same
	// either way and drop out.
	Utilization float64
	// CostRule states Utilization as a sentence.
	CostRule string
	// LatencyRule states [ColdStartRuleOfThumb] as a sentence.
	LatencyRule string
}

// ProvisionedBreakeven returns the breakeven utilization of provisioned
// concurrency: above it, provisioned concurrency is cheaper than on-demand
// (60 % for x86_64 in us-east-1 at current prices). An empty region means
// [DefaultRegion]; an empty arch means [X86_64].
func ProvisionedBreakeven(region string, arch Arch) (Breakeven, error) {
	p, err := PricesFor(region, arch)
	if err != nil {
		return Breakeven{}, err
	}
	return p.ProvisionedBreakeven(), nil
}

// ProvisionedBreakeven is [ProvisionedBreakeven] for these prices.
func (p Prices) ProvisionedBreakeven() Breakeven {
	onDemand := p.Duration[0].PerGBSecond
	saving := onDemand - p.ProvisionedDurationPerGBSecond
	u := 1.0
	if saving > 0 {
		u, _ = big.NewRat(int64(p.ProvisionedPerGBSecond), int64(saving)).Float64()
	}
	return Breakeven{
		Region:      p.Region,
		Arch:        p.Arch,
		Utilization: u,
		CostRule: fmt.Sprintf("cost: provisioned concurrency (%s, %s) is cheaper than on-demand when its environments are busy more than %.0f %% of the time they are provisioned (%s ÷ (%s − %s) per GB-second)",
			p.Arch, p.Region, u*100, p.ProvisionedPerGBSecond, onDemand, p.ProvisionedDurationPerGBSecond),
		LatencyRule: fmt.Sprintf("latency: the playbook's rule of thumb is to consider provisioned concurrency when cold starts exceed ~%.0f %% of invocations; that is a latency rule, not a cost one",
			ColdStartRuleOfThumb*100),
	}
}

// String returns the cost rule and the latency rule on two lines.
func (b Breakeven) String() string {
	return b.CostRule + "\n" + b.LatencyRule
}
