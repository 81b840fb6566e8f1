package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	tuneHint   = "Run 'lambdaperf tune -h' for usage."
	sampleFile = "testdata/powertuning-result.json"
)

// copySample puts the sample result in a temporary folder, so the default
// chart lands there and not in testdata.
func copySample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, name, string(b))
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTune(t *testing.T) {
	t.Run("prints the table and writes the chart beside the result", func(t *testing.T) {
		in := copySample(t, "result.json")
		code, stdout, stderr := runCLI("tune", in)
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		dir := filepath.Dir(in)
		golden(t, "tune-cost.txt", strings.ReplaceAll(stdout, dir, "TMP"))
		svg, err := os.ReadFile(filepath.Join(dir, "result.svg"))
		if err != nil {
			t.Fatalf("no chart beside the result: %v", err)
		}
		golden(t, "tune-cost.svg", string(svg))
	})
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"recommends the fastest size for speed", []string{"--strategy", "speed"}, "Recommendation (strategy speed): 3008 MiB"},
		{"recommends the balanced size for balanced", []string{"--strategy", "balanced"}, "Recommendation (strategy balanced, weight 0.5): 1536 MiB"},
		{"recommends the cheapest size with a balanced weight of 1", []string{"--strategy=balanced", "--balanced-weight=1"}, "Recommendation (strategy balanced, weight 1): 1024 MiB"},
		{"accepts flags before the result file", []string{"--strategy", "speed", "FILE"}, "Recommendation (strategy speed): 3008 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := copySample(t, "result.json")
			args := []string{"tune"}
			if c.args[len(c.args)-1] == "FILE" {
				args = append(append(args, c.args[:len(c.args)-1]...), in)
			} else {
				args = append(append(args, in), c.args...)
			}
			code, stdout, stderr := runCLI(args...)
			if code != 0 || stderr != "" || !strings.Contains(stdout, c.want) {
				t.Errorf("code %d, stderr %q, stdout:\n%s\nwant %q", code, stderr, stdout, c.want)
			}
		})
	}
	t.Run("writes the chart to --svg", func(t *testing.T) {
		in := copySample(t, "result.json")
		out := filepath.Join(t.TempDir(), "chart.svg")
		code, stdout, _ := runCLI("tune", in, "--svg", out)
		if code != 0 || !strings.Contains(stdout, "Chart: "+out) {
			t.Fatalf("code %d, stdout %s", code, stdout)
		}
		if _, err := os.Stat(strings.TrimSuffix(in, ".json") + ".svg"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("default chart written too: %v", err)
		}
		checkSVG(t, out)
	})
	t.Run("reads the state machine output wrapped in results", func(t *testing.T) {
		in := writeTemp(t, "wrapped.json", `{"results": {"power": "128", "cost": 2e-7, "duration": 2.9,
			"stateMachine": {}, "stats": [{"averagePrice": 2e-7, "averageDuration": 2.9, "value": "128"},
			{"averagePrice": 3e-7, "averageDuration": 2.1, "value": "256"}]}}`)
		code, stdout, stderr := runCLI("tune", in)
		if code != 0 || !strings.Contains(stdout, "Recommendation (strategy cost): 128 MiB") ||
			!strings.Contains(stdout, "Power Tuning itself recommended 128 MiB") {
			t.Errorf("code %d, stderr %q, stdout:\n%s", code, stderr, stdout)
		}
	})
	t.Run("reads the output shape Power Tuning documents", func(t *testing.T) {
		// testdata/powertuning-output.json is README-INPUT-OUTPUT.md's
		// "State Machine Output" with its documented fields and values
		// (results.power as a string, cost, duration, stateMachine's
		// executionCost, lambdaCost and visualization, and the stats that
		// includeOutputResults adds), three stats rows added in its shape.
		b, err := os.ReadFile("testdata/powertuning-output.json")
		if err != nil {
			t.Fatal(err)
		}
		in := writeTemp(t, "output.json", string(b))
		code, stdout, stderr := runCLI("tune", in)
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		for _, want := range []string{
			"Recommendation (strategy cost): 128 MiB",
			"Power Tuning itself recommended 128 MiB with the strategy of its run (2.9 ms, $0.21 per 1M invocations).",
			"The tuning run cost $0.00045 in Step Functions and $0.0005252 in Lambda invocations.",
			"Power Tuning's chart: https://lambda-power-tuning.show/#<encoded_data>",
			"1024 MiB",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout misses %q:\n%s", want, stdout)
			}
		}
	})
	t.Run("reads describe-execution output with the result as a string", func(t *testing.T) {
		b, _ := os.ReadFile(sampleFile)
		wrapped, _ := json.Marshal(map[string]string{"status": "SUCCEEDED", "output": string(b)})
		in := writeTemp(t, "execution.json", string(wrapped))
		code, stdout, _ := runCLI("tune", in, "--strategy", "balanced")
		if code != 0 || !strings.Contains(stdout, "): 1536 MiB") {
			t.Errorf("code %d, stdout:\n%s", code, stdout)
		}
	})
	t.Run("prices sizes without averagePrice and skips empty results", func(t *testing.T) {
		in := writeTemp(t, "noprice.json", `{"stats": [null, {"value": 128, "averageDuration": 100},
			{"value": 1024, "averageDuration": 10}, {"value": 512, "averageDuration": 0}]}`)
		code, stdout, stderr := runCLI("tune", in)
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		for _, want := range []string{"2 sizes had no averagePrice", "128 MiB", "$0.21", "$0.17", "): 1024 MiB"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout misses %q:\n%s", want, stdout)
			}
		}
		if strings.Contains(stdout, "512 MiB") {
			t.Errorf("the size without a duration is listed:\n%s", stdout)
		}
	})
	t.Run("draws a single measurement", func(t *testing.T) {
		in := writeTemp(t, "one.json", `{"stats": [{"value": 256, "averagePrice": 1e-7, "averageDuration": 12.5}]}`)
		if code, _, stderr := runCLI("tune", in); code != 0 {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		checkSVG(t, strings.TrimSuffix(in, ".json")+".svg")
	})
	t.Run("prints its flags for -h", func(t *testing.T) {
		code, stdout, _ := runCLI("tune", "-h")
		if code != 0 || !strings.Contains(stdout, "--strategy strategy") || !strings.Contains(stdout, "includeOutputResults") {
			t.Errorf("code %d, stdout:\n%s", code, stdout)
		}
	})

	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sample := copySample(t, "sample.json")
	in := func(name string) string { return filepath.Join(dir, name) }
	missing := filepath.Join(dir, "missing.json")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"requires a result file", nil, "missing RESULT.json (a Lambda Power Tuning execution output)"},
		{"rejects a second result file", []string{sample, "other.json"}, `unexpected argument "other.json" after ` + sample},
		{"rejects a missing file", []string{missing}, "cannot read " + missing + ": no such file or directory"},
		{"rejects a folder", []string{dir}, "cannot read " + dir + ": not a regular file (a folder)"},
		{"rejects a file that is not JSON", []string{file("bad.json", "{not json")}, in("bad.json") + " is not a JSON object: invalid character 'n'"},
		{"rejects a JSON array", []string{file("array.json", "[1,2]")}, in("array.json") + " is not a JSON object: json: cannot unmarshal array"},
		{"rejects a result without stats", []string{file("nostats.json", `{"power": 128, "cost": 1}`)}, in("nostats.json") + ` has no "stats" list: run Lambda Power Tuning with "includeOutputResults": true`},
		{"rejects an empty stats list", []string{file("empty.json", `{"stats": []}`)}, in("empty.json") + ` has an empty "stats" list`},
		{"rejects stats that are not objects", []string{file("numbers.json", `{"stats": [1]}`)}, in("numbers.json") + ": stats[0] is not an object"},
		{"rejects a memory size out of range", []string{file("big.json", `{"stats": [{"value": 99999, "averageDuration": 1}]}`)}, in("big.json") + ": stats[0].value: memory must be 128..10240 MiB, got 99999"},
		{"rejects a memory size that is not a number", []string{file("word.json", `{"stats": [{"value": "lots", "averageDuration": 1}]}`)}, in("word.json") + `: stats[0].value: "lots" is not a memory size in MiB`},
		{"rejects a negative duration", []string{file("negdur.json", `{"stats": [{"value": 128, "averageDuration": -1}]}`)}, in("negdur.json") + ": stats[0].averageDuration must be 0..900000 ms, got -1"},
		{"rejects a negative price", []string{file("negprice.json", `{"stats": [{"value": 128, "averageDuration": 1, "averagePrice": -1}]}`)}, in("negprice.json") + ": stats[0].averagePrice must not be negative, got -1"},
		{"rejects stats without any duration", []string{file("nodur.json", `{"stats": [{"value": 128}]}`)}, in("nodur.json") + ": no measurement with a duration to rank"},
		{"rejects an unknown strategy", []string{sample, "--strategy", "cheapest"}, `--strategy: unknown strategy "cheapest", want cost, speed or balanced`},
		{"rejects a balanced weight above 1", []string{sample, "--balanced-weight", "2"}, "--balanced-weight must be 0..1, got 2"},
		{"rejects a negative balanced weight", []string{sample, "--balanced-weight", "-0.5"}, "--balanced-weight must be 0..1, got -0.5"},
		{"rejects an unknown architecture", []string{sample, "--arch", "riscv"}, `--arch: unknown architecture "riscv", want x86_64 or arm64`},
		{"rejects a chart path in a missing folder", []string{sample, "--svg", filepath.Join(dir, "no", "chart.svg")}, "--svg: cannot write " + filepath.Join(dir, "no", "chart.svg") + ": no such file or directory"},
		{"rejects an unknown flag", []string{sample, "--stratgy", "speed"}, "unknown flag --stratgy"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"tune"}, c.args...)...)
			checkUsageError(t, code, stdout, stderr, "lambdaperf tune: "+c.want, tuneHint)
		})
	}
}

// checkSVG asserts the chart is well-formed XML with labelled axes.
func checkSVG(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", path, err)
		}
	}
	for _, want := range []string{"<svg", "Cost per 1M invocations", "Average duration (ms)", "Memory (MiB)", "recommended"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s misses %q", path, want)
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct {
		name         string
		min, max     float64
		lo, hi, step float64
		decimals     int
	}{
		{"starts durations at zero", 620, 11720, 0, 12500, 2500, 0},
		{"zooms on costs far above zero", 24.5, 30.6, 24, 32, 2, 0},
		{"keeps decimals for small steps", 0.21, 0.26, 0.21, 0.27, 0.01, 2},
		{"widens a flat series", 10, 10, 0, 12, 2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			lo, hi, step, dec := niceScale(c.min, c.max)
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
			if !near(lo, c.lo) || !near(hi, c.hi) || !near(step, c.step) || dec != c.decimals {
				t.Errorf("niceScale(%v, %v) = %v, %v, %v, %d", c.min, c.max, lo, hi, step, dec)
			}
		})
	}
}
