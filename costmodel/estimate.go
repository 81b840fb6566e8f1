package costmodel

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// MaxDuration is the longest one invocation can run (Lambda's maximum timeout).
const MaxDuration = 900 * time.Second

// provisionedBillingStep is the granularity of provisioned-concurrency time:
// it is billed from enabling to disabling, rounded up to five minutes.
const provisionedBillingStep = 5 * time.Minute

// Profile describes a function's traffic over one month.
type Profile struct {
	// MemoryMiB is the memory setting, 128..10240 MiB. Required.
	MemoryMiB int
	// Duration is the average duration of one invocation, billed rounded up
	// to 1 ms. Required: more than 0 and at most 15 minutes.
	Duration time.Duration
	// Invocations is the number of invocations in the month.
	// Default: 0 (only provisioned concurrency is charged).
	Invocations int64
	// Arch is the architecture. Default: X86_64.
	Arch Arch
	// Region selects the prices. Default: DefaultRegion (us-east-1).
	Region string
	// ProvisionedEnvironments is the provisioned concurrency, in execution
	// environments. Default: 0 (none).
	ProvisionedEnvironments int
	// ProvisionedHours is how long, in hours, the environments stay
	// provisioned during the month; it is billed rounded up to 5 minutes.
	// Default: 0. Required (more than 0) with ProvisionedEnvironments.
	ProvisionedHours float64
	// ProvisionedInvocations is how many of Invocations run on provisioned
	// environments, at the lower provisioned duration price; the others run
	// on demand. Default: as many as the provisioned time can hold,
	// min(Invocations, environments × hours × 3600 s ÷ billed duration).
	ProvisionedInvocations int64
	// EphemeralStorageMiB is the /tmp size, 512..10240 MiB; only the part
	// above 512 MiB is charged. Default: 512.
	EphemeralStorageMiB int
	// InitDuration is the average INIT phase of a cold start (the Init
	// Duration of the REPORT line), at most 15 minutes. Since 1 August
	// 2025 Lambda bills it like invocation duration for every on-demand
	// invocation that starts an environment: the cold invocation's billed
	// duration is init + invoke, rounded up to 1 ms, at the duration price
	// (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/;
	// "Duration charges apply to code that runs in the handler of a
	// function as well as initialization code that is declared outside of
	// the handler", https://aws.amazon.com/lambda/pricing/). The INIT of
	// provisioned environments is not priced here, nor SnapStart restores.
	// Default: 0. Required (more than 0) with ColdStartRate.
	InitDuration time.Duration
	// ColdStartRate is the share of on-demand invocations that start a new
	// execution environment, 0..1. AWS observes cold starts in under 1 %
	// of production invocations ([TypicalColdStartRate]). Default: 0.
	ColdStartRate float64
}

// TypicalColdStartRate is the cold-start share AWS reports for production
// workloads: "INITs (cold starts) typically occur in under 1% of
// invocations"
// (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/).
const TypicalColdStartRate = 0.01

// Estimate is the cost of a [Profile], line by line. Total is the exact sum
// of the other amounts.
type Estimate struct {
	// Region whose prices were used.
	Region string
	// Arch priced.
	Arch Arch
	// BilledDuration is the average duration rounded up to 1 ms.
	BilledDuration time.Duration
	// OnDemandInvocations and ProvisionedInvocations split the invocations
	// by the duration price they pay.
	OnDemandInvocations int64
	// ProvisionedInvocations ran on provisioned environments, at the
	// provisioned duration price.
	ProvisionedInvocations int64
	// Compute is the duration charge: on-demand GB-seconds at the monthly
	// volume tiers plus GB-seconds run on provisioned environments.
	Compute Money
	// Requests is the request charge.
	Requests Money
	// Provisioned is the charge for keeping environments provisioned, busy
	// or idle.
	Provisioned Money
	// Ephemeral is the charge for /tmp above 512 MiB.
	Ephemeral Money
	// ColdStarts is the number of on-demand invocations that ran INIT, and
	// Init the charge for it: the GB-seconds that init adds to their
	// billed duration, at the on-demand tiers.
	ColdStarts int64
	// Init is the INIT charge of the ColdStarts.
	Init Money
	// Total is the sum of every charge above.
	Total Money
}

// Validate reports every problem with the profile, joined.
func (p Profile) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !lambda.MemoryInRange(p.MemoryMiB) {
		bad("MemoryMiB must be %d..%d MiB, got %d", MinMemoryMiB, MaxMemoryMiB, p.MemoryMiB)
	}
	if p.Duration <= 0 || p.Duration > MaxDuration {
		bad("Duration must be more than 0 and at most %s, got %s", MaxDuration, p.Duration)
	}
	if p.Invocations < 0 {
		bad("Invocations must not be negative, got %d", p.Invocations)
	}
	if p.Arch != "" {
		if _, err := ParseArch(string(p.Arch)); err != nil {
			bad("Arch: %w", err)
		}
	}
	if p.ProvisionedEnvironments < 0 {
		bad("ProvisionedEnvironments must not be negative, got %d", p.ProvisionedEnvironments)
	}
	if math.IsNaN(p.ProvisionedHours) || math.IsInf(p.ProvisionedHours, 0) || p.ProvisionedHours < 0 {
		bad("ProvisionedHours must be a number of hours >= 0, got %v", p.ProvisionedHours)
	} else if p.ProvisionedHours > 1e6 {
		bad("ProvisionedHours must be at most 1000000, got %v", p.ProvisionedHours)
	}
	if p.ProvisionedEnvironments > 0 && p.ProvisionedHours == 0 {
		bad("ProvisionedHours must be more than 0 when ProvisionedEnvironments is %d", p.ProvisionedEnvironments)
	}
	if p.ProvisionedEnvironments == 0 && p.ProvisionedHours > 0 {
		bad("ProvisionedEnvironments must be more than 0 when ProvisionedHours is %v", p.ProvisionedHours)
	}
	if p.ProvisionedInvocations < 0 || (p.Invocations >= 0 && p.ProvisionedInvocations > p.Invocations) {
		bad("ProvisionedInvocations must be 0..Invocations (%d), got %d", p.Invocations, p.ProvisionedInvocations)
	}
	if p.ProvisionedInvocations > 0 && p.ProvisionedEnvironments == 0 {
		bad("ProvisionedInvocations is %d but ProvisionedEnvironments is 0", p.ProvisionedInvocations)
	}
	if p.InitDuration < 0 || p.InitDuration > MaxDuration {
		bad("InitDuration must be 0..%s, got %s", MaxDuration, p.InitDuration)
	}
	if math.IsNaN(p.ColdStartRate) || p.ColdStartRate < 0 || p.ColdStartRate > 1 {
		bad("ColdStartRate must be a share 0..1 of the on-demand invocations, got %v", p.ColdStartRate)
	}
	if p.ColdStartRate > 0 && p.InitDuration == 0 {
		bad("InitDuration must be more than 0 when ColdStartRate is %v", p.ColdStartRate)
	}
	if p.InitDuration > 0 && p.ColdStartRate == 0 {
		bad("ColdStartRate must be more than 0 when InitDuration is %s", p.InitDuration)
	}
	if p.EphemeralStorageMiB != 0 && !lambda.EphemeralInRange(p.EphemeralStorageMiB) {
		bad("EphemeralStorageMiB must be %d..%d MiB, got %d", MinEphemeralStorageMiB, MaxEphemeralStorageMiB, p.EphemeralStorageMiB)
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("costmodel: %w", errors.Join(errs...))
}

// BilledDuration rounds d up to the next whole millisecond, as Lambda bills.
func BilledDuration(d time.Duration) time.Duration {
	return (d + time.Millisecond - 1) / time.Millisecond * time.Millisecond
}

// Monthly prices a month of traffic: requests, duration (GB-seconds ×
// price, on-demand GB-seconds going through the monthly volume tiers as if
// they were the account's only ones), the INIT phase of on-demand cold
// starts, provisioned concurrency and ephemeral storage. GB is MiB/1024,
// as Lambda prices memory.
func Monthly(p Profile) (Estimate, error) {
	if err := p.Validate(); err != nil {
		return Estimate{}, err
	}
	prices, err := PricesFor(p.Region, p.Arch)
	if err != nil {
		return Estimate{}, err
	}
	billed := BilledDuration(p.Duration)
	billedMs := int64(billed / time.Millisecond)
	mem := int64(p.MemoryMiB)

	var provisionedMs int64
	if p.ProvisionedEnvironments > 0 {
		ms := int64(math.Round(p.ProvisionedHours * float64(time.Hour/time.Millisecond)))
		step := int64(provisionedBillingStep / time.Millisecond)
		provisionedMs = (ms + step - 1) / step * step
	}
	pcInvocations := p.ProvisionedInvocations
	if p.ProvisionedEnvironments > 0 && pcInvocations == 0 {
		capacity := new(big.Int).Mul(big.NewInt(int64(p.ProvisionedEnvironments)), big.NewInt(provisionedMs))
		capacity.Quo(capacity, big.NewInt(billedMs))
		pcInvocations = p.Invocations
		if capacity.IsInt64() && capacity.Int64() < pcInvocations {
			pcInvocations = capacity.Int64()
		}
	}
	onDemand := p.Invocations - pcInvocations

	// GB-seconds = MiB/1024 × ms/1000 × count.
	gbSeconds := func(mib, ms, count int64) *big.Rat {
		n := new(big.Int).Mul(big.NewInt(mib), big.NewInt(ms))
		n.Mul(n, big.NewInt(count))
		return new(big.Rat).SetFrac(n, big.NewInt(1024*1000))
	}
	times := func(q *big.Rat, price Money) *big.Rat {
		return new(big.Rat).Mul(q, new(big.Rat).SetInt64(int64(price)))
	}

	// A cold invocation bills init + invoke rounded up to 1 ms once; the
	// init line is what that adds to the on-demand tiers.
	coldStarts := int64(math.Round(float64(onDemand) * p.ColdStartRate))
	var initMs int64
	if coldStarts > 0 {
		initMs = int64(BilledDuration(p.Duration+p.InitDuration)/time.Millisecond) - billedMs
	}
	invokeGBs := gbSeconds(mem, billedMs, onDemand)
	compute := tieredCost(invokeGBs, prices.Duration)
	withInit := tieredCost(new(big.Rat).Add(invokeGBs, gbSeconds(mem, initMs, coldStarts)), prices.Duration)
	init := new(big.Rat).Sub(withInit, compute)
	compute.Add(compute, times(gbSeconds(mem, billedMs, pcInvocations), prices.ProvisionedDurationPerGBSecond))
	requests := times(new(big.Rat).SetInt64(p.Invocations), prices.PerRequest)
	provisioned := times(gbSeconds(mem*int64(p.ProvisionedEnvironments), provisionedMs, 1), prices.ProvisionedPerGBSecond)
	storage := int64(max(p.EphemeralStorageMiB, MinEphemeralStorageMiB) - MinEphemeralStorageMiB)
	ephemeral := times(gbSeconds(storage, billedMs, p.Invocations), prices.EphemeralPerGBSecond)

	e := Estimate{
		Region:                 prices.Region,
		Arch:                   prices.Arch,
		BilledDuration:         billed,
		OnDemandInvocations:    onDemand,
		ProvisionedInvocations: pcInvocations,
		ColdStarts:             coldStarts,
	}
	lines := []struct {
		dst *Money
		v   *big.Rat
	}{{&e.Compute, compute}, {&e.Init, init}, {&e.Requests, requests}, {&e.Provisioned, provisioned}, {&e.Ephemeral, ephemeral}}
	total := new(big.Int)
	for _, l := range lines {
		m, err := ratToMoney(l.v)
		if err != nil {
			return Estimate{}, fmt.Errorf("costmodel: %w", err)
		}
		*l.dst = m
		total.Add(total, big.NewInt(int64(m)))
	}
	if !total.IsInt64() {
		return Estimate{}, fmt.Errorf("costmodel: %w", errOverflow)
	}
	e.Total = Money(total.Int64())
	return e, nil
}

// tieredCost prices gbs GB-seconds through the volume tiers, in pico-dollars.
func tieredCost(gbs *big.Rat, tiers []Tier) *big.Rat {
	cost := new(big.Rat)
	remaining := new(big.Rat).Set(gbs)
	var start int64
	for _, t := range tiers {
		if remaining.Sign() <= 0 {
			break
		}
		portion := new(big.Rat).Set(remaining)
		if t.UpToGBSeconds > 0 {
			if size := new(big.Rat).SetInt64(t.UpToGBSeconds - start); portion.Cmp(size) > 0 {
				portion = size
			}
			start = t.UpToGBSeconds
		}
		remaining.Sub(remaining, portion)
		cost.Add(cost, portion.Mul(portion, new(big.Rat).SetInt64(int64(t.PerGBSecond))))
	}
	return cost
}

// InvocationsCost prices n invocations of memoryMiB and average duration d
// on demand in [DefaultRegion]: billed duration rounded up to 1 ms,
// GB-seconds × price, plus requests.
func InvocationsCost(memoryMiB int, d time.Duration, n int64, arch Arch) (Estimate, error) {
	return Monthly(Profile{MemoryMiB: memoryMiB, Duration: d, Invocations: n, Arch: arch})
}

// CostPerMillion is the on-demand cost of one million invocations, requests
// included, in [DefaultRegion], without INIT: OnDemandPerMillion adds the
// INIT of cold starts, as report and the advisor do.
func CostPerMillion(memoryMiB int, d time.Duration, arch Arch) (Money, error) {
	e, err := InvocationsCost(memoryMiB, d, 1_000_000, arch)
	return e.Total, err
}

// OnDemandPerMillion is the on-demand cost of one million invocations with
// p's memory, duration, architecture, region, ephemeral storage and INIT
// (InitDuration at ColdStartRate), requests included; p's invocations and
// provisioned concurrency are ignored.
func OnDemandPerMillion(p Profile) (Estimate, error) {
	p.Invocations = 1_000_000
	p.ProvisionedEnvironments, p.ProvisionedHours, p.ProvisionedInvocations = 0, 0, 0
	return Monthly(p)
}
