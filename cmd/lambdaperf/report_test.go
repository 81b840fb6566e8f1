package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

func TestReport(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join("testdata", "report"), dir)

	code, stdout, stderr := runCLI("report", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "report.txt", strings.ReplaceAll(stdout, dir, "ASSEMBLY"))

	b, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatalf("no JSON report next to the templates: %v", err)
	}
	var rows []functionReport
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	api, mailer, orders := rows[0], rows[1], rows[2]
	checks := []struct {
		name      string
		got, want any
	}{
		{"the construct path names the function", api.Function, "Api"},
		{"1,769 MiB is one vCPU", api.VCPUs, 1.0},
		{"auto-scaled provisioned concurrency shows min..max", api.Provisioned, "2..20 auto"},
		{"the expected duration comes from metadata", *api.ExpectedDurationMs, 120},
		// 1769/1024 GB x 0.12 s x 1e6 x $0.0000133334 + $0.20 requests
		// ($2.9641) + 10,000 cold starts x 1769/1024 GB x 1 s INIT
		// x $0.0000133334 ($0.2303)
		{"cost per million at 120 ms on arm64 with INIT", api.CostPerMillionUSD.Format(4), "$3.1944"},
		{"the declared duration is priced", api.CostDurationSource, "declared"},
		{"the assumed INIT is said", api.CostInitDurationMs, 1000},
		{"the asset's zipped size is measured", api.ZippedBytes > 0, true},
		{"SnapStart is read", orders.SnapStart, true},
		{"an unset architecture is x86_64", orders.Architecture, "x86_64"},
		{"an unset timeout is Lambda's 3 s", orders.TimeoutSec, 3},
		{"without an expected duration the cost assumes the advisor's duration", orders.CostDurationMs, 100},
		{"and says it assumed it", orders.CostDurationSource, "assumed"},
		// 2048/1024 GB x 0.1 s x 1e6 x $0.0000166667 + $0.20, no INIT
		// (SnapStart restores are priced apart)
		{"a SnapStart function's cost leaves restores out", orders.CostPerMillionUSD.Format(4), "$3.5333"},
		{"a function with provisioned concurrency runs on it", api.ComputeModel, costmodel.Provisioned},
		{"the declared load is read", *api.DeclaredRequestsPerSecond, 300.0},
		{"300 req/s a quarter on CPU is cheapest on Managed Instances", api.CheapestModel, costmodel.Managed},
		{"a function on a capacity provider runs on Managed Instances", mailer.ComputeModel, costmodel.Managed},
		{"and is not priced per million invocations", mailer.CostPerMillionUSD == nil, true},
		// 3 × c7g.large × 730 h × $0.0725 × 1.15
		{"its minimum is three instances and the fee", mailer.ManagedMinimumUSD.String(), "$182.59125"},
		{"0.2 req/s is cheapest on demand", mailer.CheapestModel, costmodel.OnDemand},
		{"a function without a declared load has no comparison", orders.MonthlyUSD == nil && orders.ComputeModel == costmodel.OnDemand, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestReportBadInput(t *testing.T) {
	hint := "Run 'lambdaperf report -h' for usage."
	code, stdout, stderr := runCLI("report")
	checkUsageError(t, code, stdout, stderr, "want one cloud assembly folder, got 0 arguments", hint)
	code, stdout, stderr = runCLI("report", "testdata/nope")
	checkUsageError(t, code, stdout, stderr, "testdata/nope is not a cloud assembly folder", hint)
	code, stdout, stderr = runCLI("report", "--format", "xml", "testdata/report")
	checkUsageError(t, code, stdout, stderr, `--format "xml": want text or json`, hint)
	code, stdout, stderr = runCLI("report", "--cold-start-rate", "2", "testdata/report")
	checkUsageError(t, code, stdout, stderr, "--cold-start-rate must be more than 0 and at most 1, got 2", hint)
	code, stdout, stderr = runCLI("report", "--init-duration-ms", "0", "testdata/report")
	checkUsageError(t, code, stdout, stderr, "--init-duration-ms must be 1..900000, got 0", hint)
	code, stdout, stderr = runCLI("audit", "--duration-ms", "0", "testdata/report")
	checkUsageError(t, code, stdout, stderr, "--duration-ms must be 1..900000, got 0", "Run 'lambdaperf audit -h' for usage.")
}

// TestReportAndAdvisorAgree: report and the advisor's cost-per-million
// rule give each function the same cost and say which duration they
// assumed (issue 15: report said "unknown" where the advisor priced).
func TestReportAndAdvisorAgree(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join("testdata", "report"), dir)
	for _, ms := range []string{"100", "250"} {
		code, stdout, stderr := runCLI("report", "--write=false", "--format", "json", "--duration-ms", ms, dir)
		if code != 0 {
			t.Fatalf("report: exit %d: %s", code, stderr)
		}
		var rows []functionReport
		if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr = runCLI("audit", "--format", "json", "--duration-ms", ms, dir)
		if code > 1 {
			t.Fatalf("audit: exit %d: %s", code, stderr)
		}
		var out struct {
			Findings []struct {
				Rule, Message string
			}
		}
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatal(err)
		}
		findings := out.Findings
		compared := 0
		for _, r := range rows {
			if r.ComputeModel == costmodel.Managed {
				compared++ // no per-million cost: checked below with the compute models
				continue
			}
			if r.CostPerMillionUSD == nil {
				t.Errorf("%s: report has no cost", r.Function)
				continue
			}
			for _, f := range findings {
				path := r.Stack + "/" + r.Function
				if f.Rule != "cost-per-million" || !strings.HasPrefix(f.Message, path+":") && !strings.HasPrefix(f.Message, path+"/Function:") {
					continue
				}
				compared++
				want := fmt.Sprintf("%d ms each (%s)", r.CostDurationMs, r.CostDurationSource)
				if !strings.Contains(f.Message, "cost about "+r.CostPerMillionUSD.Format(2)+" ") || !strings.Contains(f.Message, want) {
					t.Errorf("--duration-ms %s: report prices %s at %s %s, the advisor says: %s", ms, r.Function, r.CostPerMillionUSD.Format(2), want, f.Message)
				}
			}
		}
		if compared != len(rows) {
			t.Errorf("--duration-ms %s: compared %d of %d functions with the advisor's findings", ms, compared, len(rows))
		}
		// The cheaper-compute-model rule names the same two totals the
		// report's compute-model table shows.
		cheaper := 0
		for _, r := range rows {
			if r.MonthlyUSD == nil || r.CheapestModel == r.ComputeModel {
				continue
			}
			for _, f := range findings {
				if f.Rule != "cheaper-compute-model" || !strings.HasPrefix(f.Message, r.Stack+"/"+r.Function) {
					continue
				}
				cheaper++
				for _, m := range []costmodel.Model{r.ComputeModel, r.CheapestModel} {
					if !strings.Contains(f.Message, m.Phrase()) || !strings.Contains(f.Message, "about "+r.MonthlyUSD[m].Format(2)) {
						t.Errorf("report prices %s %s at %s, the advisor says: %s", r.Function, m.Phrase(), r.MonthlyUSD[m].Format(2), f.Message)
					}
				}
			}
		}
		if cheaper != 2 {
			t.Errorf("--duration-ms %s: %d cheaper-compute-model findings match the report, want 2 (Api and Mailer)", ms, cheaper)
		}
	}
}
