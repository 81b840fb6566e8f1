package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/localinvoke"
)

// loadRun is one load test as --compare draws it, from either report.
type loadRun struct {
	Label string // the file name
	Kind  string // what ran it
	// Requests sent, answered, and failed (errors, unanswered, dropped;
	// for Artillery: 5xx, 429, 403 and failed virtual users).
	Requests, Answered, Errors int
	// ColdStarts is -1 when the report does not know them (Artillery).
	ColdStarts int
	Latency    localinvoke.Stats
	// P99 per period: seconds since the start and milliseconds.
	Timeline [][2]float64
	// BudgetP99 is the run's p99 budget in ms, 0 when it had none.
	BudgetP99 float64
	Emulated  string
}

// readLoadRun reads `lambdaperf load --format json` or Artillery's
// `run --output` JSON report.
func readLoadRun(path string) (*loadRun, error) {
	b, err := readInput(path)
	if err != nil {
		return nil, err
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%s is not JSON: %v", path, err)
	}
	run := &loadRun{Label: filepath.Base(path)}
	switch {
	case probe["aggregate"] != nil:
		return run, run.fromArtillery(b)
	case probe["latencyMs"] != nil && probe["timeline"] != nil:
		var rep localinvoke.LoadReport
		if err := json.Unmarshal(b, &rep); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		run.Kind = "lambdaperf load, local emulators"
		run.Requests, run.Answered, run.ColdStarts, run.Latency = rep.Scheduled, rep.Answered, rep.ColdStarts, rep.Latency
		run.Errors = rep.Errors + rep.Dropped
		run.Emulated = rep.Emulated
		for _, s := range rep.Timeline {
			if s.Answered > 0 {
				run.Timeline = append(run.Timeline, [2]float64{float64(s.Second) + 0.5, s.P99})
			}
		}
		var withBudget struct {
			Budget *struct {
				Budget struct {
					P99Ms float64 `json:"p99Ms"`
				} `json:"budget"`
			} `json:"budget"`
		}
		if json.Unmarshal(b, &withBudget) == nil && withBudget.Budget != nil {
			run.BudgetP99 = withBudget.Budget.Budget.P99Ms
		}
		return run, nil
	}
	return nil, fmt.Errorf("%s is neither a `lambdaperf load --format json` report nor an `artillery run --output` report", path)
}

// artilleryJSON is what --compare reads of an Artillery report.
type artilleryJSON struct {
	Aggregate    artilleryPeriod   `json:"aggregate"`
	Intermediate []artilleryPeriod `json:"intermediate"`
}

type artilleryPeriod struct {
	Counters  map[string]float64            `json:"counters"`
	Summaries map[string]map[string]float64 `json:"summaries"`
	Period    json.RawMessage               `json:"period"`
}

func (r *loadRun) fromArtillery(b []byte) error {
	var rep artilleryJSON
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%s: %v", r.Label, err)
	}
	c := rep.Aggregate.Counters
	r.Kind, r.ColdStarts = "Artillery", -1
	r.Requests, r.Answered = int(c["http.requests"]), int(c["http.responses"])
	r.Errors = int(c["vusers.failed"])
	if n, ok := c["lambdaperf.errors"]; ok {
		r.Errors += int(n)
	} else {
		for k, n := range c {
			if code, ok := strings.CutPrefix(k, "http.codes."); ok && (strings.HasPrefix(code, "5") || code == "429" || code == "403") {
				r.Errors += int(n)
			}
		}
	}
	rt := rep.Aggregate.Summaries["http.response_time"]
	r.Latency = localinvoke.Stats{Count: int(rt["count"]), P50: rt["p50"], P95: rt["p95"], P99: rt["p99"], Max: rt["max"], Mean: rt["mean"]}
	var first float64
	for i, p := range rep.Intermediate {
		at, err := strconv.ParseFloat(strings.Trim(string(p.Period), `"`), 64)
		prt, ok := p.Summaries["http.response_time"]
		if err != nil || !ok {
			continue
		}
		if i == 0 || first == 0 {
			first = at
		}
		// Artillery's periods are 10 s; a point sits in the middle of one.
		r.Timeline = append(r.Timeline, [2]float64{(at-first)/1000 + 5, prt["p99"]})
	}
	return nil
}

// compareReports prints two load runs side by side and draws them.
func compareReports(stdout, stderr io.Writer, a, b, svgPath string) int {
	var runs []*loadRun
	for _, p := range []string{a, b} {
		run, err := readLoadRun(p)
		if err != nil {
			return usageError(stderr, "load", "--compare: %v", err)
		}
		runs = append(runs, run)
	}
	if svgPath == "" {
		svgPath = filepath.Join(filepath.Dir(b), "lambdaperf-compare.svg")
	}
	if err := checkWritable(svgPath); err != nil {
		return usageError(stderr, "load", "--svg: cannot write %s: %v", svgPath, err)
	}
	var svg bytes.Buffer
	writeCompareChart(&svg, runs[0], runs[1])
	if err := writeOutput(svgPath, svg.Bytes()); err != nil {
		return usageError(stderr, "load", "--svg: cannot write %s: %v", svgPath, pathErr(err))
	}
	fmt.Fprintf(stdout, "%-14s%34s%34s\n", "", clipLabel(runs[0].Label), clipLabel(runs[1].Label))
	row := func(name string, f func(*loadRun) string) {
		fmt.Fprintf(stdout, "%-14s%34s%34s\n", name, f(runs[0]), f(runs[1]))
	}
	row("ran by", func(r *loadRun) string { return clipLabel(r.Kind) })
	row("requests", func(r *loadRun) string { return strconv.Itoa(r.Requests) })
	row("answered", func(r *loadRun) string { return strconv.Itoa(r.Answered) })
	row("errors", func(r *loadRun) string { return strconv.Itoa(r.Errors) })
	row("cold starts", func(r *loadRun) string {
		if r.ColdStarts < 0 {
			return "n/a"
		}
		return strconv.Itoa(r.ColdStarts)
	})
	for _, q := range []struct {
		name string
		v    func(localinvoke.Stats) float64
	}{{"p50 ms", func(s localinvoke.Stats) float64 { return s.P50 }}, {"p95 ms", func(s localinvoke.Stats) float64 { return s.P95 }},
		{"p99 ms", func(s localinvoke.Stats) float64 { return s.P99 }}, {"max ms", func(s localinvoke.Stats) float64 { return s.Max }}} {
		row(q.name, func(r *loadRun) string { return fmtMs(q.v(r.Latency)) })
	}
	for _, r := range runs {
		if r.Emulated != "" {
			fmt.Fprintf(stdout, "note: %s ran under %s: its timings check behaviour, not speed\n", r.Label, r.Emulated)
		}
	}
	fmt.Fprintf(stdout, "Chart: %s\n", svgPath)
	return 0
}

func clipLabel(s string) string {
	if len(s) > 32 {
		return s[:31] + "…"
	}
	return s
}

// sortedTimeline returns a run's timeline in time order.
func sortedTimeline(r *loadRun) [][2]float64 {
	t := append([][2]float64(nil), r.Timeline...)
	sort.Slice(t, func(i, j int) bool { return t[i][0] < t[j][0] })
	return t
}

// maxTime is the last timeline point of the runs, at least 1 s.
func maxTime(runs ...*loadRun) float64 {
	end := 1.0
	for _, r := range runs {
		for _, p := range r.Timeline {
			end = math.Max(end, p[0]+0.5)
		}
	}
	return end
}
