package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A function fed by an SQS queue in batches of 100, 120 ms a batch: the
// report counts invocations per million messages at the expected fill and
// shows the saving over batch size 1.
func TestReportBatching(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join("testdata", "report-batch"), dir)
	for _, c := range []struct {
		fill string
		want []string
	}{
		// Full batches: 10,000 invocations of 120 ms (600 GB-s + $0.002
		// requests = $0.0100) instead of a million of 1.2 ms, billed 2 ms
		// each (1,000 GB-s + $0.20 = $0.2133).
		{"1", []string{"per million messages at 100 % batch fill", "Shop/Worker sqs 100 10000 $0.0100 1000000 invocations, $0.2133 $0.2033 (95 %)"}},
		// Half-full batches, the default: 20,000 invocations of 120 ms,
		// 2.4 ms a message (billed 3 ms alone).
		{"", []string{"at 50 % batch fill", "Shop/Worker sqs 100 20000 $0.0200 1000000 invocations, $0.2200 $0.2000 (91 %)"}},
	} {
		args := []string{"report", "--write=false", dir}
		if c.fill != "" {
			args = []string{"report", "--write=false", "--batch-fill", c.fill, dir}
		}
		code, stdout, stderr := runCLI(args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// Columns are aligned with spaces: compare words.
		words := strings.Join(strings.Fields(stdout), " ")
		for _, w := range c.want {
			if !strings.Contains(words, w) {
				t.Errorf("fill %q: stdout misses %q:\n%s", c.fill, w, stdout)
			}
		}
	}
	code, _, stderr := runCLI("report", "--batch-fill", "1.5", dir)
	if code != exitUsage || !strings.Contains(stderr, "--batch-fill must be above 0 and at most 1, got 1.5") {
		t.Errorf("--batch-fill 1.5: exit %d, stderr %s", code, stderr)
	}
}
