package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/costmodel"
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
	// ExpectedDurationMs comes from the function's lambdaperf metadata;
	// without it the cost per million is unknown (null).
	ExpectedDurationMs *int             `json:"expected_duration_ms"`
	CostPerMillionUSD  *costmodel.Money `json:"cost_per_million_usd"`
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text or json")
	write := fs.Bool("write", true, "also write "+reportFile+" into the assembly folder")
	fill := fs.Float64("batch-fill", costmodel.DefaultBatchFill, "expected share of a batched source's batch size one batch holds, above 0 and at most 1")
	setUsage(fs, "[flags] ASSEMBLY",
		"Prints one row per Lambda function of a cloud assembly (cdk.out): runtime,\n"+
			"architecture, memory and its vCPU share, timeout, zipped code size,\n"+
			"provisioned concurrency, SnapStart, and the on-demand cost per million\n"+
			"invocations where the function declares an expected duration.")
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
	if !(*fill > 0 && *fill <= 1) {
		return usageError(stderr, "report", "--batch-fill must be above 0 and at most 1, got %g", *fill)
	}
	dir := rest[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError(stderr, "report", "%s is not a cloud assembly folder (run `cdk synth` first)", dir)
	}
	model, err := audit.Read(dir)
	if err == nil {
		err = audit.ReadEventSourcesOf(model, dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "lambdaperf report: %v\n", err)
		return exitUsage
	}
	rows := reportRows(model)
	if *write {
		b, _ := json.MarshalIndent(rows, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, reportFile), append(b, '\n'), 0o644); err != nil {
			fmt.Fprintf(stderr, "lambdaperf report: %v\n", err)
			return exitUsage
		}
	}
	if *format == "json" {
		b, _ := json.MarshalIndent(rows, "", "  ")
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	printReport(stdout, rows)
	printBatching(stdout, batchRows(model, *fill), *fill)
	if *write {
		fmt.Fprintf(stdout, "\nJSON report: %s\n", filepath.Join(dir, reportFile))
	}
	return 0
}

func reportRows(m *audit.Model) []functionReport {
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
			r.TimeoutSec, _ = f.TimeoutSec.Or(audit.DefaultTimeoutSec)
			if f.Asset != nil {
				r.ZippedBytes = f.Asset.ZipBytes
			}
			r.Provisioned = provisionedSummary(f)
			r.SnapStart = f.SnapStartOn()
			if ms, ok := f.ExpectedDurationMs.Or(0); ok && ms > 0 {
				r.ExpectedDurationMs = &ms
				if c, err := costmodel.CostPerMillion(r.MemoryMiB, time.Duration(ms)*time.Millisecond, costmodel.Arch(r.Architecture)); err == nil {
					r.CostPerMillionUSD = &c
				}
			}
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
func functionName(stack string, f *audit.Function) string {
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
func provisionedSummary(f *audit.Function) string {
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
		cost := "unknown"
		if r.CostPerMillionUSD != nil {
			cost = fmt.Sprintf("%s @ %d ms", r.CostPerMillionUSD.Format(4), *r.ExpectedDurationMs)
		}
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%d\t%.2f\t%ds\t%s\t%s\t%s\t%s\n",
			r.Stack, r.Function, r.Runtime, r.Architecture, r.MemoryMiB, r.VCPUs, r.TimeoutSec, zipped, pc, snap, cost)
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
