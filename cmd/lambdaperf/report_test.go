package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	api, orders := rows[0], rows[1]
	checks := []struct {
		name      string
		got, want any
	}{
		{"the construct path names the function", api.Function, "Api"},
		{"1,769 MiB is one vCPU", api.VCPUs, 1.0},
		{"auto-scaled provisioned concurrency shows min..max", api.Provisioned, "2..20 auto"},
		{"the expected duration comes from metadata", *api.ExpectedDurationMs, 120},
		// 1769/1024 GB x 0.12 s x 1e6 x $0.0000133334 + $0.20 requests
		{"cost per million at 120 ms on arm64", api.CostPerMillionUSD.Format(4), "$2.9641"},
		{"the asset's zipped size is measured", api.ZippedBytes > 0, true},
		{"SnapStart is read", orders.SnapStart, true},
		{"an unset architecture is x86_64", orders.Architecture, "x86_64"},
		{"an unset timeout is Lambda's 3 s", orders.TimeoutSec, 3},
		{"without an expected duration the cost is unknown", orders.CostPerMillionUSD == nil, true},
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
}
