package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/lambda"
)

func init() {
	commands["report"] = runReport
	summaries["report"] = "print the performance table of a cloud assembly (cdk.out) and write its JSON report"
}

// reportFile is written next to the templates by `lambdaperf report`.
const reportFile = "lambdaperf-report.json"

// functionReport is one row of the performance report.
type functionReport struct {
	Stack        string  `json:"stack"`
	Function     string  `json:"function"` // construct path below the stack, or logical ID
	LogicalID    string  `json:"logical_id"`
	Runtime      string  `json:"runtime"`
	Architecture string  `json:"architecture"`
	MemoryMiB    int     `json:"memory_mib"`
	VCPUs        float64 `json:"vcpus"`
	TimeoutSec   int     `json:"timeout_s"`
	ZippedBytes  int64   `json:"zipped_code_bytes"` // 0 when the asset is not in the assembly
	// Provisioned is "", "N" (static) or "MIN..MAX" (auto-scaled).
	Provisioned string `json:"provisioned_concurrency"`
	SnapStart   bool   `json:"snapstart"`
	// ExpectedDurationMs comes from the function's lambdaperf metadata
	// (null without it).
	ExpectedDurationMs *int `json:"expected_duration_ms"`
	// CostPerMillionUSD is the on-demand cost of one million invocations,
	// priced as the advisor's cost-per-million rule does (audit.CostOf):
	// at CostDurationMs, declared or assumed (CostDurationSource), plus the
	// INIT of the assumed cold starts. Null when memory or architecture is
	// unknown.
	CostPerMillionUSD  *costmodel.Money `json:"cost_per_million_usd"`
	CostDurationMs     int              `json:"cost_duration_ms,omitempty"`
	CostDurationSource string           `json:"cost_duration_source,omitempty"`
	CostInitDurationMs int              `json:"cost_init_duration_ms,omitempty"`
	CostColdStartRate  float64          `json:"cost_cold_start_rate,omitempty"`
	CostRegion         string           `json:"cost_region,omitempty"`
	// ComputeModel is the model the function runs on: on-demand,
	// provisioned-concurrency or managed-instances.
	ComputeModel costmodel.Model `json:"compute_model"`
	// ManagedMinimumUSD is what a function on a capacity provider costs a
	// month with no load: its minimum environments (audit.ManagedFloorOf).
	ManagedMinimumUSD *costmodel.Money `json:"managed_instances_minimum_usd,omitempty"`
	// DeclaredRequestsPerSecond is the load the function declares in its
	// metadata (expectedRequestsPerSecond); with it, MonthlyUSD prices a
	// month on each compute model and CheapestModel names the cheapest, as
	// the advisor's cheaper-compute-model rule does (audit.ComputeCostOf).
	DeclaredRequestsPerSecond *float64                            `json:"declared_requests_per_second,omitempty"`
	CPUShare                  float64                             `json:"cpu_share,omitempty"`
	CPUShareSource            string                              `json:"cpu_share_source,omitempty"`
	MonthlyUSD                map[costmodel.Model]costmodel.Money `json:"monthly_usd,omitempty"`
	CheapestModel             costmodel.Model                     `json:"cheapest_model,omitempty"`
	ManagedInstanceType       string                              `json:"managed_instance_type,omitempty"`
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text or json")
	write := fs.Bool("write", true, "also write "+reportFile+" into the assembly folder")
	costOptions := costAssumptionFlags(fs)
	fill := fs.Float64("batch-fill", costmodel.DefaultBatchFill, "expected share of a batched source's batch size one batch holds, above 0 and at most 1")
	setUsage(fs, "[flags] ASSEMBLY",
		"Prints one row per Lambda function of a cloud assembly (cdk.out): runtime,\n"+
			"architecture, memory and its vCPU share, timeout, zipped code size,\n"+
			"provisioned concurrency, SnapStart, and the on-demand cost per million\n"+
			"invocations, priced as `lambdaperf audit` prices it: at the declared duration\n"+
			"or --duration-ms, plus the INIT of the cold starts (--init-duration-ms at\n"+
			"--cold-start-rate), billed like duration since 1 August 2025. A function that\n"+
			"declares its load (expectedRequestsPerSecond) is also priced on the three\n"+
			"compute models, with the cheapest named; one on Managed Instances is priced\n"+
			"as Managed Instances.")
	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		return usageError(stderr, "report", "want one cloud assembly folder, got %d arguments", len(rest))
	}
	if *format != "text" && *format != "json" {
		return usageError(stderr, "report", "--format %q: want text or json", *format)
	}
	opts, problem := costOptions()
	if problem != "" {
		return usageError(stderr, "report", "%s", problem)
	}
	if !(*fill > 0 && *fill <= 1) {
		return usageError(stderr, "report", "--batch-fill must be above 0 and at most 1, got %g", *fill)
	}
	dir := rest[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError(stderr, "report", "%s is not a cloud assembly folder (run `cdk synth` first)", dir)
	}
	model, err := assembly.Read(dir)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaperf report: %s\n", untrusted.Printable(err.Error()))
		return exitUsage
	}
	rows := reportRows(model, opts)
	b, _ := json.MarshalIndent(rows, "", "  ")
	b = untrusted.JSONForTerminal(append(b, '\n'))
	if *write {
		// Into the assembly folder and nowhere else: not through a link
		// planted there, and replaced whole (a temporary file renamed).
		if err := untrusted.WriteFile(dir, reportFile, b, 0o644); err != nil {
			fmt.Fprintf(stderr, "lambdaperf report: cannot write %s: %s\n", filepath.Join(dir, reportFile), untrusted.Printable(pathErr(err).Error()))
			return exitUsage
		}
	}
	incomplete := reportNotes(stderr, model)
	if *format == "json" {
		stdout.Write(b)
	} else {
		printReport(stdout, rows)
		printComputeModels(stdout, rows)
		printBatching(stdout, batchRows(model, *fill), *fill)
		if *write {
			fmt.Fprintf(stdout, "\nJSON report: %s\n", untrusted.Printable(filepath.Join(dir, reportFile)))
		}
	}
	if incomplete {
		return exitFindings
	}
	return 0
}

// reportNotes prints to stderr what of the assembly was not read or holds
// values of the wrong type, and reports whether the table is incomplete
// or wrong for it: a template or nested assembly was not read, or a
// property is malformed (its row shows a default in its place).
func reportNotes(w io.Writer, m *assembly.Model) (incomplete bool) {
	p := untrusted.Printable
	for _, u := range m.Unread {
		what := "not read"
		if u.Partial {
			what = "read without"
		} else {
			incomplete = true
		}
		fmt.Fprintf(w, "lambdaperf report: %s: %s: %s\n", what, p(u.File), p(u.Why))
	}
	for _, st := range m.Stacks {
		for _, mf := range st.Malformed {
			incomplete = true
			fmt.Fprintf(w, "lambdaperf report: %s/%s: %s is %s, not %s (CloudFormation refuses it; the row shows the default)\n", p(st.Name), p(mf.LogicalID), p(mf.Property), p(mf.Value), mf.Want)
		}
	}
	if incomplete {
		fmt.Fprintln(w, "lambdaperf report: the report is incomplete (exit status 1); `lambdaperf audit` reports each of these as an error")
	}
	return incomplete
}

func reportRows(m *assembly.Model, opts audit.Options) []functionReport {
	var rows []functionReport
	for _, st := range m.Stacks {
		for _, f := range st.Functions {
			if f.Framework {
				continue // CDK's own custom-resource handlers
			}
			r := functionReport{Stack: st.Name, LogicalID: f.LogicalID, Function: functionName(st.Name, f)}
			r.Runtime = f.RuntimeName()
			r.Architecture, _ = f.Arch()
			r.MemoryMiB, _ = f.Memory()
			r.VCPUs = costmodel.VCPUs(r.MemoryMiB)
			r.TimeoutSec, _ = f.TimeoutSec.Or(lambda.DefaultTimeoutSec)
			if f.Asset != nil {
				r.ZippedBytes = f.Asset.ZipBytes
			}
			r.Provisioned = provisionedSummary(f)
			r.SnapStart = f.SnapStartOn()
			if ms, ok := f.ExpectedDurationMs.Or(0); ok && ms > 0 {
				r.ExpectedDurationMs = &ms
			}
			if c, ok := audit.CostOf(f, opts); ok {
				total := c.PerMillion.Total
				r.CostPerMillionUSD = &total
				r.CostDurationMs, r.CostDurationSource = c.DurationMs, c.DurationSource
				r.CostInitDurationMs, r.CostColdStartRate, r.CostRegion = c.InitDurationMs, c.ColdStartRate, c.Region
			}
			addComputeModels(&r, f, opts)
			rows = append(rows, r)
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Stack != rows[j].Stack {
			return rows[i].Stack < rows[j].Stack
		}
		return rows[i].Function < rows[j].Function
	})
	return rows
}

// functionName is the construct path below the stack, without the
// trailing /Function/Resource or /Resource CDK adds.
func functionName(stack string, f *assembly.Function) string {
	p := strings.TrimPrefix(f.Path, "/")
	p = strings.TrimPrefix(p, stack+"/")
	p = strings.TrimSuffix(p, "/Resource")
	p = strings.TrimSuffix(p, "/Function")
	if p == "" {
		return f.LogicalID
	}
	return p
}

// provisionedSummary is "" without provisioned concurrency, "N" for a
// static setting and "MIN..MAX auto" for a scalable target.
func provisionedSummary(f *assembly.Function) string {
	for _, a := range f.Aliases {
		for _, st := range a.ScalableTargets {
			lo, _ := st.Min.Or(0)
			hi, _ := st.Max.Or(0)
			return fmt.Sprintf("%d..%d auto", lo, hi)
		}
		if n, ok := a.Provisioned.Or(0); ok && n > 0 {
			return fmt.Sprint(n)
		}
	}
	return ""
}

func printReport(w io.Writer, rows []functionReport) {
	p := untrusted.Printable
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK/FUNCTION\tRUNTIME\tARCH\tMEMORY MiB\tvCPU\tTIMEOUT\tZIPPED\tPROVISIONED\tSNAPSTART\t$/1M INVOCATIONS")
	for _, r := range rows {
		zipped := "-"
		if r.ZippedBytes > 0 {
			zipped = size(r.ZippedBytes)
		}
		pc := r.Provisioned
		if pc == "" {
			pc = "-"
		}
		snap := "-"
		if r.SnapStart {
			snap = "on"
		}
		cost := "unknown (memory or architecture not in the template)"
		if r.ComputeModel == costmodel.Managed {
			cost = "Managed Instances: billed by instance-hour"
			if r.ManagedMinimumUSD != nil {
				cost += fmt.Sprintf(", at least %s a month", monthly(*r.ManagedMinimumUSD))
			}
		}
		if r.CostPerMillionUSD != nil {
			cost = fmt.Sprintf("%s @ %d ms (%s)", r.CostPerMillionUSD.Format(4), r.CostDurationMs, r.CostDurationSource)
			if r.CostColdStartRate > 0 {
				cost += fmt.Sprintf(" + %d ms INIT on %g%%", r.CostInitDurationMs, r.CostColdStartRate*100)
			} else if r.SnapStart {
				cost += ", SnapStart restores left out"
			}
		}
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%d\t%.2f\t%ds\t%s\t%s\t%s\t%s\n",
			p(r.Stack), p(r.Function), p(r.Runtime), p(r.Architecture), r.MemoryMiB, r.VCPUs, r.TimeoutSec, zipped, pc, snap, cost)
	}
	tw.Flush()
	if len(rows) == 0 {
		fmt.Fprintln(w, "(no Lambda functions)")
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
}

// costAssumptionFlags adds the flags of what cost estimates assume, shared
// by audit and report so that both price a function alike. The returned
// function gives the options, or a problem to report as a usage error.
func costAssumptionFlags(fs *flag.FlagSet) func() (audit.Options, string) {
	duration := fs.Int("duration-ms", audit.DefaultDurationMs, "average invocation duration in `ms` assumed by the cost estimates where a function declares none")
	initMs := fs.Int("init-duration-ms", audit.DefaultInitDurationMs, "INIT phase of a cold start in `ms` assumed by the cost estimates (billed like duration since 1 August 2025)")
	rate := fs.Float64("cold-start-rate", costmodel.TypicalColdStartRate, "share `0..1` of on-demand invocations the cost estimates assume are cold starts")
	return func() (audit.Options, string) {
		switch {
		case *duration <= 0 || *duration > 900_000:
			return audit.Options{}, fmt.Sprintf("--duration-ms must be 1..900000, got %d", *duration)
		case *initMs <= 0 || *initMs > 900_000:
			return audit.Options{}, fmt.Sprintf("--init-duration-ms must be 1..900000, got %d", *initMs)
		case math.IsNaN(*rate) || *rate <= 0 || *rate > 1:
			return audit.Options{}, fmt.Sprintf("--cold-start-rate must be more than 0 and at most 1, got %v", *rate)
		}
		return audit.Options{DurationMs: *duration, InitDurationMs: *initMs, ColdStartRate: *rate}, ""
	}
}
