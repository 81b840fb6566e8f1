package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/localinvoke"
)

const loadHint = "Run 'lambdaperf load -h' for usage."

func TestLoad(t *testing.T) {
	asm := invokeAssembly(t)
	chart := filepath.Join(t.TempDir(), "load.svg")

	t.Run("a short ramp answers every request and draws the chart", func(t *testing.T) {
		code, stdout, stderr := runCLI("load", "--rate", "5", "--ramp-to", "15", "--duration", "2s", "--instances", "2", "--svg", chart, asm, "Test/Echo")
		if code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		for _, want := range []string{
			"lambdaperf load: Test/Echo/Function (nodejs22.x, 256 MiB) under the Lambda runtime emulator on 127.0.0.1",
			"ramp 5 -> 15 requests/s over 2s; 2 emulator instances on",
			"requests     due 20, sent 20, answered 20, dropped 0, errors 0",
			"cold starts  ", "init duration p50 ",
			"                  p50      p95      p99      max\nlatency ms  ",
			"Chart: " + chart,
			`note: TABLE: unresolved CloudFormation value`,
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout misses %q:\n%s", want, stdout)
			}
		}
		checkLoadSVG(t, chart)
	})
	t.Run("json output, and the chart beside the assembly by default", func(t *testing.T) {
		code, stdout, stderr := runCLI("load", "--format", "json", "--rate", "10", "--ramp-to", "10", "--duration", "1s", "--env", "TABLE=items", asm, "Test/Echo")
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		var rep struct {
			Function                                   string
			Scheduled, Sent, Answered, Dropped, Errors int
			ColdStarts                                 int
			LatencyMs                                  localinvoke.Stats
			DurationMs                                 localinvoke.Stats
			Timeline                                   []localinvoke.Second
			Notes                                      []string
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		if rep.Function != "Test/Echo/Function" || rep.Scheduled != 10 || rep.Answered != 10 || rep.Errors != 0 || rep.ColdStarts < 1 ||
			rep.LatencyMs.Count != 10 || rep.LatencyMs.P99 <= 0 || rep.DurationMs.P50 <= 0 || len(rep.Timeline) != 1 {
			t.Errorf("report %+v", rep)
		}
		checkLoadSVG(t, filepath.Join(asm, "lambdaperf-load-EchoFunction.svg"))
	})
	t.Run("function errors exit 1 and are counted by type", func(t *testing.T) {
		fail := writeTemp(t, "fail.json", `{"fail": "boom"}`)
		code, stdout, _ := runCLI("load", "--event", fail, "--rate", "5", "--ramp-to", "5", "--duration", "1s", "--svg", chart, asm, "Test/Echo")
		if code != 1 || !strings.Contains(stdout, "answered 5, dropped 0, errors 5") || !strings.Contains(stdout, "error types  Error 5") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
	})
	t.Run("a p99 budget breached exits 1 and says so", func(t *testing.T) {
		code, stdout, _ := runCLI("load", "--p99", "1us", "--rate", "5", "--ramp-to", "5", "--duration", "1s", "--svg", chart, asm, "Test/Echo")
		if code != 1 || !strings.Contains(stdout, "budget       BREACHED: p99 <= 0.00 ms (--p99); errors <= 1 % (1 %, lambdaperf monitoring's default") ||
			!strings.Contains(stdout, "  breach: p99 latency ") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
		b, _ := os.ReadFile(chart)
		if !bytes.Contains(b, []byte("p99 budget 0.00 ms")) {
			t.Error("the chart does not draw the budget")
		}
	})
	t.Run("an error budget of 100 % keeps failing requests within it", func(t *testing.T) {
		fail := writeTemp(t, "fail.json", `{"fail": "boom"}`)
		code, stdout, _ := runCLI("load", "--event", fail, "--max-error-rate", "100", "--rate", "5", "--ramp-to", "5", "--duration", "1s", "--svg", chart, asm, "Test/Echo")
		if code != 0 || !strings.Contains(stdout, "errors 5") || !strings.Contains(stdout, "budget       kept: p99 <= 4,000 ms") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
	})
	t.Run("a bootstrap for another architecture is refused before any run", func(t *testing.T) {
		code, _, stderr := runCLI("load", "--cross-arch", "refuse", "--svg", chart, asm, "Test/Arm")
		if code != 2 || !strings.Contains(stderr, "lambdaperf load: asset not built for the host: ") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

func TestLoadArtillery(t *testing.T) {
	const url = "https://abcdefghij.lambda-url.eu-west-1.on.aws/"
	t.Run("writes the script to stdout", func(t *testing.T) {
		code, stdout, stderr := runCLI("load", "--url", url)
		if code != 0 || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		for _, want := range []string{`target: "https://abcdefghij.lambda-url.eu-west-1.on.aws"`, "duration: 60", "arrivalRate: 10", "rampTo: 100", "npx artillery@" + localinvoke.ArtilleryVersion + " run"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("script misses %q:\n%s", want, stdout)
			}
		}
	})
	t.Run("writes the script to a file and says how to run it", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "ramp.yml")
		code, stdout, _ := runCLI("load", "--url", url, "--artillery", file, "--rate", "1", "--ramp-to", "20", "--duration", "30s")
		b, err := os.ReadFile(file)
		if code != 0 || err != nil || !bytes.Contains(b, []byte("rampTo: 20")) {
			t.Fatalf("exit %d, %v, script:\n%s", code, err, b)
		}
		if !strings.Contains(stdout, "Run it with: npx artillery@"+localinvoke.ArtilleryVersion+" run "+file) || !strings.Contains(stdout, "Nothing was sent.") {
			t.Errorf("stdout:\n%s", stdout)
		}
		if p, err := os.ReadFile(filepath.Join(filepath.Dir(file), localinvoke.ArtilleryProcessorFile)); err != nil || !bytes.Contains(p, []byte("lambdaperfSign")) {
			t.Errorf("processor beside the script: %v", err)
		}
		if bytes.Contains(b, []byte("ensure:")) {
			t.Errorf("no function, no budget flags: no ensure checks\n%s", b)
		}
	})
	t.Run("the function's budget becomes the script's ensure checks, flags override it", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "ramp.yml")
		code, stdout, stderr := runCLI("load", "--url", url, "--artillery", file, "--max-error-rate", "0.5", invokeAssembly(t), "Test/Echo")
		b, _ := os.ReadFile(file)
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		for _, want := range []string{"http.response_time.p99 <= 4000", "(lambdaperf.errors + vusers.failed) / vusers.created * 100 <= 0.5", "timeout: 5", `processor: "./lambdaperf-artillery.cjs"`} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("script misses %q:\n%s", want, b)
			}
		}
		if want := "Budget (ensure): p99 <= 4,000 ms (80 % of the 5 s timeout: no p99 duration alarm on the function in the template); errors <= 0.5 % (--max-error-rate)"; !strings.Contains(stdout, want) {
			t.Errorf("stdout misses %q:\n%s", want, stdout)
		}
	})
}

func TestLoadBadInput(t *testing.T) {
	asm := invokeAssembly(t)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", nil, "missing ASSEMBLY (a cdk.out folder) and FUNCTION, or --url"},
		{"no function", []string{asm}, "missing FUNCTION after " + asm},
		{"an unknown function", []string{asm, "Nope"}, `unknown function "Nope" in ` + asm + "; available: "},
		{"a negative rate", []string{"--rate", "-1", asm, "Test/Echo"}, "--rate must be 0..1000 requests/s, got -1"},
		{"a rate too high", []string{"--ramp-to", "5000", asm, "Test/Echo"}, "--ramp-to must be 0..1000 requests/s, got 5000"},
		{"no rate at all", []string{"--rate", "0", "--ramp-to", "0", asm, "Test/Echo"}, "rate and ramp-to are both 0: nothing to send"},
		{"a zero duration", []string{"--duration", "0s", asm, "Test/Echo"}, "--duration must be more than 0 and at most 15m0s, got 0s"},
		{"a duration that is not one", []string{"--duration", "60", asm, "Test/Echo"}, `invalid value "60" for --duration`},
		{"no instances", []string{"--instances", "0", asm, "Test/Echo"}, "--instances must be 1..64, got 0"},
		{"no requests", []string{"--max-requests", "0", asm, "Test/Echo"}, "--max-requests must be 1 or more, got 0"},
		{"a bad format", []string{"--format", "csv", asm, "Test/Echo"}, `--format must be text or json, got "csv"`},
		{"a chart in a missing folder", []string{"--svg", filepath.Join(asm, "no", "c.svg"), asm, "Test/Echo"}, "--svg: cannot write " + filepath.Join(asm, "no", "c.svg") + ": no such file or directory"},
		{"--artillery without --url", []string{"--artillery", "x.yml", asm, "Test/Echo"}, "--artillery needs --url"},
		{"--url with an assembly and no function", []string{"--url", "https://x.lambda-url.us-east-1.on.aws", asm}, "with --url, load takes no arguments, or ASSEMBLY FUNCTION for the function's budget and timeout"},
		{"--url with an unknown function", []string{"--url", "https://x.lambda-url.us-east-1.on.aws", asm, "Nope"}, `unknown function "Nope"`},
		{"a negative p99 budget", []string{"--p99", "-1s", asm, "Test/Echo"}, "--p99 must be 0 (no budget) or more, got -1s"},
		{"an error budget above 100 %", []string{"--max-error-rate", "150", asm, "Test/Echo"}, "--max-error-rate must be a percent, 0..100 (negative for no budget), got 150"},
		{"--compare with one report", []string{"--compare", "a.json"}, "--compare takes two report files and no --url"},
		{"--compare of what is no report", []string{"--compare", writeTemp(t, "x.json", `{"a": 1}`), writeTemp(t, "y.json", `{}`)}, "is neither a `lambdaperf load --format json` report nor an `artillery run --output` report"},
		{"--url that is not a URL", []string{"--url", "ftp://x"}, "--url: url must be an http(s) URL"},
		{"--url with fractional rates", []string{"--url", "https://x.on.aws", "--rate", "0.5"}, "whole requests/s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"load"}, c.args...)...)
			checkUsageError(t, code, stdout, stderr, c.want, loadHint)
		})
	}
}

// checkLoadSVG asserts the chart is well-formed with its labels.
func checkLoadSVG(t *testing.T, path string) {
	t.Helper()
	checkWellFormed(t, path)
	b, _ := os.ReadFile(path)
	for _, want := range []string{"<svg", "Latency per request (ms, log scale)", "Requests per second", "cold start", "p99 per second", "time since the start of the run (s)"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s misses %q", path, want)
		}
	}
}

// loadReport is a fixed run for the chart and text goldens: a ramp from 10
// to 40 requests/s over 4 s, two cold starts, a slow second and an error.
func loadReport() *localinvoke.LoadReport {
	rep := &localinvoke.LoadReport{Function: "Api/Orders/Function", Runtime: "nodejs24.x", MemorySizeMB: 512, Instances: 4, InstancesUsed: 2, CPUs: 2, ElapsedSec: 4.02}
	rep.Ramp.From, rep.Ramp.To, rep.Ramp.DurationSec = 10, 40, 4
	ramp := localinvoke.Ramp{From: 10, To: 40, Duration: 4 * time.Second}
	var lat, dur, wait, init []time.Duration
	seconds := map[int]*localinvoke.Second{}
	for i, at := range ramp.Arrivals(0) {
		s := localinvoke.Sample{At: at, Sent: true, Answered: true, Instance: i % 2}
		s.Duration = time.Duration(1500+(i*37)%900) * time.Microsecond
		s.Latency = s.Duration + 900*time.Microsecond
		switch {
		case i < 2:
			s.Cold, s.Init = true, time.Duration(180+i*20)*time.Millisecond
			s.Latency += s.Init
		case at >= 2*time.Second && at < 3*time.Second && i%5 == 0:
			s.Latency += 25 * time.Millisecond // a slow second
		case i == 61:
			s.Error = "TypeError"
		}
		rep.Samples = append(rep.Samples, s)
		b := seconds[int(at/time.Second)]
		if b == nil {
			b = &localinvoke.Second{Second: int(at / time.Second)}
			seconds[b.Second] = b
		}
		b.Due++
		b.Answered++
		if s.Cold {
			b.ColdStart++
			init = append(init, s.Init)
		}
		if s.Error != "" {
			b.Errors++
		}
		lat, dur, wait = append(lat, s.Latency), append(dur, s.Duration), append(wait, 0)
	}
	for sec := 0; sec < 4; sec++ {
		var ls []time.Duration
		for _, s := range rep.Samples {
			if int(s.At/time.Second) == sec {
				ls = append(ls, s.Latency)
			}
		}
		st := localinvoke.NewStats(ls)
		b := seconds[sec]
		b.P50, b.P99, b.Max = st.P50, st.P99, st.Max
		rep.Timeline = append(rep.Timeline, *b)
	}
	rep.Scheduled, rep.Sent, rep.Answered, rep.Errors, rep.ColdStarts = len(rep.Samples), len(rep.Samples), len(rep.Samples), 1, 2
	rep.ErrorTypes = map[string]int{"TypeError": 1}
	rep.ErrorExamples = map[string]string{"TypeError": "Cannot read properties of undefined (reading 'id'); last output: ERROR Invoke Error TypeError"}
	rep.Latency, rep.Duration, rep.Wait, rep.Init = localinvoke.NewStats(lat), localinvoke.NewStats(dur), localinvoke.NewStats(wait), localinvoke.NewStats(init)
	rep.MaxMemoryUsedMB = 71
	rep.Notes = []string{"the function's runtime is nodejs24.x, the local Node.js is v20.20.2"}
	return rep
}

func TestLoadReportRendering(t *testing.T) {
	rep := loadReport()
	var text, svg bytes.Buffer
	writeLoadText(&text, rep, "cdk.out/lambdaperf-load-OrdersFunction.svg")
	golden(t, "load.txt", text.String())
	writeLoadChart(&svg, rep)
	golden(t, "load.svg", svg.String())
	path := filepath.Join(t.TempDir(), "load.svg")
	if err := os.WriteFile(path, svg.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	checkLoadSVG(t, path)

	t.Run("an emulated run with a budget says both", func(t *testing.T) {
		rep.Emulated = "qemu-aarch64"
		rep.Budget = rep.CheckBudget(localinvoke.Budget{P99: time.Millisecond, P99Source: "SLO", MaxErrorRatePercent: 0, ErrorRateSource: "alarm"})
		var text, svg bytes.Buffer
		writeLoadText(&text, rep, "c.svg")
		writeLoadChart(&svg, rep)
		for _, want := range []string{"on 127.0.0.1, emulated by qemu-aarch64", "EMULATED: the runtime ran under qemu-aarch64", "budget       BREACHED: p99 <= 1.00 ms (SLO); errors <= 0 % (alarm)",
			"  breach: error rate 1 % (1 of 100 requests", "  skipped: p99 budget 1.00 ms: the timings are emulated (qemu-aarch64), not checked"} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("text misses %q:\n%s", want, text.String())
			}
		}
		if !strings.Contains(svg.String(), "Local load test (EMULATED by qemu-aarch64: behaviour, not speed)") {
			t.Error("the chart does not say the run was emulated")
		}
	})
}

func TestLoadCompare(t *testing.T) {
	dir := t.TempDir()
	local := loadReport()
	local.Budget = local.CheckBudget(localinvoke.Budget{P99: 200 * time.Millisecond, MaxErrorRatePercent: 1})
	b, err := json.Marshal(local)
	if err != nil {
		t.Fatal(err)
	}
	before := writeTemp(t, "before.json", string(b))
	after := filepath.Join("testdata", "artillery-report.json")
	chart := filepath.Join(dir, "compare.svg")
	code, stdout, stderr := runCLI("load", "--compare", "--svg", chart, before, after)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden(t, "compare.txt", strings.ReplaceAll(stdout, chart, "compare.svg"))
	svg, _ := os.ReadFile(chart)
	golden(t, "compare.svg", string(svg))
	checkWellFormed(t, chart)
	for _, want := range []string{"Load tests side by side: before.json and artillery-report.json", "Latency percentiles (ms, log scale)", "p99 over time (ms, log scale)", "stroke-dasharray"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("chart misses %q", want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	lo, hi := logBounds([]float64{0.8, 250})
	if lo != 0.1 || hi != 1000 {
		t.Errorf("logBounds = %v, %v", lo, hi)
	}
	got := logTicks(1, 100)
	want := []float64{1, 2, 5, 10, 20, 50, 100}
	if len(got) != len(want) {
		t.Fatalf("logTicks = %v", got)
	}
	for i := range got {
		if got[i] < want[i]*0.999 || got[i] > want[i]*1.001 {
			t.Errorf("logTicks = %v, want %v", got, want)
		}
	}
	if n := len(logTicks(0.01, 1e4)); n != 7 {
		t.Errorf("six decades: %d ticks, want the 7 powers of ten", n)
	}
}

// checkWellFormed asserts path is well-formed XML.
func checkWellFormed(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", path, err)
		}
	}
}
