package costmodel

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// Model is one of the three ways Lambda runs a function.
type Model string

// The compute models, in the order reports list them.
const (
	OnDemand    Model = "on-demand"
	Provisioned Model = "provisioned-concurrency"
	Managed     Model = "managed-instances"
)

// Models lists the compute models in report order.
func Models() []Model { return []Model{OnDemand, Provisioned, Managed} }

// Name is the model as a table heading: "On-demand", "Provisioned
// concurrency", "Managed Instances".
func (m Model) Name() string {
	switch m {
	case OnDemand:
		return "On-demand"
	case Provisioned:
		return "Provisioned concurrency"
	case Managed:
		return "Managed Instances"
	}
	return string(m)
}

// Phrase is the model in a sentence: "on demand", "with provisioned
// concurrency", "on Managed Instances".
func (m Model) Phrase() string {
	switch m {
	case OnDemand:
		return "on demand"
	case Provisioned:
		return "with provisioned concurrency"
	case Managed:
		return "on Managed Instances"
	}
	return string(m)
}

// ProvisionedTarget is the share of provisioned environments a load keeps
// busy when provisioned concurrency is sized for it: 0.7 leaves 30 %
// headroom for a burst while new environments initialize (the playbook's
// value; constructs/concurrency sizes and scales with it).
const ProvisionedTarget = 0.7

// Load is a function's steady traffic over a month: what the three compute
// models are priced from.
type Load struct {
	// RequestsPerSecond is the average request rate over the month, >= 0.
	RequestsPerSecond float64
	// Duration is the average duration of one invocation. Required: more
	// than 0 and at most 15 minutes.
	Duration time.Duration
	// MemoryMiB is the function's memory setting on demand and with
	// provisioned concurrency, 128..10,240 MiB; Managed Instances use at
	// least 2,048 MiB (ManagedOptions.MemoryMiB). Required.
	MemoryMiB int
	// CPUShare is the share of the duration an invocation runs on its CPU
	// on Lambda at MemoryMiB, above 0 and at most 1: 0.1 for an
	// invocation that waits on I/O nine tenths of the time. Only Managed
	// Instances, where invocations share an environment's vCPUs, price
	// it: an invocation keeps a vCPU busy for Duration × CPUShare ×
	// min(1, VCPUs(MemoryMiB)) (below 1,769 MiB a function runs on a
	// fraction of a vCPU, so its CPU work takes that fraction of a whole
	// vCPU's time), and stays in flight for that plus its I/O time.
	// Default: 0 for 1 (CPU-bound, the case least favourable to Managed
	// Instances).
	CPUShare float64
	// Arch is the architecture on demand and with provisioned
	// concurrency. Managed Instances are priced on Graviton (arm64).
	// Default: X86_64.
	Arch Arch
	// Region selects the prices. Default: DefaultRegion (us-east-1).
	Region string
	// InitDuration is the average INIT phase of an on-demand cold start,
	// priced as Profile.InitDuration. Default: 0, none.
	InitDuration time.Duration
	// ColdStartRate is the share 0..1 of on-demand invocations that start
	// an environment, as Profile.ColdStartRate. Default: 0, none.
	ColdStartRate float64
}

// Validate reports every problem with the load, joined.
func (l Load) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !(l.RequestsPerSecond >= 0) || math.IsInf(l.RequestsPerSecond, 0) || l.RequestsPerSecond > 1e7 {
		bad("RequestsPerSecond must be a rate 0..10000000, got %v", l.RequestsPerSecond)
	}
	if l.Duration <= 0 || l.Duration > MaxDuration {
		bad("Duration must be more than 0 and at most %s, got %s", MaxDuration, l.Duration)
	}
	if !lambda.MemoryInRange(l.MemoryMiB) {
		bad("MemoryMiB must be %d..%d MiB, got %d", MinMemoryMiB, MaxMemoryMiB, l.MemoryMiB)
	}
	if l.CPUShare != 0 && !(l.CPUShare > 0 && l.CPUShare <= 1) {
		bad("CPUShare must be a share above 0 and at most 1 of the duration, got %v", l.CPUShare)
	}
	if l.Arch != "" {
		if _, err := ParseArch(string(l.Arch)); err != nil {
			bad("Arch: %w", err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("costmodel: %w", errors.Join(errs...))
}

func (l Load) cpuShare() float64 {
	if l.CPUShare == 0 {
		return 1
	}
	return l.CPUShare
}

// Concurrency is the invocations in flight on average, by Little's law:
// requests/s × duration.
func (l Load) Concurrency() float64 { return l.RequestsPerSecond * l.Duration.Seconds() }

// cpuSeconds is the vCPU time one invocation takes (see CPUShare).
func (l Load) cpuSeconds() float64 {
	return l.Duration.Seconds() * l.cpuShare() * min(1, VCPUs(l.MemoryMiB))
}

// managedSeconds is the time one invocation is in flight on Managed
// Instances: its I/O time and its CPU time on a whole vCPU.
func (l Load) managedSeconds() float64 {
	return l.Duration.Seconds()*(1-l.cpuShare()) + l.cpuSeconds()
}

// MonthlyInvocations is the requests of a HoursPerMonth month, rounded.
func (l Load) MonthlyInvocations() int64 {
	return int64(math.Round(l.RequestsPerSecond * HoursPerMonth * 3600))
}

// profile is the load as Monthly prices it, on demand.
func (l Load) profile() Profile {
	return Profile{MemoryMiB: l.MemoryMiB, Duration: l.Duration, Invocations: l.MonthlyInvocations(), Arch: l.Arch, Region: l.Region,
		InitDuration: l.InitDuration, ColdStartRate: l.ColdStartRate}
}

// ProvisionedFor is the provisioned concurrency a load needs:
// EnvironmentsFor its rate and duration at ProvisionedTarget, at least 1.
func (l Load) ProvisionedFor() int {
	return max(1, EnvironmentsFor(l.RequestsPerSecond, l.Duration, ProvisionedTarget))
}

// EnvironmentsFor is the number of single-invocation execution
// environments a load keeps at a utilization target, by Little's law:
// requests/s × duration ÷ target, rounded up; 0 for a rate or duration
// that is not positive, or a target outside (0, 1]. 100 req/s of 100 ms
// requests keep 10 environments busy; at a 0.7 target that is 15.
func EnvironmentsFor(rps float64, d time.Duration, target float64) int {
	if !(rps > 0) || math.IsInf(rps, 0) || d <= 0 || !(target > 0 && target <= 1) {
		return 0
	}
	return ceilCount(rps * d.Seconds() / target)
}

// Comparison prices one load on the three compute models.
type Comparison struct {
	// Load is the load priced, as given to Compare.
	Load Load
	// OnDemand prices every invocation on demand, INIT of cold starts
	// included.
	OnDemand Estimate
	// Provisioned keeps ProvisionedEnvironments all month and runs every
	// invocation on them.
	Provisioned Estimate
	// ProvisionedEnvironments is the provisioned concurrency priced
	// (Load.ProvisionedFor: the load at ProvisionedTarget, at least 1).
	ProvisionedEnvironments int
	// Managed sizes and prices the load on Managed Instances
	// (ManagedMonthly with Compare's options).
	Managed ManagedEstimate
	// Cheapest is the model with the lowest total (the earlier in
	// Models() on a tie).
	Cheapest Model
	// Caveats are what the totals do not show, one sentence each.
	Caveats []string
}

// Total is the month's charge of one model.
func (c Comparison) Total(m Model) Money {
	switch m {
	case OnDemand:
		return c.OnDemand.Total
	case Provisioned:
		return c.Provisioned.Total
	case Managed:
		return c.Managed.Total()
	}
	return 0
}

// Compare prices a month of the load on demand, with provisioned
// concurrency sized for it, and on Managed Instances.
func Compare(l Load, o ManagedOptions) (Comparison, error) {
	if err := l.Validate(); err != nil {
		return Comparison{}, err
	}
	c := Comparison{Load: l, ProvisionedEnvironments: l.ProvisionedFor()}
	var err error
	if c.OnDemand, err = Monthly(l.profile()); err != nil {
		return Comparison{}, err
	}
	pc := l.profile()
	pc.InitDuration, pc.ColdStartRate = 0, 0
	pc.ProvisionedEnvironments, pc.ProvisionedHours = c.ProvisionedEnvironments, HoursPerMonth
	if c.Provisioned, err = Monthly(pc); err != nil {
		return Comparison{}, err
	}
	if c.Managed, err = ManagedMonthly(l, o); err != nil {
		return Comparison{}, err
	}
	c.Cheapest = OnDemand
	for _, m := range Models() {
		if c.Total(m) < c.Total(c.Cheapest) {
			c.Cheapest = m
		}
	}
	c.Caveats = c.caveats()
	return c, nil
}

func (c Comparison) caveats() []string {
	m := c.Managed
	out := []string{fmt.Sprintf("Managed Instances scale asynchronously on CPU and concurrency: traffic that more than doubles within %d minutes may be throttled while instances launch; on-demand Lambda absorbs a burst with cold starts instead.", int(lambda.ScalingDoublingWindow.Minutes()))}
	if m.SizedBy == "minimum" {
		out = append(out, fmt.Sprintf("Managed Instances keep at least %d environments on %d instances whatever the load: at this load they are %.0f %% busy.", m.Environments, m.Instances, m.CPUUtilization*100))
	}
	if c.Load.MemoryMiB < lambda.MinManagedInstancesMemoryMiB {
		out = append(out, fmt.Sprintf("A Managed Instances function has at least %d MiB and 1 vCPU: priced at %d MiB, not %d.", lambda.MinManagedInstancesMemoryMiB, m.EnvironmentMemoryMiB, c.Load.MemoryMiB))
	}
	if c.Load.Arch == X86_64 || c.Load.Arch == "" {
		out = append(out, "Managed Instances are priced on Graviton (arm64) instances, on demand and provisioned concurrency on x86_64.")
	}
	if c.Load.CPUShare == 0 {
		out = append(out, "The CPU share of the duration is not given, so Managed Instances are priced as if invocations were CPU-bound; I/O-bound ones share a vCPU and cost less.")
	}
	return out
}
