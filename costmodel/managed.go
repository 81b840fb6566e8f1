package costmodel

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// Lambda Managed Instances pricing, from the Managed Instances section of
// https://aws.amazon.com/lambda/pricing/ (read 2026-12-06): "Lambda Managed
// Instances pricing has three components: 1. Request charges: $0.20 per
// million requests 2. Compute management fee: 15% premium on the EC2
// on-demand instance price for the instances provisioned and managed by
// Lambda 3. EC2 instance charges: Standard EC2 instance pricing applies
// ... You can reduce costs by using Compute Savings Plans, Reserved
// Instances, or other EC2 pricing options. Note that Lambda Managed
// Instances functions will not be paying separately for the execution
// duration of each request." The page's example computes the fee on the
// on-demand price while the instance charge is discounted by a 3-year
// Compute Savings Plan: the fee is not discounted.
const (
	// ManagementFeePercent is the compute management fee, as a percentage
	// of the EC2 on-demand price of every instance-hour, whatever the
	// instance charge is after Savings Plans or Reserved Instances.
	ManagementFeePercent = 15
	// ManagedPerRequest is the request charge of a Managed Instances
	// function, in pico-dollars per request ($0.20 per million, the same
	// as Lambda's on-demand request price).
	ManagedPerRequest Money = 200_000
)

// The Managed Instances facts the sizing uses are package lambda's:
// lambda.InitialInstances (three instances for AZ resiliency),
// lambda.DefaultMinExecutionEnvironments, lambda.DefaultCapacityTarget,
// lambda.ScalingDoublingWindow, the memory and memory-per-vCPU ranges and
// the runtimes' default concurrency per vCPU.

// HoursPerMonth is the month every monthly figure of this package assumes
// (365 × 24 ÷ 12), as AWS's calculators do.
const HoursPerMonth = 730

// Commitment is an EC2 Savings Plan or Reserved Instance covering the
// capacity provider's instances. It lowers the instance charge, never the
// management fee.
type Commitment struct {
	// Discount is the share 0..1 taken off the on-demand instance price
	// (0.72 in AWS's example of a 3-year Compute Savings Plan).
	// Default: 0, on-demand.
	Discount float64
	// Hourly is the effective price of one instance-hour under the
	// commitment, as AWS quotes it ($0.0457 for m7g.xlarge in AWS's
	// example); it overrides Discount. Default: 0, Discount applies.
	Hourly Money
}

// ManagedBill is the bill of a capacity provider's instances over a
// period, line by line. Total is the exact sum of the lines.
type ManagedBill struct {
	// Instance is the instance type priced, with its on-demand price.
	Instance Instance
	// InstanceHours are the hours the instances ran, summed.
	InstanceHours float64
	// Requests is the number of requests the instances served.
	Requests int64
	// EffectiveHourly is the price of one instance-hour after the
	// commitment.
	EffectiveHourly Money
	// InstanceCharge is the EC2 charge: InstanceHours × EffectiveHourly.
	InstanceCharge Money
	// ManagementFee is Lambda's compute management fee:
	// ManagementFeePercent (15 %) of the on-demand price of every
	// instance-hour, whatever the commitment.
	ManagementFee Money
	// RequestCharge is Requests × ManagedPerRequest ($0.20 per million).
	RequestCharge Money
	// Total is InstanceCharge + ManagementFee + RequestCharge, exactly.
	Total Money
}

// ManagedInstancesBill prices instance-hours of one instance type and the
// requests they served, as the pricing page's example does: instance-hours
// × effective hourly price, plus instance-hours × 15 % of the on-demand
// price, plus requests × $0.20 per million.
func ManagedInstancesBill(in Instance, instanceHours float64, requests int64, c Commitment) (ManagedBill, error) {
	var errs []error
	if !(instanceHours >= 0) || math.IsInf(instanceHours, 0) {
		errs = append(errs, fmt.Errorf("instance-hours must be a number >= 0, got %v", instanceHours))
	}
	if requests < 0 {
		errs = append(errs, fmt.Errorf("requests must not be negative, got %d", requests))
	}
	if err := c.validate(); err != nil {
		errs = append(errs, err)
	}
	if in.OnDemandHourly <= 0 {
		errs = append(errs, fmt.Errorf("instance %q has no on-demand price", in.Type))
	}
	if len(errs) > 0 {
		return ManagedBill{}, fmt.Errorf("costmodel: %w", errors.Join(errs...))
	}
	hours := decimalRat(instanceHours)
	onDemand := new(big.Rat).SetInt64(int64(in.OnDemandHourly))
	effective := c.effective(onDemand)
	b := ManagedBill{Instance: in, InstanceHours: instanceHours, Requests: requests}
	lines := []struct {
		dst *Money
		v   *big.Rat
	}{
		{&b.EffectiveHourly, effective},
		{&b.InstanceCharge, new(big.Rat).Mul(hours, effective)},
		{&b.ManagementFee, new(big.Rat).Mul(hours, new(big.Rat).Mul(onDemand, big.NewRat(ManagementFeePercent, 100)))},
		{&b.RequestCharge, new(big.Rat).SetInt(new(big.Int).Mul(big.NewInt(requests), big.NewInt(int64(ManagedPerRequest))))},
	}
	for _, l := range lines {
		m, err := ratToMoney(l.v)
		if err != nil {
			return ManagedBill{}, fmt.Errorf("costmodel: %w", err)
		}
		*l.dst = m
	}
	total := new(big.Int).Add(big.NewInt(int64(b.InstanceCharge)), big.NewInt(int64(b.ManagementFee)))
	total.Add(total, big.NewInt(int64(b.RequestCharge)))
	if !total.IsInt64() {
		return ManagedBill{}, fmt.Errorf("costmodel: %w", errOverflow)
	}
	b.Total = Money(total.Int64())
	return b, nil
}

func (c Commitment) validate() error {
	switch {
	case math.IsNaN(c.Discount) || c.Discount < 0 || c.Discount >= 1:
		return fmt.Errorf("Commitment.Discount must be a share 0..1 (0.72 for 72 %%), got %v", c.Discount)
	case c.Hourly < 0:
		return fmt.Errorf("Commitment.Hourly must not be negative, got %s", c.Hourly)
	}
	return nil
}

// effective is the hourly price under the commitment, in pico-dollars.
func (c Commitment) effective(onDemand *big.Rat) *big.Rat {
	if c.Hourly > 0 {
		return new(big.Rat).SetInt64(int64(c.Hourly))
	}
	keep := new(big.Rat).Sub(big.NewRat(1, 1), decimalRat(c.Discount))
	return keep.Mul(keep, onDemand)
}

// decimalRat is f as the decimal it prints as (0.72 exactly, not the
// binary float nearest to it).
func decimalRat(f float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	return r
}

// ManagedOptions describe a capacity provider and a function on it. Every
// field is optional.
type ManagedOptions struct {
	// InstanceType is the EC2 instance type the instances are priced at.
	// Default: the smallest size of the Graviton3 family whose memory per
	// vCPU matches the environment's (c7g for 2 GiB, m7g for 4, r7g for 8)
	// that holds one environment. Lambda chooses instance types itself
	// unless the capacity provider restricts them; EC2 prices grow
	// linearly with size within a family, so the size matters only for
	// the minimum.
	InstanceType string
	// Runtime picks the default MaxConcurrency (lambda.ConcurrencyPerVCPU).
	// Default: "", Python's 16 per vCPU, the lowest runtime default.
	Runtime string
	// MemoryMiB is the function's memory on Managed Instances, the memory
	// of one execution environment, 2,048..32,768 MiB.
	// Default: the load's memory, at least 2,048 MiB.
	MemoryMiB int
	// GiBPerVCPU is the environment's memory per vCPU
	// (ExecutionEnvironmentMemoryGiBPerVCpu), 2..8; the environment gets
	// MemoryMiB ÷ 1024 ÷ GiBPerVCPU vCPUs, at least 1.
	// Default: 2 (lambda.DefaultMemoryGiBPerVCPU).
	GiBPerVCPU float64
	// MaxConcurrency is the most invocations one environment runs at once
	// (PerExecutionEnvironmentMaxConcurrency), 1..1,600.
	// Default: the runtime's default per vCPU × the environment's vCPUs.
	MaxConcurrency int
	// TargetUtilization is the share of the environments' vCPUs and
	// concurrency the scaler keeps busy, above 0 and at most 1: lower
	// keeps more headroom for bursts and costs more.
	// Default: lambda.DefaultCapacityTarget (0.5).
	TargetUtilization float64
	// MinEnvironments is the function's MinExecutionEnvironments, 1..15,000.
	// Default: 0 for lambda.DefaultMinExecutionEnvironments (3).
	MinEnvironments int
	// Commitment is a Savings Plan or Reserved Instance on the instances.
	// Default: none, on-demand instance prices.
	Commitment Commitment
}

// lowestDefaultRuntime is the runtime with the lowest default concurrency
// per vCPU (Python, 16: one process each), priced when none is given.
const lowestDefaultRuntime = "python3.13"

// ManagedEstimate is a month of a load on Lambda Managed Instances: how
// the capacity was sized and what it costs.
type ManagedEstimate struct {
	// Region is the region whose instance prices apply.
	Region string
	// InstanceType is the EC2 instance type priced
	// (ManagedOptions.InstanceType, or the default chosen for the
	// environment).
	InstanceType string
	// EnvironmentMemoryMiB is the memory of one execution environment, in
	// MiB.
	EnvironmentMemoryMiB int
	// EnvironmentVCPUs is the vCPUs of one execution environment (its
	// memory ÷ the memory per vCPU, at least 1).
	EnvironmentVCPUs float64
	// MaxConcurrency is the most invocations one execution environment
	// runs at once.
	MaxConcurrency int
	// Concurrency is the invocations in flight on average (requests/s ×
	// their time in flight).
	Concurrency float64
	// BusyVCPUs is the vCPUs the invocations keep busy on average
	// (requests/s × their CPU time; see Load.CPUShare).
	BusyVCPUs float64
	// Environments is the execution environments the scaler keeps: the
	// most of MinEnvironments, BusyVCPUs ÷ (vCPUs × target) and
	// Concurrency ÷ (MaxConcurrency × target), each rounded up.
	Environments int
	// SizedBy says which bound decided Environments: "minimum", "cpu" or
	// "concurrency".
	SizedBy string
	// EnvironmentsPerInstance is how many environments fit on one
	// instance by vCPUs and memory.
	EnvironmentsPerInstance int
	// Instances is the instances that run all month: the environments
	// packed, and one per Availability Zone (lambda.InitialInstances)
	// while there are that many environments.
	Instances int
	// CPUUtilization is BusyVCPUs over the instances' vCPUs, 0..1.
	CPUUtilization float64
	// Bill prices a month (HoursPerMonth) of Instances and the load's
	// requests.
	Bill ManagedBill
}

// Total is the month's Managed Instances charge.
func (e ManagedEstimate) Total() Money { return e.Bill.Total }

// resolve applies the defaults for a load and reports every bad field.
func (o ManagedOptions) resolve(l Load) (ManagedOptions, Instance, float64, error) {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if o.MemoryMiB == 0 {
		o.MemoryMiB = max(l.MemoryMiB, lambda.MinManagedInstancesMemoryMiB)
	}
	if o.GiBPerVCPU == 0 {
		o.GiBPerVCPU = lambda.DefaultMemoryGiBPerVCPU
	}
	// What Lambda refuses is lambda's one check.
	for _, p := range (lambda.ManagedInstancesFunction{MemoryMiB: o.MemoryMiB, MemoryGiBPerVCPU: o.GiBPerVCPU, PerEnvironmentMaxConcurrency: o.MaxConcurrency, Runtime: o.Runtime}).Problems() {
		bad("Managed.%s: %s", p.Field, p.Message)
	}
	if o.TargetUtilization == 0 {
		o.TargetUtilization = lambda.DefaultCapacityTarget
	} else if !(o.TargetUtilization > 0 && o.TargetUtilization <= 1) {
		bad("Managed.TargetUtilization must be above 0 and at most 1, got %v", o.TargetUtilization)
	}
	if o.MinEnvironments == 0 {
		o.MinEnvironments = lambda.DefaultMinExecutionEnvironments
	} else if o.MinEnvironments < 1 || o.MinEnvironments > lambda.MaxExecutionEnvironmentsAPI {
		bad("Managed.MinEnvironments must be 1..%d, got %d", lambda.MaxExecutionEnvironmentsAPI, o.MinEnvironments)
	}
	if err := o.Commitment.validate(); err != nil {
		bad("Managed.%w", err)
	}
	if len(errs) > 0 {
		return o, Instance{}, 0, errors.Join(errs...)
	}
	vcpus := max(1, lambda.EnvironmentVCPUs(o.MemoryMiB, o.GiBPerVCPU))
	if o.MaxConcurrency == 0 {
		rt := o.Runtime
		if _, ok := lambda.ConcurrencyPerVCPU(rt); !ok {
			rt = lowestDefaultRuntime
		}
		o.MaxConcurrency, _ = lambda.DefaultPerEnvironmentConcurrency(rt, o.MemoryMiB, o.GiBPerVCPU)
	}
	var in Instance
	var err error
	if o.InstanceType != "" {
		in, err = InstanceFor(l.Region, o.InstanceType)
	} else {
		in, err = smallestHolding(l.Region, defaultFamily(o.GiBPerVCPU), vcpus, o.MemoryMiB)
	}
	if err != nil {
		// ManagedMonthly adds the package's prefix once.
		return o, Instance{}, 0, errors.New(strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	if float64(in.VCPUs) < vcpus || in.MemoryGiB*1024 < o.MemoryMiB {
		return o, Instance{}, 0, fmt.Errorf("Managed.InstanceType %s (%d vCPUs, %d GiB) cannot hold one environment of %g vCPUs and %d MiB: choose a larger size", in.Type, in.VCPUs, in.MemoryGiB, vcpus, o.MemoryMiB)
	}
	o.InstanceType = in.Type
	return o, in, vcpus, nil
}

// smallestHolding is the smallest size of family in region that holds one
// environment.
func smallestHolding(region, family string, vcpus float64, memoryMiB int) (Instance, error) {
	for _, s := range sizeVCPUs {
		in, err := InstanceFor(region, family+"."+s.name)
		if err != nil {
			return Instance{}, err
		}
		if float64(in.VCPUs) >= vcpus && in.MemoryGiB*1024 >= memoryMiB {
			return in, nil
		}
	}
	return Instance{}, fmt.Errorf("no %s size in this table holds an environment of %g vCPUs and %d MiB: set Managed.InstanceType", family, vcpus, memoryMiB)
}

// ManagedMonthly sizes and prices a month of a steady load on Lambda
// Managed Instances.
//
// Sizing: the load keeps Concurrency invocations in flight and BusyVCPUs
// vCPUs busy (see Load.CPUShare: I/O-bound invocations share a vCPU). The scaler keeps enough environments that
// neither their vCPUs nor their concurrency are busier than the target,
// and at least MinEnvironments. Environments are packed onto instances by
// vCPUs and memory, one instance per Availability Zone at least. The
// instances run all month: a steady load scales neither in nor out.
//
// Not modelled: what the Lambda agent itself uses on an instance, the
// EBS volumes and data transfer of the instances, and bursts (see
// lambda.ScalingDoublingWindow).
func ManagedMonthly(l Load, o ManagedOptions) (ManagedEstimate, error) {
	if err := l.Validate(); err != nil {
		return ManagedEstimate{}, err
	}
	o, in, vcpus, err := o.resolve(l)
	if err != nil {
		return ManagedEstimate{}, fmt.Errorf("costmodel: %w", err)
	}
	e := ManagedEstimate{
		Region: in.Region, InstanceType: in.Type,
		EnvironmentMemoryMiB: o.MemoryMiB, EnvironmentVCPUs: vcpus, MaxConcurrency: o.MaxConcurrency,
		Concurrency: l.RequestsPerSecond * l.managedSeconds(),
		BusyVCPUs:   l.RequestsPerSecond * l.cpuSeconds(),
	}
	byCPU := ceilCount(e.BusyVCPUs / (vcpus * o.TargetUtilization))
	byConcurrency := ceilCount(e.Concurrency / (float64(o.MaxConcurrency) * o.TargetUtilization))
	e.Environments, e.SizedBy = o.MinEnvironments, "minimum"
	if byCPU > e.Environments {
		e.Environments, e.SizedBy = byCPU, "cpu"
	}
	if byConcurrency > e.Environments {
		e.Environments, e.SizedBy = byConcurrency, "concurrency"
	}
	e.EnvironmentsPerInstance = min(int(math.Floor(float64(in.VCPUs)/vcpus+1e-9)), in.MemoryGiB*1024/o.MemoryMiB)
	e.Instances = max((e.Environments+e.EnvironmentsPerInstance-1)/e.EnvironmentsPerInstance, min(e.Environments, lambda.InitialInstances))
	e.CPUUtilization = e.BusyVCPUs / float64(e.Instances*in.VCPUs)
	e.Bill, err = ManagedInstancesBill(in, float64(e.Instances*HoursPerMonth), l.MonthlyInvocations(), o.Commitment)
	if err != nil {
		return ManagedEstimate{}, err
	}
	return e, nil
}

// ceilCount rounds a count of environments up, forgiving the binary
// floating-point hair above an integer (100 × 0.1 s is 10.000000000000002).
func ceilCount(v float64) int {
	if !(v > 0) {
		return 0
	}
	return int(math.Ceil(v - 1e-9))
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (an invalid array
// index) when one does not, as stringer checks enum values.
func _() {
	var x [1]struct{}
	_ = x[ManagedPerRequest-usEast1PerRequest]
}
