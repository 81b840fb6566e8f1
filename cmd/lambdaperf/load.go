package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

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
	instances := fs.Int("instances", localinvoke.DefaultInstances, "emulator pool size `N`: the function's concurrency; each instance's first request is a cold start")
	format := fs.String("format", "text", "output `format`: text or json")
	svgPath := fs.String("svg", "", "write the latency chart to `FILE` (default: lambdaperf-load-<logical id>.svg in the assembly folder)")
	target := fs.String("url", "", "a deployed Function `URL`: write an Artillery script for the same ramp instead of running locally")
	artillery := fs.String("artillery", "", "with --url, write the Artillery script to `FILE` (default: stdout)")
	setUsage(fs, "[flags] ASSEMBLY FUNCTION\n       lambdaperf load --url URL [flags]",
		"Sends the playbook's load ramp (--rate rising linearly to --ramp-to requests/s over\n"+
			"--duration) to FUNCTION of a cloud assembly running on this machine under a pool\n"+
			"of AWS Lambda Runtime Interface Emulators, on 127.0.0.1 only, and reports latency\n"+
			"p50/p95/p99/max, the handler's duration, cold starts and errors, as a table (or\n"+
			"JSON), with an SVG chart of latency over time. The run is bounded: --max-requests,\n"+
			"and the ramp plus a drain of the function's timeout (at most 30 s).\n\n"+
			"Like Lambda, a request goes to an idle warm instance, else to an unused one (a cold\n"+
			"start), else waits: --instances is the concurrency limit. The instances share this\n"+
			"machine's CPUs, so compare runs on one machine rather than with Lambda.\n\n"+
			"With --url, nothing runs: the same ramp is written as an Artillery script for the\n"+
			"deployed Function URL (run it with npx artillery run FILE).\n\n"+
			"Exit status: 0 when every request was answered without error, 1 otherwise, 2 for\n"+
			"bad flags or input, or a function that cannot run here.")

	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "load", format, a...) }
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
	}
	if err := ramp.Validate(); err != nil {
		return bad("--%s", strings.ReplaceAll(err.Error(), "\n", "; --"))
	}
	event, err := rf.readEvent()
	if err != nil {
		return bad("%v", err)
	}

	if *target != "" {
		if len(rest) > 0 {
			return bad("unexpected argument %q: with --url, load takes no ASSEMBLY or FUNCTION", rest[0])
		}
		return writeArtillery(stdout, stderr, *target, *artillery, ramp, event)
	}
	switch {
	case len(rest) == 0:
		return bad("missing ASSEMBLY (a cdk.out folder) and FUNCTION, or --url")
	case len(rest) == 1:
		return bad("missing FUNCTION after %s: a logical id or a construct path", rest[0])
	case len(rest) > 2:
		return bad("unexpected argument %q: load takes ASSEMBLY and FUNCTION", rest[2])
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
		chart = filepath.Join(dir, "lambdaperf-load-"+fn.LogicalID+".svg")
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
	rep, err := localinvoke.RunLoad(ctx, fn, localinvoke.LoadOptions{
		Options: opts, Ramp: ramp, MaxRequests: *maxRequests, Instances: *instances, Event: event,
	})
	if rep == nil {
		return runError(stderr, "load", err)
	}
	var svg bytes.Buffer
	writeLoadChart(&svg, rep)
	if werr := os.WriteFile(chart, svg.Bytes(), 0o644); werr != nil {
		fmt.Fprintf(stderr, "lambdaperf load: --svg: cannot write %s: %v\n", chart, pathErr(werr))
		return exitUsage
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if jerr := enc.Encode(rep); jerr != nil {
			fmt.Fprintf(stderr, "lambdaperf load: %v\n", jerr)
			return exitUsage
		}
	} else {
		writeLoadText(stdout, rep, chart)
	}
	if err != nil {
		return runError(stderr, "load", err)
	}
	if rep.Errors > 0 || rep.Dropped > 0 || rep.Answered < rep.Scheduled {
		return exitFunctionError
	}
	return 0
}

// checkWritable fails early, before a long run, when path cannot be written.
func checkWritable(path string) error {
	info, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return pathErr(err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", filepath.Dir(path))
	}
	return nil
}

func writeArtillery(stdout, stderr io.Writer, target, file string, ramp localinvoke.Ramp, event []byte) int {
	cfg, err := localinvoke.ArtilleryConfig(target, ramp, event, 30)
	if err != nil {
		return usageError(stderr, "load", "--url: %v", err)
	}
	if file == "" {
		stdout.Write(cfg)
		return 0
	}
	if err := os.WriteFile(file, cfg, 0o644); err != nil {
		return usageError(stderr, "load", "--artillery: cannot write %s: %v", file, pathErr(err))
	}
	fmt.Fprintf(stdout, "Artillery script: %s (%g -> %g requests/s over %v, %d requests, to %s)\n",
		file, ramp.From, ramp.To, ramp.Duration, ramp.Count(), target)
	fmt.Fprintf(stdout, "Run it with: npx artillery@latest run %s\n", file)
	fmt.Fprintln(stdout, "Nothing was sent. An AWS_IAM Function URL answers 403 to unsigned requests: see the script's header.")
	return 0
}

func writeLoadText(w io.Writer, r *localinvoke.LoadReport, chart string) {
	fmt.Fprintf(w, "lambdaperf load: %s (%s, %d MiB) under the Lambda runtime emulator on 127.0.0.1\n", r.Function, r.Runtime, r.MemorySizeMB)
	fmt.Fprintf(w, "ramp %g -> %g requests/s over %gs; %s on %s; %.1fs elapsed\n\n",
		r.Ramp.From, r.Ramp.To, r.Ramp.DurationSec, plural(r.Instances, "emulator instance"), plural(r.CPUs, "CPU"), r.ElapsedSec)
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
	fmt.Fprintf(w, "cold starts  %d (instances used %d of %d)", r.ColdStarts, r.InstancesUsed, r.Instances)
	if r.Init.Count > 0 {
		fmt.Fprintf(w, ", init duration p50 %s ms, max %s ms", fmtMs(r.Init.P50), fmtMs(r.Init.Max))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "max memory   %d MB used (peak RSS of a runtime process) of %d MB\n\n", r.MaxMemoryUsedMB, r.MemorySizeMB)
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
	fmt.Fprintf(w, "Chart: %s\n", chart)
	printNotes(w, r.Notes)
}

// fmtMs prints milliseconds with two decimals below 100, none above.
func fmtMs(v float64) string {
	if v >= 100 {
		return groupFloat(v, 0)
	}
	return fmt.Sprintf("%.2f", v)
}

// Load chart geometry and colours, in SVG user units.
const (
	loadWidth   = 900
	loadHeight  = 660
	loadLeft    = 90
	loadRight   = loadWidth - 40
	latTop      = 124
	latBottom   = 384
	rateTop     = 464
	rateBottom  = 584
	dotColor    = "#7a9cc6"
	p50Color    = "#1f6fb2"
	p99Color    = "#c4421a"
	coldColor   = "#d62728"
	errColor    = "#000000"
	dueColor    = "#888888"
	answerColor = "#2e7d32"
	maxDots     = 4000
)

// writeLoadChart draws latency over time (every request as a dot on a log
// scale, cold starts and errors marked, p50 and p99 per second as lines)
// above the requests per second due and answered.
func writeLoadChart(w io.Writer, r *localinvoke.LoadReport) {
	end := r.Ramp.DurationSec
	for _, s := range r.Samples {
		if s.Answered {
			end = math.Max(end, (s.At + s.Wait + s.Latency).Seconds())
		}
	}
	_, _, xStep, _ := niceScale(0, math.Max(end, 1))
	xHi := math.Ceil(math.Max(end, 1)/xStep-1e-9) * xStep
	x := func(sec float64) float64 { return loadLeft + sec/xHi*float64(loadRight-loadLeft) }

	var lats []float64
	for _, s := range r.Samples {
		if s.Answered {
			lats = append(lats, msOf(s.Latency))
		}
	}
	lo, hi := logBounds(lats)
	y := func(ms float64) float64 {
		v := math.Log10(math.Max(ms, lo))
		return latBottom - (v-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))*float64(latBottom-latTop)
	}

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" fill="%s">`+"\n",
		loadWidth, loadHeight, loadWidth, loadHeight, inkColor)
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", loadWidth, loadHeight)
	fmt.Fprintf(w, `<text x="%d" y="34" font-size="19" font-weight="bold">Local load test: %s</text>`+"\n", loadLeft-60, html.EscapeString(r.Function))
	fmt.Fprintf(w, `<text x="%d" y="58" font-size="13">%s, %d MiB · ramp %g → %g requests/s over %gs · %s on %s, 127.0.0.1</text>`+"\n",
		loadLeft-60, html.EscapeString(r.Runtime), r.MemorySizeMB, r.Ramp.From, r.Ramp.To, r.Ramp.DurationSec,
		plural(r.Instances, "emulator"), plural(r.CPUs, "CPU"))

	// Latency panel.
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="14" font-weight="bold">Latency per request (ms, log scale): p50 %s · p95 %s · p99 %s · max %s</text>`+"\n",
		loadLeft, latTop-40, fmtMs(r.Latency.P50), fmtMs(r.Latency.P95), fmtMs(r.Latency.P99), fmtMs(r.Latency.Max))
	for _, t := range logTicks(lo, hi) {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`+"\n", loadLeft, y(t), loadRight, y(t), gridColor)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="12" text-anchor="end">%s</text>`+"\n", loadLeft-8, y(t)+4, strings.TrimSuffix(groupFloat(t, tickDecimals(t)), ".0"))
	}
	axes(w, latTop, latBottom, x, xHi, xStep)
	mid := (latTop + latBottom) / 2
	fmt.Fprintf(w, `<text x="24" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 24 %d)">latency (ms)</text>`+"\n", mid, mid)

	stride := 1
	if n := len(r.Samples); n > maxDots {
		stride = (n + maxDots - 1) / maxDots
	}
	fmt.Fprintf(w, `<g fill="%s" fill-opacity="0.55">`+"\n", dotColor)
	for i, s := range r.Samples {
		if s.Answered && !s.Cold && s.Error == "" && i%stride == 0 {
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="1.8"/>`+"\n", x(s.At.Seconds()), y(msOf(s.Latency)))
		}
	}
	fmt.Fprintln(w, `</g>`)
	line := func(color string, width float64, dash string, value func(localinvoke.Second) float64) {
		var pts []string
		for _, b := range r.Timeline {
			if b.Answered > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(b.Second)+0.5), y(value(b))))
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%.1f"%s/>`+"\n", strings.Join(pts, " "), color, width, dash)
		}
	}
	line(p50Color, 2.5, "", func(b localinvoke.Second) float64 { return b.P50 })
	line(p99Color, 2.5, ` stroke-dasharray="6 4"`, func(b localinvoke.Second) float64 { return b.P99 })
	for _, s := range r.Samples {
		switch {
		case s.Answered && s.Error != "":
			cx, cy := x(s.At.Seconds()), y(msOf(s.Latency))
			fmt.Fprintf(w, `<path d="M%.1f %.1fl8 8m0 -8l-8 8" stroke="%s" stroke-width="2"/>`+"\n", cx-4, cy-4, errColor)
		case s.Answered && s.Cold:
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="#ffffff" stroke-width="1.5"/>`+"\n", x(s.At.Seconds()), y(msOf(s.Latency)), coldColor)
		}
	}
	// Legend, in a row above the panel: a mark, then its label.
	ly, lx := latTop-16, float64(loadLeft)
	for _, l := range []struct {
		mark  string
		at    float64
		label string
	}{
		{fmt.Sprintf(`<circle cx="%.1f" cy="%d" r="3" fill="%s"/>`, lx+8, ly-4, dotColor), lx + 20, "request"},
		{fmt.Sprintf(`<circle cx="%.1f" cy="%d" r="5" fill="%s"/>`, lx+98, ly-4, coldColor), lx + 110, fmt.Sprintf("cold start (%d)", r.ColdStarts)},
		{fmt.Sprintf(`<path d="M%.1f %dl8 8m0 -8l-8 8" stroke="%s" stroke-width="2"/>`, lx+219, ly-8, errColor), lx + 232, fmt.Sprintf("error (%d)", r.Errors)},
		{fmt.Sprintf(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="2.5"/>`, lx+315, ly-4, lx+335, ly-4, p50Color), lx + 340, "p50 per second"},
		{fmt.Sprintf(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="2.5" stroke-dasharray="6 4"/>`, lx+455, ly-4, lx+475, ly-4, p99Color), lx + 480, "p99 per second"},
	} {
		fmt.Fprintln(w, l.mark)
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12">%s</text>`+"\n", l.at, ly, l.label)
	}

	// Requests per second panel.
	maxRate := math.Max(r.Ramp.From, r.Ramp.To)
	for _, b := range r.Timeline {
		maxRate = math.Max(maxRate, float64(b.Due))
	}
	_, rHi, rStep, rDec := niceScale(0, math.Max(maxRate, 1))
	yr := func(v float64) float64 { return rateBottom - v/rHi*float64(rateBottom-rateTop) }
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="14" font-weight="bold">Requests per second: <tspan fill="%s">due (ramp)</tspan> and <tspan fill="%s">answered</tspan> · %d of %d answered, %d dropped</text>`+"\n",
		loadLeft, rateTop-22, dueColor, answerColor, r.Answered, r.Scheduled, r.Dropped)
	for v := 0.0; v <= rHi+rStep/2; v += rStep {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`+"\n", loadLeft, yr(v), loadRight, yr(v), gridColor)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="12" text-anchor="end">%s</text>`+"\n", loadLeft-8, yr(v)+4, groupFloat(v, rDec))
	}
	axes(w, rateTop, rateBottom, x, xHi, xStep)
	mid = (rateTop + rateBottom) / 2
	fmt.Fprintf(w, `<text x="24" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 24 %d)">requests/s</text>`+"\n", mid, mid)
	slot := float64(loadRight-loadLeft) / xHi
	for _, b := range r.Timeline {
		h := float64(rateBottom) - yr(float64(b.Answered))
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.6"/>`+"\n",
			x(float64(b.Second))+slot*0.1, yr(float64(b.Answered)), slot*0.8, h, answerColor)
	}
	fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2.5" stroke-dasharray="8 4"/>`+"\n",
		x(0), yr(r.Ramp.From), x(r.Ramp.DurationSec), yr(r.Ramp.To), dueColor)
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="13" text-anchor="middle">time since the start of the run (s)</text>`+"\n", (loadLeft+loadRight)/2, rateBottom+44)
	fmt.Fprintln(w, `</svg>`)
}

// axes draws a panel's frame and the time ticks under it.
func axes(w io.Writer, top, bottom int, x func(float64) float64, xHi, xStep float64) {
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", loadLeft, top, loadLeft, bottom, inkColor)
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", loadLeft, bottom, loadRight, bottom, inkColor)
	for t := 0.0; t <= xHi+xStep/2; t += xStep {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`+"\n", x(t), bottom, x(t), bottom+5, inkColor)
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle">%s</text>`+"\n", x(t), bottom+19, groupFloat(t, tickDecimals(xStep)))
	}
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// logBounds returns powers of ten around the values (0.1..10 ms without any).
func logBounds(vs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, v := range vs {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if hi == 0 {
		return 0.1, 10
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)+1e-9))
	if hi/lo < 100 {
		hi = lo * 100
	}
	return lo, hi
}

// logTicks are 1, 2, 5 times each power of ten from lo to hi, or only the
// powers when the range spans more than four decades.
func logTicks(lo, hi float64) []float64 {
	mults := []float64{1, 2, 5}
	if hi/lo > 1e4 {
		mults = []float64{1}
	}
	var out []float64
	for p := lo; p <= hi*1.0001; p *= 10 {
		for _, m := range mults {
			if v := p * m; v <= hi*1.0001 {
				out = append(out, v)
			}
		}
	}
	return out
}

// tickDecimals is how many decimals a tick value needs.
func tickDecimals(v float64) int {
	if v >= 1 || v == 0 {
		return 0
	}
	return int(math.Ceil(-math.Log10(v) - 1e-9))
}
