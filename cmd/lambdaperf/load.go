package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/localinvoke"
)

func init() {
	commands["load"] = runLoad
	summaries["load"] = "load-test a function under local emulators (p50/p95/p99, cold starts, chart), or write an Artillery script"
}

// defaultMaxRequests bounds a load run unless --max-requests says otherwise.
const defaultMaxRequests = 10_000

func runLoad(args []string, stdout, stderr io.Writer) int {
	stderr = &syncWriter{w: stderr}
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	rf := addRunFlags(fs)
	rate := fs.Float64("rate", localinvoke.PlaybookRamp.From, "arrival rate at the start, in `requests/s`")
	rampTo := fs.Float64("ramp-to", localinvoke.PlaybookRamp.To, "arrival rate at the end, in `requests/s` (linear ramp; equal to --rate for a constant rate)")
	duration := fs.Duration("duration", localinvoke.PlaybookRamp.Duration, "length of the ramp (`duration`, e.g. 60s)")
	maxRequests := fs.Int("max-requests", defaultMaxRequests, "send at most `N` requests")
	instances := fs.Int("instances", localinvoke.DefaultInstances, "emulator pool size `N`: the function's concurrency; each instance's first request is a cold start\n    \t(on Managed Instances: the execution environments, default 1, each at its per-environment concurrency)")
	format := fs.String("format", "text", "output `format`: text or json")
	svgPath := fs.String("svg", "", "write the latency chart to `FILE` (default: lambdaperf-load-<logical id>.svg in the assembly folder)")
	target := fs.String("url", "", "a Function `URL` (deployed, or `lambdaperf serve`'s): write an Artillery script for the same ramp instead of running locally")
	artillery := fs.String("artillery", "", "with --url, write the Artillery script to `FILE` and its SigV4 processor beside it (default: the script alone, to stdout)")
	p99 := fs.Duration("p99", 0, "latency budget: exit 1 when the p99 is above `DURATION`; 0 for none (default: the function's\n    \tp99 alarm threshold, its monitoring latency SLO, else 80 % of its timeout)")
	maxErrorRate := fs.Float64("max-error-rate", 0, "error budget: exit 1 when more than `PERCENT` of the requests fail; negative for none\n    \t(default: the function's error-rate alarm threshold, else 1)")
	compare := fs.Bool("compare", false, "draw two load reports side by side: load --compare [--svg FILE] BEFORE.json AFTER.json\n    \t(lambdaperf load --format json, or artillery run --output)")
	setUsage(fs, "[flags] ASSEMBLY FUNCTION\n       lambdaperf load --url URL [--artillery FILE] [flags] [ASSEMBLY FUNCTION]\n       lambdaperf load --compare [--svg FILE] REPORT REPORT",
		"Sends the playbook's load ramp (--rate rising linearly to --ramp-to requests/s over\n"+
			"--duration) to FUNCTION of a cloud assembly running on this machine under a pool\n"+
			"of AWS Lambda Runtime Interface Emulators, on 127.0.0.1 only, and reports latency\n"+
			"p50/p95/p99/max, the handler's duration, cold starts and errors, as a table (or\n"+
			"JSON), with an SVG chart of latency over time. The run is bounded: --max-requests,\n"+
			"and the ramp plus a drain of the function's timeout (at most 30 s).\n\n"+
			"Like Lambda, a request goes to an idle warm instance, else to an unused one (a cold\n"+
			"start), else waits: --instances is the concurrency limit. The instances share this\n"+
			"machine's CPUs, so compare runs on one machine rather than with Lambda.\n\n"+
			"A function on a Managed Instances capacity provider runs in --instances execution\n"+
			"environments (default 1), each with its per-environment concurrency and the\n"+
			"runtime's own way of running invocations at once (Node.js worker threads, Python\n"+
			"processes), initialized before the first request. The report says what such a run\n"+
			"cannot reproduce (instance scaling, the 3-instance minimum, throttles, the instance\n"+
			"type's CPUs), and counts answers that name another invocation's request id: a\n"+
			"concurrency bug, which fails the run.\n\n"+
			"The run is gated on a budget, as a deploy is: the p99 latency (--p99) and the error\n"+
			"rate (--max-error-rate: errors, unanswered and dropped requests), by default the\n"+
			"function's own alarms from the template. Emulated timings (another architecture\n"+
			"under QEMU) are not checked against --p99.\n\n"+
			"With --url, nothing runs: the same ramp is written as an Artillery script, with the\n"+
			"same budget as `ensure` checks (from ASSEMBLY FUNCTION when given, or the flags),\n"+
			"and with --artillery FILE a processor that signs requests for AWS_IAM URLs (run it\n"+
			"with npx artillery@"+localinvoke.ArtilleryVersion+" run FILE, here or with run-fargate/run-lambda).\n\n"+
			"Exit status: 0 when the run kept its budget, 1 when it did not (or showed a\n"+
			"concurrency bug), 2 for bad flags or input, or a function that cannot run here.")

	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "load", format, a...) }
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *compare {
		if *target != "" || *artillery != "" || len(rest) != 2 {
			return bad("--compare takes two report files and no --url: load --compare BEFORE.json AFTER.json")
		}
		return compareReports(stdout, stderr, rest[0], rest[1], *svgPath)
	}
	ramp := localinvoke.Ramp{From: *rate, To: *rampTo, Duration: *duration}
	switch {
	case *format != "text" && *format != "json":
		return bad("--format must be text or json, got %q", *format)
	case *maxRequests < 1:
		return bad("--max-requests must be 1 or more, got %d", *maxRequests)
	case *instances < 1 || *instances > localinvoke.MaxInstances:
		return bad("--instances must be 1..%d, got %d", localinvoke.MaxInstances, *instances)
	case *artillery != "" && *target == "":
		return bad("--artillery needs --url: locally the ramp runs instead")
	case *p99 < 0:
		return bad("--p99 must be 0 (no budget) or more, got %v", *p99)
	case *maxErrorRate > 100 || math.IsNaN(*maxErrorRate):
		return bad("--max-error-rate must be a percent, 0..100 (negative for no budget), got %v", *maxErrorRate)
	}
	if err := ramp.Validate(); err != nil {
		return bad("--%s", strings.ReplaceAll(err.Error(), "\n", "; --"))
	}
	event, err := rf.readEvent()
	if err != nil {
		return bad("%v", err)
	}
	// budget is the function's, or none, with the flags over it.
	budget := func(fn *localinvoke.Function) *localinvoke.Budget {
		b := &localinvoke.Budget{MaxErrorRatePercent: -1}
		if fn != nil {
			*b = localinvoke.FunctionBudget(fn)
		}
		if set["p99"] {
			b.P99, b.P99Source = *p99, "--p99"
		}
		if set["max-error-rate"] {
			b.MaxErrorRatePercent, b.ErrorRateSource = *maxErrorRate, "--max-error-rate"
		}
		if b.P99 <= 0 && b.MaxErrorRatePercent < 0 {
			return nil
		}
		return b
	}

	if *target != "" {
		var fn *localinvoke.Function
		switch {
		case len(rest) == 1 || len(rest) > 2:
			return bad("with --url, load takes no arguments, or ASSEMBLY FUNCTION for the function's budget and timeout")
		case len(rest) == 2:
			if fn, err = rf.loadFunction(rest[0], rest[1]); err != nil {
				return inputError(stderr, "load", err)
			}
		}
		return writeArtillery(stdout, stderr, *target, *artillery, ramp, event, fn, budget(fn))
	}
	if msg := functionArgs("load", rest); msg != "" {
		if len(rest) == 0 {
			msg += ", or --url"
		}
		return bad("%s", msg)
	}
	fn, err := rf.loadFunction(rest[0], rest[1])
	if err != nil {
		return inputError(stderr, "load", err)
	}
	chart := *svgPath
	if chart == "" {
		dir := rest[0]
		if info, err := os.Stat(dir); err == nil && !info.IsDir() {
			dir = filepath.Dir(dir)
		}
		// The logical id is the template's: one safe file-name component.
		chart = filepath.Join(dir, "lambdaperf-load-"+untrusted.SafeName(fn.LogicalID)+".svg")
	}
	if err := checkWritable(chart); err != nil {
		return bad("--svg: cannot write %s: %v", chart, err)
	}

	ctx, stop := signalContext()
	defer stop()
	opts := rf.options(io.Discard) // thousands of invocations: their output is not shown
	if rf.verbose {
		opts.Output, opts.EmulatorLog = stderr, stderr
	}
	pool := *instances
	if !set["instances"] {
		pool = 0 // the library's default: 1 environment on Managed Instances
	}
	rep, err := localinvoke.RunLoad(ctx, fn, localinvoke.LoadOptions{
		Options: opts, Ramp: ramp, MaxRequests: *maxRequests, Instances: pool, Event: event, Budget: budget(fn),
	})
	if rep == nil {
		return runError(stderr, "load", err)
	}
	var svg bytes.Buffer
	writeLoadChart(&svg, rep)
	if werr := writeOutput(chart, svg.Bytes()); werr != nil {
		fmt.Fprintf(stderr, "lambdaperf load: --svg: cannot write %s: %v\n", chart, pathErr(werr))
		return exitUsage
	}
	if *format == "json" {
		if jerr := writeJSON(stdout, rep); jerr != nil {
			fmt.Fprintf(stderr, "lambdaperf load: %v\n", jerr)
			return exitUsage
		}
	} else {
		writeLoadText(stdout, rep, chart)
	}
	if err != nil {
		return runError(stderr, "load", err)
	}
	if rep.Budget != nil && len(rep.Budget.Breaches) > 0 {
		return exitFunctionError
	}
	if m := rep.ManagedInstances; m != nil && m.CrossTalk > 0 {
		fmt.Fprintf(stderr, "lambdaperf load: concurrency bug: %s answered another invocation's request id (%s)\n", plural(m.CrossTalk, "answer"), m.CrossTalkExample)
		return exitFunctionError
	}
	return 0
}

// writeJSON writes v indented, without HTML escapes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// checkWritable fails early, before a long run, when path cannot be written.
// A link or FIFO at path is refused here, as writeOutput would refuse it
// after the run.
func checkWritable(path string) error {
	info, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return pathErr(err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", filepath.Dir(path))
	}
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%v): refusing to write through it", path, info.Mode().Type())
	}
	return nil
}

// writeArtillery writes the script to file, with the processor beside it,
// or the script alone to stdout.
func writeArtillery(stdout, stderr io.Writer, target, file string, ramp localinvoke.Ramp, event []byte, fn *localinvoke.Function, budget *localinvoke.Budget) int {
	timeout := 30
	if fn != nil {
		timeout = fn.TimeoutSec
	}
	cfg, err := localinvoke.ArtilleryScript(localinvoke.ArtilleryOptions{
		Target: target, Ramp: ramp, Event: event, TimeoutSec: timeout, Budget: budget, Processor: file != "",
	})
	if err != nil {
		return usageError(stderr, "load", "--url: %v", err)
	}
	if file == "" {
		stdout.Write(cfg)
		return 0
	}
	processor := filepath.Join(filepath.Dir(file), localinvoke.ArtilleryProcessorFile)
	for _, f := range []struct {
		path string
		data []byte
	}{{file, cfg}, {processor, localinvoke.ArtilleryProcessor()}} {
		if err := writeOutput(f.path, f.data); err != nil {
			return usageError(stderr, "load", "--artillery: cannot write %s: %v", f.path, pathErr(err))
		}
	}
	fmt.Fprintf(stdout, "Artillery script: %s (%g -> %g requests/s over %v, %d requests, to %s)\n",
		file, ramp.From, ramp.To, ramp.Duration, ramp.Count(), target)
	fmt.Fprintf(stdout, "Processor: %s (SigV4 from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN; 5xx, 429, 403 count as errors)\n", processor)
	if budget != nil {
		fmt.Fprintf(stdout, "Budget (ensure): %s\n", budgetLine(*budget))
	}
	fmt.Fprintf(stdout, "Run it with: npx artillery@%s run %s\n", localinvoke.ArtilleryVersion, file)
	fmt.Fprintln(stdout, "Nothing was sent.")
	return 0
}

// budgetLine says what a budget checks and where its values come from.
func budgetLine(b localinvoke.Budget) string {
	var parts []string
	if b.P99 > 0 {
		parts = append(parts, fmt.Sprintf("p99 <= %s ms (%s)", fmtMs(float64(b.P99)/float64(time.Millisecond)), b.P99Source))
	}
	if b.MaxErrorRatePercent >= 0 {
		parts = append(parts, fmt.Sprintf("errors <= %g %% (%s)", b.MaxErrorRatePercent, b.ErrorRateSource))
	}
	return strings.Join(parts, "; ")
}

func writeLoadText(w io.Writer, r *localinvoke.LoadReport, chart string) {
	emulated := ""
	if r.Emulated != "" {
		emulated = ", emulated by " + r.Emulated
	}
	m := r.ManagedInstances
	if m != nil {
		fmt.Fprintf(w, "lambdaperf load: %s (%s, %d MiB) on Managed Instances, under lambdaperf's Runtime API on 127.0.0.1%s\n", r.Function, r.Runtime, r.MemorySizeMB, emulated)
		fmt.Fprintf(w, "ramp %g -> %g requests/s over %gs; %s x %d concurrent on %s; %.1fs elapsed\n",
			r.Ramp.From, r.Ramp.To, r.Ramp.DurationSec, plural(r.Instances, "execution environment"), m.LocalConcurrency, plural(r.CPUs, "CPU"), r.ElapsedSec)
		local := ""
		if m.LocalConcurrency != m.Concurrency {
			local = fmt.Sprintf("; %d here", m.LocalConcurrency)
		}
		fmt.Fprintf(w, "concurrency  %d per environment (%s%s)\n", m.Concurrency, m.ConcurrencySource, local)
		fmt.Fprintf(w, "runtime      %s\n\n", m.Model)
	} else {
		fmt.Fprintf(w, "lambdaperf load: %s (%s, %d MiB) under the Lambda runtime emulator on 127.0.0.1%s\n", r.Function, r.Runtime, r.MemorySizeMB, emulated)
		fmt.Fprintf(w, "ramp %g -> %g requests/s over %gs; %s on %s; %.1fs elapsed\n\n",
			r.Ramp.From, r.Ramp.To, r.Ramp.DurationSec, plural(r.Instances, "emulator instance"), plural(r.CPUs, "CPU"), r.ElapsedSec)
	}
	fmt.Fprintf(w, "requests     due %d, sent %d, answered %d, dropped %d, errors %d\n", r.Scheduled, r.Sent, r.Answered, r.Dropped, r.Errors)
	if len(r.ErrorTypes) > 0 {
		types := make([]string, 0, len(r.ErrorTypes))
		for t, n := range r.ErrorTypes {
			types = append(types, fmt.Sprintf("%s %d", t, n))
		}
		sort.Strings(types)
		fmt.Fprintf(w, "error types  %s\n", strings.Join(types, ", "))
		examples := make([]string, 0, len(r.ErrorExamples))
		for t := range r.ErrorExamples {
			examples = append(examples, t)
		}
		sort.Strings(examples)
		for _, t := range examples {
			fmt.Fprintf(w, "  first %s: %s\n", t, r.ErrorExamples[t])
		}
	}
	if m != nil {
		env := m.Environments
		fmt.Fprintf(w, "environments %d initialized before traffic (used %d of %d), init p50 %s ms, max %s ms; no cold starts on the request path\n",
			env.Inits, r.InstancesUsed, r.Instances, fmtMs(env.Init.P50), fmtMs(env.Init.Max))
		fmt.Fprintf(w, "in flight    at most %d invocations at once in one environment (of %d)\n", env.PeakInFlight, m.LocalConcurrency)
		if m.CrossTalk > 0 {
			fmt.Fprintf(w, "CONCURRENCY BUG %s named another invocation's request id: state kept between invocations leaks (%s)\n", plural(m.CrossTalk, "answer"), m.CrossTalkExample)
		} else {
			fmt.Fprintln(w, "cross-talk   none: no answer named another invocation's request id")
		}
	} else {
		fmt.Fprintf(w, "cold starts  %d (instances used %d of %d)", r.ColdStarts, r.InstancesUsed, r.Instances)
		if r.Init.Count > 0 {
			fmt.Fprintf(w, ", init duration p50 %s ms, max %s ms", fmtMs(r.Init.P50), fmtMs(r.Init.Max))
		}
		fmt.Fprintln(w)
	}
	if m != nil {
		fmt.Fprintf(w, "max memory   %d MB used (an environment's runtime processes together) of %d MB\n\n", r.MaxMemoryUsedMB, r.MemorySizeMB)
	} else {
		fmt.Fprintf(w, "max memory   %d MB used (peak RSS of a runtime process) of %d MB\n\n", r.MaxMemoryUsedMB, r.MemorySizeMB)
	}
	fmt.Fprintf(w, "%-12s%9s%9s%9s%9s\n", "", "p50", "p95", "p99", "max")
	for _, row := range []struct {
		name string
		s    localinvoke.Stats
	}{{"latency ms", r.Latency}, {"duration ms", r.Duration}, {"wait ms", r.Wait}} {
		fmt.Fprintf(w, "%-12s%9s%9s%9s%9s\n", row.name, fmtMs(row.s.P50), fmtMs(row.s.P95), fmtMs(row.s.P99), fmtMs(row.s.Max))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "latency: request sent to answer on loopback, waiting for a busy pool included;")
	fmt.Fprintln(w, "duration: the handler's own time; wait: time queued for a free instance.")
	if r.Emulated != "" {
		fmt.Fprintf(w, "EMULATED: the runtime ran under %s; these timings check behaviour, not speed.\n", r.Emulated)
	}
	if b := r.Budget; b != nil {
		verdict := "kept"
		if len(b.Breaches) > 0 {
			verdict = "BREACHED"
		}
		fmt.Fprintf(w, "budget       %s: %s\n", verdict, budgetLine(b.Budget))
		for _, line := range b.Breaches {
			fmt.Fprintf(w, "  breach: %s\n", line)
		}
		for _, line := range b.Skipped {
			fmt.Fprintf(w, "  skipped: %s\n", line)
		}
	}
	fmt.Fprintf(w, "Chart: %s\n", chart)
	printNotes(w, r.Notes)
	if m != nil {
		for _, line := range m.NotEmulated {
			fmt.Fprintf(w, "not reproduced here: %s\n", line)
		}
	}
}

// fmtMs prints milliseconds with two decimals below 100, none above.
func fmtMs(v float64) string {
	if v >= 100 {
		return groupFloat(v, 0)
	}
	return fmt.Sprintf("%.2f", v)
}
