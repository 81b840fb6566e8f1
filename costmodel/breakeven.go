package costmodel

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
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

// RateBreakeven is the request rate from which one compute model costs no
// more than another for a load's shape (its duration, memory, CPU share,
// architecture and region): below it From is cheaper.
type RateBreakeven struct {
	// From is the model To is compared with (OnDemand, or Provisioned
	// against Managed): the cheaper below RequestsPerSecond.
	From Model
	// To is the model whose breakeven this is: from RequestsPerSecond up
	// it costs no more than From.
	To Model
	// RequestsPerSecond is the lowest rate, to three significant digits,
	// at which To costs no more than From; meaningful when Found.
	RequestsPerSecond float64
	// Found is false when To stays dearer up to UpTo.
	Found bool
	// UpTo is the highest rate priced: MaxBreakevenRate, or less where a
	// month's charge would overflow Money.
	UpTo float64
}

// MaxBreakevenRate is the highest request rate a breakeven is looked for
// at, in requests per second.
const MaxBreakevenRate = 100_000

// String states the breakeven as a sentence.
func (b RateBreakeven) String() string {
	if !b.Found {
		return fmt.Sprintf("%s: dearer than %s up to %s requests/s", b.To.Name(), strings.ToLower(b.From.Name()), sig3(b.UpTo))
	}
	return fmt.Sprintf("%s: no dearer than %s from %s requests/s", b.To.Name(), strings.ToLower(b.From.Name()), sig3(b.RequestsPerSecond))
}

// RateBreakevens returns, for the shape of l (everything but its request
// rate), the request rates where provisioned concurrency and Managed
// Instances start to cost no more than on-demand, and Managed Instances no
// more than provisioned concurrency: the first crossing on a grid of 100
// rates a decade from 0.01 requests/s, refined by bisection. Managed
// Instances and provisioned concurrency cost steps (whole instances and
// environments), so a later rate can briefly reverse a crossing.
func RateBreakevens(l Load, o ManagedOptions) ([]RateBreakeven, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	pairs := []RateBreakeven{{From: OnDemand, To: Provisioned}, {From: OnDemand, To: Managed}, {From: Provisioned, To: Managed}}
	at := func(rps float64) (Comparison, error) {
		l.RequestsPerSecond = rps
		return Compare(l, o)
	}
	const lowest, perDecade = 0.01, 100
	prev := 0.0
	for i := 0; ; i++ {
		rps := lowest * math.Pow(10, float64(i)/perDecade)
		if rps > MaxBreakevenRate*(1+1e-9) {
			break
		}
		c, err := at(rps)
		if errors.Is(err, errOverflow) {
			break // a month this busy is beyond Money: stop looking
		}
		if err != nil {
			return nil, err
		}
		for k := range pairs {
			pairs[k].UpTo = rps
		}
		for k := range pairs {
			p := &pairs[k]
			if p.Found || c.Total(p.To) > c.Total(p.From) {
				continue
			}
			p.Found, p.RequestsPerSecond = true, rps
			if i == 0 {
				continue
			}
			lo, hi := prev, rps // From is cheaper at lo, To at hi
			for range 40 {
				mid := (lo + hi) / 2
				m, err := at(mid)
				if err != nil { // cheaper than rps, which priced
					return nil, err
				}
				if m.Total(p.To) <= m.Total(p.From) {
					hi = mid
				} else {
					lo = mid
				}
			}
			p.RequestsPerSecond, _ = strconv.ParseFloat(sig3(hi), 64)
		}
		prev = rps
	}
	return pairs, nil
}

// sig3 writes v to three significant digits without an exponent: "47.4",
// "100000".
func sig3(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}
