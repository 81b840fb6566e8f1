package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// costReport is the JSON form of "lambdaperf cost": the inputs, then the
// charges in dollars.
type costReport struct {
	Region                  string          `json:"region"`
	Arch                    costmodel.Arch  `json:"arch"`
	MemoryMiB               int             `json:"memory_mib"`
	VCPUs                   float64         `json:"vcpus"`
	DurationMs              float64         `json:"duration_ms"`
	BilledDurationMs        int64           `json:"billed_duration_ms"`
	Invocations             int64           `json:"invocations"`
	ProvisionedEnvironments int             `json:"provisioned_environments"`
	ProvisionedHours        float64         `json:"provisioned_hours"`
	ProvisionedInvocations  int64           `json:"provisioned_invocations"`
	EphemeralStorageMiB     int             `json:"ephemeral_storage_mib"`
	InitDurationMs          float64         `json:"init_duration_ms"`
	ColdStartRate           float64         `json:"cold_start_rate"`
	ColdStarts              int64           `json:"cold_starts"`
	ComputeUSD              costmodel.Money `json:"compute_usd"`
	// InitUSD is the INIT phase of the on-demand cold starts, billed like
	// duration since 1 August 2025.
	InitUSD             costmodel.Money `json:"init_usd"`
	RequestsUSD         costmodel.Money `json:"requests_usd"`
	ProvisionedUSD      costmodel.Money `json:"provisioned_usd"`
	EphemeralStorageUSD costmodel.Money `json:"ephemeral_storage_usd"`
	TotalUSD            costmodel.Money `json:"total_usd"`
	// OnDemandPerMillionUSD is the on-demand cost of one million
	// invocations, requests and INIT (at the cold-start rate) included.
	OnDemandPerMillionUSD costmodel.Money `json:"on_demand_per_million_usd"`
	// ProvisionedUtilization is the share of provisioned time the
	// environments are busy; present with --provisioned.
	ProvisionedUtilization *float64 `json:"provisioned_utilization,omitempty"`
	// ProvisionedBreakeven is the utilization above which provisioned
	// concurrency is cheaper; present with --provisioned.
	ProvisionedBreakeven *float64 `json:"provisioned_breakeven_utilization,omitempty"`
}

func runCost(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cost", flag.ContinueOnError)
	memory := fs.Int("memory", 0, "memory setting in `MiB`, 128..10240 (required)")
	var duration time.Duration
	durationSet := false
	fs.Func("duration", "average duration of one invocation, a Go `duration` such as 120ms or 1.5s (required)", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("want a Go duration such as 120ms or 1.5s")
		}
		duration, durationSet = d, true
		return nil
	})
	invocations := fs.Int64("invocations", -1, "number of invocations `N` to price (required)")
	arch := fs.String("arch", string(costmodel.X86_64), "`architecture`: x86_64 or arm64")
	region := fs.String("region", costmodel.DefaultRegion, "`region` whose prices apply; known: "+strings.Join(costmodel.Regions(), ", "))
	provisioned := fs.Int("provisioned", 0, "provisioned concurrency, in execution environments `N`; needs --hours")
	hours := fs.Float64("hours", 0, "`hours` the provisioned environments stay enabled")
	var initDuration time.Duration
	fs.Func("init-duration", "average INIT phase of a cold start, a Go `duration` such as 250ms (billed like duration since 1 August 2025); needs --cold-start-rate", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("want a Go duration such as 250ms")
		}
		initDuration = d
		return nil
	})
	coldStartRate := fs.Float64("cold-start-rate", 0, "share `0..1` of on-demand invocations that are cold starts (AWS sees under 0.01 in production); needs --init-duration")
	storage := fs.Int("ephemeral-storage", costmodel.MinEphemeralStorageMiB, "/tmp size in `MiB`, 512..10240; only the part above 512 is charged")
	format := fs.String("format", "text", "output `format`: text or json")
	cmp := compareFlags(fs)
	setUsage(fs, "--memory MiB --duration D --invocations N [flags]\n       lambdaperf cost --memory MiB --duration D --rps R [--cpu-share S] [flags]",
		"Prices N invocations at list prices (no free tier): duration billed per 1 ms\n"+
			"at a price per GB-second, requests, the INIT phase of on-demand cold starts\n"+
			"(billed like duration since 1 August 2025) and provisioned concurrency if asked.\n\n"+
			"With --rps it prices a month of that steady load on the three compute models:\n"+
			"on demand, with provisioned concurrency sized for it, and on Lambda Managed\n"+
			"Instances (EC2 instance price + 15 % management fee + requests, no duration\n"+
			"charge), names the cheapest, the request rates where that changes, and what\n"+
			"the totals leave out; --svg charts the monthly cost against requests/s.")

	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "cost", format, a...) }
	if problem := cmp.misplaced(fs); problem != "" {
		return bad("%s", problem)
	}
	switch {
	case len(rest) > 0:
		return bad("unexpected argument %q", rest[0])
	case *memory == 0:
		return bad("--memory is required")
	case *memory < costmodel.MinMemoryMiB || *memory > costmodel.MaxMemoryMiB:
		return bad("--memory must be %d..%d MiB, got %d", costmodel.MinMemoryMiB, costmodel.MaxMemoryMiB, *memory)
	case !durationSet:
		return bad("--duration is required (a Go duration such as 120ms or 1.5s)")
	case duration <= 0 || duration > costmodel.MaxDuration:
		return bad("--duration must be more than 0 and at most %s, got %s", costmodel.MaxDuration, duration)
	case *invocations == -1 && !flagSet(fs, "invocations") && !cmp.rpsSet:
		return bad("--invocations is required (or --rps to compare the compute models for a steady load)")
	case *invocations < 0 && !cmp.rpsSet:
		return bad("--invocations must not be negative, got %d", *invocations)
	case *provisioned < 0:
		return bad("--provisioned must not be negative, got %d", *provisioned)
	case math.IsNaN(*hours) || math.IsInf(*hours, 0) || *hours < 0:
		return bad("--hours must be a number of hours >= 0, got %v", *hours)
	case *hours > 1e6:
		return bad("--hours must be at most 1000000, got %v", *hours)
	case *provisioned > 0 && *hours == 0:
		return bad("--hours is required with --provisioned %d", *provisioned)
	case *provisioned == 0 && *hours > 0:
		return bad("--hours %v needs --provisioned N", *hours)
	case *storage < costmodel.MinEphemeralStorageMiB || *storage > costmodel.MaxEphemeralStorageMiB:
		return bad("--ephemeral-storage must be %d..%d MiB, got %d", costmodel.MinEphemeralStorageMiB, costmodel.MaxEphemeralStorageMiB, *storage)
	case initDuration < 0 || initDuration > costmodel.MaxDuration:
		return bad("--init-duration must be 0..%s, got %s", costmodel.MaxDuration, initDuration)
	case math.IsNaN(*coldStartRate) || *coldStartRate < 0 || *coldStartRate > 1:
		return bad("--cold-start-rate must be a share 0..1, got %v", *coldStartRate)
	case initDuration > 0 && *coldStartRate == 0:
		return bad("--init-duration %s needs --cold-start-rate (the share of on-demand invocations that are cold starts, such as 0.01)", initDuration)
	case *coldStartRate > 0 && initDuration == 0:
		return bad("--cold-start-rate %v needs --init-duration (the Init Duration of a cold start's REPORT line, such as 250ms)", *coldStartRate)
	case *format != "text" && *format != "json":
		return bad("--format must be text or json, got %q", *format)
	}
	a, err := costmodel.ParseArch(*arch)
	if err != nil {
		return bad("--arch: %v", err)
	}
	if _, err := costmodel.PricesFor(*region, a); err != nil {
		return bad("--region: %s", strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	if cmp.rpsSet {
		load := costmodel.Load{RequestsPerSecond: cmp.rps, Duration: duration, MemoryMiB: *memory, CPUShare: *cmp.cpuShare, Arch: a, Region: *region,
			InitDuration: initDuration, ColdStartRate: *coldStartRate}
		return runCostCompare(load, cmp, *format, stdout, stderr)
	}

	e, err := costmodel.Monthly(costmodel.Profile{
		MemoryMiB:               *memory,
		Duration:                duration,
		Invocations:             *invocations,
		Arch:                    a,
		Region:                  *region,
		ProvisionedEnvironments: *provisioned,
		ProvisionedHours:        *hours,
		EphemeralStorageMiB:     *storage,
		InitDuration:            initDuration,
		ColdStartRate:           *coldStartRate,
	})
	if err != nil {
		return bad("cannot price --memory %d --duration %s --invocations %d: %s", *memory, duration, *invocations, strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	perMillion, err := costmodel.OnDemandPerMillion(costmodel.Profile{MemoryMiB: *memory, Duration: duration, Arch: a, Region: *region,
		InitDuration: initDuration, ColdStartRate: *coldStartRate})
	if err != nil {
		return bad("%s", strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	r := costReport{
		Region:                  e.Region,
		Arch:                    e.Arch,
		MemoryMiB:               *memory,
		VCPUs:                   math.Round(costmodel.VCPUs(*memory)*1000) / 1000,
		DurationMs:              float64(duration) / float64(time.Millisecond),
		BilledDurationMs:        e.BilledDuration.Milliseconds(),
		Invocations:             *invocations,
		ProvisionedEnvironments: *provisioned,
		ProvisionedHours:        *hours,
		ProvisionedInvocations:  e.ProvisionedInvocations,
		EphemeralStorageMiB:     *storage,
		InitDurationMs:          float64(initDuration) / float64(time.Millisecond),
		ColdStartRate:           *coldStartRate,
		ColdStarts:              e.ColdStarts,
		ComputeUSD:              e.Compute,
		InitUSD:                 e.Init,
		RequestsUSD:             e.Requests,
		ProvisionedUSD:          e.Provisioned,
		EphemeralStorageUSD:     e.Ephemeral,
		TotalUSD:                e.Total,
		OnDemandPerMillionUSD:   perMillion.Total,
	}
	var breakeven costmodel.Breakeven
	if *provisioned > 0 {
		breakeven, err = costmodel.ProvisionedBreakeven(*region, a)
		if err != nil {
			return bad("%s", strings.TrimPrefix(err.Error(), "costmodel: "))
		}
		u := math.Round(breakeven.Utilization*10000) / 10000
		r.ProvisionedBreakeven = &u
		busy := float64(e.ProvisionedInvocations) * float64(e.BilledDuration) / (float64(*provisioned) * *hours * float64(time.Hour))
		busy = math.Round(min(busy, 1)*10000) / 10000
		r.ProvisionedUtilization = &busy
	}

	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintf(stderr, "lambdaperf cost: %v\n", err)
			return 1
		}
		return 0
	}
	writeCostText(stdout, r, duration, breakeven)
	return 0
}

func writeCostText(w io.Writer, r costReport, d time.Duration, b costmodel.Breakeven) {
	fmt.Fprintf(w, "Lambda cost, %s in %s (list prices, no free tier)\n\n", r.Arch, r.Region)
	var rows [][2]string
	row := func(label, format string, a ...any) { rows = append(rows, [2]string{label, fmt.Sprintf(format, a...)}) }
	row("memory", "%d MiB (%.2f vCPU)", r.MemoryMiB, r.VCPUs)
	row("duration", "%s per invocation, billed %d ms", d, r.BilledDurationMs)
	row("invocations", "%s", groupDigits(r.Invocations))
	if r.ColdStarts > 0 || r.ColdStartRate > 0 {
		row("cold starts", "%s (%g of on-demand invocations), INIT %s each", groupDigits(r.ColdStarts), r.ColdStartRate, time.Duration(r.InitDurationMs*float64(time.Millisecond)))
	}
	if r.ProvisionedEnvironments > 0 {
		row("provisioned", "%d environments for %v h, serving %s invocations",
			r.ProvisionedEnvironments, r.ProvisionedHours, groupDigits(r.ProvisionedInvocations))
	}
	if r.EphemeralStorageMiB > costmodel.MinEphemeralStorageMiB {
		row("ephemeral storage", "%d MiB", r.EphemeralStorageMiB)
	}
	row("", "")
	row("compute", "%s", dollars(r.ComputeUSD))
	if r.ColdStartRate > 0 {
		row("INIT (billed since 1 Aug 2025)", "%s", dollars(r.InitUSD))
	}
	row("requests", "%s", dollars(r.RequestsUSD))
	if r.ProvisionedEnvironments > 0 {
		row("provisioned concurrency", "%s", dollars(r.ProvisionedUSD))
	}
	if r.EphemeralStorageMiB > costmodel.MinEphemeralStorageMiB {
		row("ephemeral storage", "%s", dollars(r.EphemeralStorageUSD))
	}
	row("total", "%s", dollars(r.TotalUSD))
	row("", "")
	row("on-demand per 1M invocations", "%s", dollars(r.OnDemandPerMillionUSD))
	if r.ColdStartRate == 0 {
		row("", "")
		row("not included", "%s", "INIT of cold starts: set --init-duration and --cold-start-rate")
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	for _, r := range rows {
		if r[0] == "" {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, r[0], r[1])
	}
	if r.ProvisionedEnvironments > 0 {
		verdict := "below the breakeven: on-demand is cheaper"
		if *r.ProvisionedUtilization > b.Utilization {
			verdict = "above the breakeven: provisioned is cheaper"
		}
		fmt.Fprintf(w, "\nThe provisioned environments are busy %.1f %% of their time, %s.\n", *r.ProvisionedUtilization*100, verdict)
		fmt.Fprintf(w, "%s\n%s\n", b.CostRule, b.LatencyRule)
	}
}

// dollars shows an amount to four decimals, or exactly when four decimals
// would round a non-zero amount to nothing.
func dollars(m costmodel.Money) string {
	if m != 0 && m.Format(4) == "$0.0000" {
		return m.String()
	}
	return m.Format(4)
}

// groupDigits writes n with thousands separators: 1,000,000.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}
