package main

// `lambdaperf cost --rps`: one steady load priced on the three compute
// models. The chart is in chart_models.go.

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// costCompareFlags are the flags of `cost --rps`.
type costCompareFlags struct {
	rps             float64
	rpsSet          bool
	cpuShare        *float64
	runtime         *string
	instanceType    *string
	miMemory        *int
	gibPerVCPU      *float64
	maxConcurrency  *int
	target          *float64
	minEnvironments *int
	savingsPlan     *float64
	committedHourly *string
	svg             *string
}

// compareOnly are the flags that only --rps reads; onDemandOnly the ones
// it cannot take (it sizes provisioned concurrency from the load).
var (
	compareOnly  = []string{"cpu-share", "runtime", "instance-type", "mi-memory", "gib-per-vcpu", "max-concurrency", "target-utilization", "min-environments", "savings-plan", "committed-hourly", "svg"}
	onDemandOnly = []string{"invocations", "provisioned", "hours", "ephemeral-storage"}
)

func compareFlags(fs *flag.FlagSet) *costCompareFlags {
	c := &costCompareFlags{}
	fs.Func("rps", "compare on-demand, provisioned concurrency and Managed Instances for a steady load of `N` requests/s (average over a month) instead of pricing --invocations", func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("want a number of requests per second such as 120 or 0.5")
		}
		c.rps, c.rpsSet = v, true
		return nil
	})
	c.cpuShare = fs.Float64("cpu-share", 0, "with --rps: share `0..1` of the duration on CPU; I/O-bound invocations share a vCPU on Managed Instances (default: CPU-bound, 1)")
	c.runtime = fs.String("runtime", "", "with --rps: `runtime` whose default concurrency per environment Managed Instances take, such as nodejs22.x (default: Python's 16 per vCPU, the lowest)")
	c.instanceType = fs.String("instance-type", "", "with --rps: EC2 `type` of the Managed Instances, such as m7g.xlarge (default: the smallest c7g, m7g or r7g matching --gib-per-vcpu)")
	c.miMemory = fs.Int("mi-memory", 0, fmt.Sprintf("with --rps: the function's memory on Managed Instances, `MiB` %d..%d (default: --memory, at least %d)", lambda.MinManagedInstancesMemoryMiB, lambda.MaxManagedInstancesMemoryMiB, lambda.MinManagedInstancesMemoryMiB))
	c.gibPerVCPU = fs.Float64("gib-per-vcpu", 0, fmt.Sprintf("with --rps: memory per vCPU of a Managed Instances environment, `GiB` %g..%g (default %g)", lambda.MinMemoryGiBPerVCPU, lambda.MaxMemoryGiBPerVCPU, lambda.DefaultMemoryGiBPerVCPU))
	c.maxConcurrency = fs.Int("max-concurrency", 0, fmt.Sprintf("with --rps: most invocations `N` one Managed Instances environment runs at once, %d..%d (default: the runtime's)", lambda.MinPerEnvironmentConcurrency, lambda.MaxPerEnvironmentConcurrency))
	c.target = fs.Float64("target-utilization", 0, fmt.Sprintf("with --rps: `share` of vCPUs and concurrency Managed Instances keep busy, above 0 and at most 1 (default %g: room to double within %d minutes)", lambda.DefaultCapacityTarget, int(lambda.ScalingDoublingWindow.Minutes())))
	c.minEnvironments = fs.Int("min-environments", 0, fmt.Sprintf("with --rps: the function's minimum Managed Instances environments `N`, 1..%d (default %d)", lambda.MaxExecutionEnvironmentsAPI, lambda.DefaultMinExecutionEnvironments))
	c.savingsPlan = fs.Float64("savings-plan", 0, "with --rps: `share` 0..1 a Savings Plan or Reserved Instance takes off the Managed Instances' instance price (0.72 for 72 %; the management fee stays on the on-demand price)")
	c.committedHourly = fs.String("committed-hourly", "", "with --rps: the instance's hourly `price` under a Savings Plan or Reserved Instance, such as 0.0457 (overrides --savings-plan)")
	c.svg = fs.String("svg", "", "with --rps: write the chart of monthly cost against requests/s to `file`")
	return c
}

// misplaced checks the flags that belong to one mode and the values of
// the compare flags, naming the flag; "" when all is well.
func (c *costCompareFlags) misplaced(fs *flag.FlagSet) string {
	if !c.rpsSet {
		for _, name := range compareOnly {
			if flagSet(fs, name) {
				return fmt.Sprintf("--%s needs --rps (it describes Managed Instances or the load's comparison)", name)
			}
		}
		return ""
	}
	for _, name := range onDemandOnly {
		if flagSet(fs, name) {
			return fmt.Sprintf("--%s cannot go with --rps: --rps prices a month of the steady load and sizes provisioned concurrency for it", name)
		}
	}
	between := func(set bool, ok bool, format string, a ...any) string {
		if set && !ok {
			return fmt.Sprintf(format, a...)
		}
		return ""
	}
	for _, p := range []string{
		between(true, c.rps >= 0 && c.rps <= 1e7, "--rps must be a rate 0..10000000 requests/s, got %v", c.rps),
		between(flagSet(fs, "cpu-share"), *c.cpuShare > 0 && *c.cpuShare <= 1, "--cpu-share must be a share above 0 and at most 1 of the duration, got %v (0.2 is a fifth on CPU)", *c.cpuShare),
		between(*c.runtime != "", lambda.ManagedInstancesSupported(*c.runtime), "--runtime %q does not run on Lambda Managed Instances: use %s", *c.runtime, lambda.ManagedInstancesRuntimes),
		between(flagSet(fs, "mi-memory"), *c.miMemory >= lambda.MinManagedInstancesMemoryMiB && *c.miMemory <= lambda.MaxManagedInstancesMemoryMiB,
			"--mi-memory must be %d..%d MiB, got %d", lambda.MinManagedInstancesMemoryMiB, lambda.MaxManagedInstancesMemoryMiB, *c.miMemory),
		between(flagSet(fs, "gib-per-vcpu"), *c.gibPerVCPU >= lambda.MinMemoryGiBPerVCPU && *c.gibPerVCPU <= lambda.MaxMemoryGiBPerVCPU,
			"--gib-per-vcpu must be %g..%g GiB per vCPU, got %v: use 2 (compute), 4 (general purpose) or 8 (memory optimized)", lambda.MinMemoryGiBPerVCPU, lambda.MaxMemoryGiBPerVCPU, *c.gibPerVCPU),
		between(flagSet(fs, "max-concurrency"), *c.maxConcurrency >= lambda.MinPerEnvironmentConcurrency && *c.maxConcurrency <= lambda.MaxPerEnvironmentConcurrency,
			"--max-concurrency must be %d..%d invocations per environment, got %d", lambda.MinPerEnvironmentConcurrency, lambda.MaxPerEnvironmentConcurrency, *c.maxConcurrency),
		between(flagSet(fs, "target-utilization"), *c.target > 0 && *c.target <= 1, "--target-utilization must be above 0 and at most 1, got %v", *c.target),
		between(flagSet(fs, "min-environments"), *c.minEnvironments >= 1 && *c.minEnvironments <= lambda.MaxExecutionEnvironmentsAPI,
			"--min-environments must be 1..%d, got %d", lambda.MaxExecutionEnvironmentsAPI, *c.minEnvironments),
		between(flagSet(fs, "savings-plan"), *c.savingsPlan >= 0 && *c.savingsPlan < 1, "--savings-plan must be a share 0..1 of the on-demand instance price, got %v (0.72 for 72 %%)", *c.savingsPlan),
	} {
		if p != "" {
			return p
		}
	}
	if *c.committedHourly != "" {
		if m, err := costmodel.ParseUSD(*c.committedHourly); err != nil || m <= 0 {
			return fmt.Sprintf("--committed-hourly must be a price per instance-hour in dollars such as 0.0457, got %q", *c.committedHourly)
		}
	}
	return ""
}

// options are the Managed Instances options the flags give.
func (c *costCompareFlags) options() costmodel.ManagedOptions {
	o := costmodel.ManagedOptions{InstanceType: *c.instanceType, Runtime: *c.runtime, MemoryMiB: *c.miMemory, GiBPerVCPU: *c.gibPerVCPU,
		MaxConcurrency: *c.maxConcurrency, TargetUtilization: *c.target, MinEnvironments: *c.minEnvironments,
		Commitment: costmodel.Commitment{Discount: *c.savingsPlan}}
	o.Commitment.Hourly, _ = costmodel.ParseUSD(*c.committedHourly)
	return o
}

// compareReport is the JSON form of `lambdaperf cost --rps`.
type compareReport struct {
	Region             string         `json:"region"`
	Arch               costmodel.Arch `json:"arch"`
	RequestsPerSecond  float64        `json:"requests_per_second"`
	MonthlyInvocations int64          `json:"monthly_invocations"`
	HoursPerMonth      int            `json:"hours_per_month"`
	DurationMs         float64        `json:"duration_ms"`
	MemoryMiB          int            `json:"memory_mib"`
	// CPUShare is the share priced; CPUShareAssumed is true when --cpu-share
	// was not given and the load was priced CPU-bound.
	CPUShare        float64 `json:"cpu_share"`
	CPUShareAssumed bool    `json:"cpu_share_assumed"`
	InitDurationMs  float64 `json:"init_duration_ms"`
	ColdStartRate   float64 `json:"cold_start_rate"`

	OnDemand    onDemandJSON    `json:"on_demand"`
	Provisioned provisionedJSON `json:"provisioned_concurrency"`
	Managed     managedJSON     `json:"managed_instances"`
	Cheapest    costmodel.Model `json:"cheapest"`
	// Breakevens are the request rates where the cheapest model changes for
	// this load's shape; requests_per_second is null where none was found.
	Breakevens []breakevenJSON `json:"breakevens"`
	Caveats    []string        `json:"caveats"`
}

type onDemandJSON struct {
	ComputeUSD  costmodel.Money `json:"compute_usd"`
	InitUSD     costmodel.Money `json:"init_usd"`
	RequestsUSD costmodel.Money `json:"requests_usd"`
	TotalUSD    costmodel.Money `json:"total_usd"`
}

type provisionedJSON struct {
	Environments   int             `json:"environments"`
	Utilization    float64         `json:"utilization"`
	ProvisionedUSD costmodel.Money `json:"provisioned_usd"`
	ComputeUSD     costmodel.Money `json:"compute_usd"`
	RequestsUSD    costmodel.Money `json:"requests_usd"`
	TotalUSD       costmodel.Money `json:"total_usd"`
}

type managedJSON struct {
	InstanceType            string          `json:"instance_type"`
	Instances               int             `json:"instances"`
	Environments            int             `json:"environments"`
	SizedBy                 string          `json:"sized_by"`
	EnvironmentMemoryMiB    int             `json:"environment_memory_mib"`
	EnvironmentVCPUs        float64         `json:"environment_vcpus"`
	MaxConcurrency          int             `json:"max_concurrency"`
	EnvironmentsPerInstance int             `json:"environments_per_instance"`
	CPUUtilization          float64         `json:"cpu_utilization"`
	OnDemandHourlyUSD       costmodel.Money `json:"on_demand_hourly_usd"`
	EffectiveHourlyUSD      costmodel.Money `json:"effective_hourly_usd"`
	PriceSource             string          `json:"price_source"`
	PriceRead               string          `json:"price_read"`
	InstanceUSD             costmodel.Money `json:"instance_usd"`
	ManagementFeeUSD        costmodel.Money `json:"management_fee_usd"`
	RequestsUSD             costmodel.Money `json:"requests_usd"`
	TotalUSD                costmodel.Money `json:"total_usd"`
}

type breakevenJSON struct {
	From              costmodel.Model `json:"from"`
	To                costmodel.Model `json:"to"`
	RequestsPerSecond *float64        `json:"requests_per_second"`
	UpTo              float64         `json:"searched_up_to"`
}

func runCostCompare(load costmodel.Load, c *costCompareFlags, format string, stdout, stderr io.Writer) int {
	bad := func(format string, a ...any) int { return usageError(stderr, "cost", format, a...) }
	opts := c.options()
	cmp, err := costmodel.Compare(load, opts)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "costmodel: ")
		if strings.Contains(msg, "instance type") || strings.Contains(msg, "Managed.InstanceType") {
			return bad("--instance-type: %s", msg)
		}
		return bad("cannot compare the compute models for this load: %s", strings.ReplaceAll(msg, "\n", "; "))
	}
	bes, err := costmodel.RateBreakevens(load, opts)
	if err != nil {
		return bad("%s", strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	if *c.svg != "" {
		var chart bytes.Buffer
		if err := writeModelsChart(&chart, load, opts, bes); err != nil {
			return bad("%s", strings.TrimPrefix(err.Error(), "costmodel: "))
		}
		if err := os.WriteFile(*c.svg, chart.Bytes(), 0o644); err != nil {
			return bad("--svg: cannot write %s: %v", *c.svg, pathErr(err))
		}
	}
	r := newCompareReport(cmp, bes)
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintf(stderr, "lambdaperf cost: %v\n", err)
			return 1
		}
		return 0
	}
	writeCompareText(stdout, cmp, r, *c.svg)
	return 0
}

func newCompareReport(c costmodel.Comparison, bes []costmodel.RateBreakeven) compareReport {
	l, m := c.Load, c.Managed
	share := l.CPUShare
	if share == 0 {
		share = 1
	}
	r := compareReport{
		Region: c.OnDemand.Region, Arch: c.OnDemand.Arch, RequestsPerSecond: l.RequestsPerSecond, MonthlyInvocations: l.MonthlyInvocations(),
		HoursPerMonth: costmodel.HoursPerMonth, DurationMs: msOf(l.Duration), MemoryMiB: l.MemoryMiB, CPUShare: share, CPUShareAssumed: l.CPUShare == 0,
		InitDurationMs: msOf(l.InitDuration), ColdStartRate: l.ColdStartRate,
		OnDemand: onDemandJSON{c.OnDemand.Compute, c.OnDemand.Init, c.OnDemand.Requests, c.OnDemand.Total},
		Provisioned: provisionedJSON{c.ProvisionedEnvironments, math.Round(l.Concurrency()/float64(c.ProvisionedEnvironments)*10000) / 10000,
			c.Provisioned.Provisioned, c.Provisioned.Compute, c.Provisioned.Requests, c.Provisioned.Total},
		Managed: managedJSON{m.InstanceType, m.Instances, m.Environments, m.SizedBy, m.EnvironmentMemoryMiB, math.Round(m.EnvironmentVCPUs*1000) / 1000,
			m.MaxConcurrency, m.EnvironmentsPerInstance, math.Round(m.CPUUtilization*10000) / 10000, m.Bill.Instance.OnDemandHourly, m.Bill.EffectiveHourly,
			m.Bill.Instance.Source, m.Bill.Instance.Read, m.Bill.InstanceCharge, m.Bill.ManagementFee, m.Bill.RequestCharge, m.Bill.Total},
		Cheapest: c.Cheapest,
		Caveats:  c.Caveats,
	}
	for _, b := range bes {
		j := breakevenJSON{From: b.From, To: b.To, UpTo: b.UpTo}
		if b.Found {
			v := b.RequestsPerSecond
			j.RequestsPerSecond = &v
		}
		r.Breakevens = append(r.Breakevens, j)
	}
	return r
}

func writeCompareText(w io.Writer, c costmodel.Comparison, r compareReport, chart string) {
	l, m := c.Load, c.Managed
	fmt.Fprintf(w, "Lambda compute models for a steady load, %s (list prices, no free tier, %d-hour month)\n\n", r.Region, costmodel.HoursPerMonth)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	share := fmt.Sprintf("%s %% of it on CPU", strconv.FormatFloat(r.CPUShare*100, 'f', -1, 64))
	if r.CPUShareAssumed {
		share = "CPU-bound (no --cpu-share)"
	}
	fmt.Fprintf(tw, "  load\t%s requests/s (%s a month), %s each, %s\n", strconv.FormatFloat(l.RequestsPerSecond, 'f', -1, 64), groupDigits(r.MonthlyInvocations), l.Duration, share)
	fmt.Fprintf(tw, "  memory\t%d MiB (%.2f vCPU) on %s, on demand and with provisioned concurrency\n", l.MemoryMiB, costmodel.VCPUs(l.MemoryMiB), r.Arch)
	if l.ColdStartRate > 0 {
		fmt.Fprintf(tw, "  INIT\t%s on %g of on-demand invocations (billed like duration since 1 Aug 2025)\n", l.InitDuration, l.ColdStartRate)
	}
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  MODEL\tPER MONTH\tWHAT IS BILLED")
	od := c.OnDemand
	odLines := fmt.Sprintf("compute %s, requests %s", monthly(od.Compute), monthly(od.Requests))
	if l.ColdStartRate > 0 {
		odLines = fmt.Sprintf("compute %s, INIT %s, requests %s", monthly(od.Compute), monthly(od.Init), monthly(od.Requests))
	}
	fmt.Fprintf(tw, "  %s\t%s\t%s\n", costmodel.OnDemand.Name(), monthly(od.Total), odLines)
	pc := c.Provisioned
	fmt.Fprintf(tw, "  %s\t%s\t%d environments all month %s (%.0f %% busy), compute %s, requests %s\n", costmodel.Provisioned.Name(), monthly(pc.Total),
		c.ProvisionedEnvironments, monthly(pc.Provisioned), r.Provisioned.Utilization*100, monthly(pc.Compute), monthly(pc.Requests))
	fmt.Fprintf(tw, "  %s\t%s\t%d × %s at %s an hour: instances %s, management fee %s, requests %s\n", costmodel.Managed.Name(), monthly(m.Total()),
		m.Instances, m.InstanceType, m.Bill.EffectiveHourly, monthly(m.Bill.InstanceCharge), monthly(m.Bill.ManagementFee), monthly(m.Bill.RequestCharge))
	fmt.Fprintf(tw, "  \t\t%d environments of %d MiB and %s vCPU, up to %d invocations each, sized by %s; %.1f %% CPU\n",
		m.Environments, m.EnvironmentMemoryMiB, strconv.FormatFloat(m.EnvironmentVCPUs, 'f', -1, 64), m.MaxConcurrency, sizedBy(m.SizedBy), m.CPUUtilization*100)
	tw.Flush()
	cheapest := c.Total(c.Cheapest)
	fmt.Fprintf(w, "\nCheapest: %s, %s a month", c.Cheapest.Name(), monthly(cheapest))
	if c.Cheapest != costmodel.OnDemand && od.Total > 0 {
		fmt.Fprintf(w, " (%.0f %% less than on demand)", 100*float64(od.Total-cheapest)/float64(od.Total))
	}
	fmt.Fprintln(w, ".")

	fmt.Fprintln(w, "\nWhere the cheapest model changes for this duration, memory and CPU share:")
	for _, b := range bes(r) {
		fmt.Fprintf(w, "  %s\n", b)
	}
	fmt.Fprintln(w, "\nNot in the totals:")
	for _, cv := range c.Caveats {
		fmt.Fprintf(w, "  - %s\n", cv)
	}
	fmt.Fprintf(w, "\n%s on demand: %s an hour in %s (%s, read %s); the management fee is %d %% of it.\n",
		m.InstanceType, m.Bill.Instance.OnDemandHourly, m.Region, m.Bill.Instance.Source, m.Bill.Instance.Read, costmodel.ManagementFeePercent)
	if chart != "" {
		fmt.Fprintf(w, "Chart: %s\n", chart)
	}
}

// bes turns the report's breakevens back into sentences.
func bes(r compareReport) []string {
	var out []string
	for _, b := range r.Breakevens {
		be := costmodel.RateBreakeven{From: b.From, To: b.To, UpTo: b.UpTo, Found: b.RequestsPerSecond != nil}
		if be.Found {
			be.RequestsPerSecond = *b.RequestsPerSecond
		}
		out = append(out, be.String())
	}
	return out
}

func sizedBy(s string) string {
	switch s {
	case "cpu":
		return "CPU"
	case "concurrency":
		return "concurrency per environment"
	}
	return "the minimum"
}

// monthly writes a monthly amount to the cent with thousands separators:
// "$1,234.56".
func monthly(m costmodel.Money) string {
	s := strings.TrimPrefix(m.Format(2), "$")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	if neg {
		return "-$" + groupDigits(n) + "." + frac
	}
	return "$" + groupDigits(n) + "." + frac
}
