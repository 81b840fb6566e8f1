package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

func runTune(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("tune", flag.ContinueOnError)
	strategy := fset.String("strategy", string(costmodel.StrategyCost), "`strategy`: cost, speed or balanced, as in Lambda Power Tuning")
	weight := fset.Float64("balanced-weight", costmodel.DefaultBalancedWeight, "`weight` 0..1 of cost against duration for --strategy balanced (1 = cost only)")
	svgPath := fset.String("svg", "", "write the chart to `file` (default: RESULT.svg beside RESULT.json)")
	arch := fset.String("arch", string(costmodel.X86_64), "`architecture` used to price sizes the result has no averagePrice for: x86_64 or arm64")
	setUsage(fset, "RESULT.json [flags]",
		"Reads a Lambda Power Tuning execution output (run with \"includeOutputResults\": true),\n"+
			"prints cost and duration per memory size with a recommendation, and writes an\n"+
			"SVG chart of cost and duration against memory.")

	rest, code, ok := parseFlags(fset, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "tune", format, a...) }
	switch {
	case len(rest) == 0:
		return bad("missing RESULT.json (a Lambda Power Tuning execution output)")
	case len(rest) > 1:
		return bad("unexpected argument %q after %s", rest[1], rest[0])
	case math.IsNaN(*weight) || *weight < 0 || *weight > 1:
		return bad("--balanced-weight must be 0..1, got %v", *weight)
	}
	st, err := costmodel.ParseStrategy(*strategy)
	if err != nil {
		return bad("--strategy: %v", err)
	}
	a, err := costmodel.ParseArch(*arch)
	if err != nil {
		return bad("--arch: %v", err)
	}
	input := rest[0]
	out := *svgPath
	if out == "" {
		out = strings.TrimSuffix(input, filepath.Ext(input)) + ".svg"
	}

	result, err := costmodel.ReadPowerTuning(input, a)
	if err != nil {
		return bad("%v", err)
	}
	ranking, err := costmodel.RightSize(result.Measurements, st, *weight)
	if err != nil {
		return bad("%s: %s", input, strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	bySize := slices.Clone(ranking.Ranked)
	slices.SortStableFunc(bySize, func(x, y costmodel.Measurement) int { return x.MemoryMiB - y.MemoryMiB })

	var chart bytes.Buffer
	writeChart(&chart, filepath.Base(input), bySize, ranking)
	if err := os.WriteFile(out, chart.Bytes(), 0o644); err != nil {
		return bad("--svg: cannot write %s: %v", out, pathErr(err))
	}
	writeTuneText(stdout, input, out, result, bySize, ranking)
	return 0
}

func strategyLabel(r costmodel.Ranking) string {
	if r.Strategy == costmodel.StrategyBalanced {
		return fmt.Sprintf("balanced, weight %g", r.BalancedWeight)
	}
	return string(r.Strategy)
}

func writeTuneText(w io.Writer, input, chart string, pt costmodel.PowerTuningResult, bySize []costmodel.Measurement, r costmodel.Ranking) {
	fmt.Fprintf(w, "Lambda Power Tuning result: %s\n\n", input)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  memory\tvCPU\tavg duration\tcost per 1M invocations\t")
	for _, m := range bySize {
		mark := ""
		if m == r.Best {
			mark = "  <- recommended"
		}
		fmt.Fprintf(tw, "  %d MiB\t%.2f\t%s ms\t%s\t%s\n", m.MemoryMiB, costmodel.VCPUs(m.MemoryMiB),
			groupFloat(m.AverageDurationMs, 1), perMillion(m.AveragePriceUSD), mark)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Costs are Power Tuning's duration cost; requests add $0.20 per 1M invocations.")
	if pt.Priced > 0 {
		fmt.Fprintf(w, "%d sizes had no averagePrice and were priced at list prices.\n", pt.Priced)
	}
	fmt.Fprintf(w, "Recommendation (strategy %s): %d MiB, %s ms and %s per 1M invocations.\n",
		strategyLabel(r), r.Best.MemoryMiB, groupFloat(r.Best.AverageDurationMs, 1), perMillion(r.Best.AveragePriceUSD))
	if pt.Power != 0 {
		fmt.Fprintf(w, "Power Tuning itself recommended %d MiB with the strategy of its run", pt.Power)
		if pt.DurationMs > 0 {
			fmt.Fprintf(w, " (%s ms, %s per 1M invocations)", groupFloat(pt.DurationMs, 1), perMillion(pt.Cost))
		}
		fmt.Fprintln(w, ".")
	}
	if pt.ExecutionCostUSD > 0 || pt.LambdaCostUSD > 0 {
		fmt.Fprintf(w, "The tuning run cost $%s in Step Functions and $%s in Lambda invocations.\n",
			strconv.FormatFloat(pt.ExecutionCostUSD, 'f', -1, 64), strconv.FormatFloat(pt.LambdaCostUSD, 'f', -1, 64))
	}
	if pt.Visualization != "" {
		fmt.Fprintf(w, "Power Tuning's chart: %s\n", pt.Visualization)
	}
	fmt.Fprintf(w, "Chart: %s\n", chart)
}

// perMillion formats a per-invocation price in dollars as dollars per
// million invocations.
func perMillion(usd float64) string {
	v := usd * 1e6
	switch {
	case v >= 100:
		return "$" + groupFloat(v, 0)
	case v >= 0.1 || v == 0:
		return fmt.Sprintf("$%.2f", v)
	default:
		return fmt.Sprintf("$%.4f", v)
	}
}

// groupFloat formats v with the given decimals and thousands separators.
func groupFloat(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return s
	}
	if frac != "" {
		return groupDigits(n) + "." + frac
	}
	return groupDigits(n)
}

// Chart geometry, in SVG user units.
const (
	chartWidth  = 800
	chartHeight = 620
	plotLeft    = 110
	plotRight   = chartWidth - 40
	costTop     = 100
	costBottom  = 285
	durTop      = 355
	durBottom   = 540
	costColor   = "#1f6fb2"
	durColor    = "#c4421a"
	bestFill    = "#e2f3df"
	bestStroke  = "#2e7d32"
	inkColor    = "#222222"
	gridColor   = "#dddddd"
)

// writeChart draws cost per 1M invocations (top panel) and average duration
// (bottom panel) against memory, sizes evenly spaced in increasing order,
// with the recommended size highlighted.
func writeChart(w io.Writer, source string, ms []costmodel.Measurement, r costmodel.Ranking) {
	n := len(ms)
	slot := float64(plotRight-plotLeft) / float64(n)
	x := func(i int) float64 { return plotLeft + (float64(i)+0.5)*slot }
	best := slices.Index(ms, r.Best)

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" fill="%s">`+"\n",
		chartWidth, chartHeight, chartWidth, chartHeight, inkColor)
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", chartWidth, chartHeight)
	fmt.Fprintf(w, `<text x="%d" y="34" font-size="19" font-weight="bold">Lambda Power Tuning: cost and duration by memory</text>`+"\n", plotLeft-70)
	fmt.Fprintf(w, `<text x="%d" y="58" font-size="13">Recommended: %d MiB (strategy %s) · %s</text>`+"\n",
		plotLeft-70, r.Best.MemoryMiB, html.EscapeString(strategyLabel(r)), html.EscapeString(source))

	// The recommended size: a band across both panels.
	if best >= 0 {
		fmt.Fprintf(w, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n",
			x(best)-slot*0.4, costTop-8, slot*0.8, durBottom-costTop+8, bestFill)
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" font-weight="bold" fill="%s" text-anchor="middle">▲ recommended</text>`+"\n",
			x(best), durBottom+36, bestStroke)
	}

	costs := make([]float64, n)
	durations := make([]float64, n)
	for i, m := range ms {
		costs[i] = m.AveragePriceUSD * 1e6
		durations[i] = m.AverageDurationMs
	}
	panel(w, panelSpec{
		title: "Cost per 1M invocations (USD, duration only)", axis: "USD per 1M invocations",
		top: costTop, bottom: costBottom, color: costColor, values: costs, x: x, best: best,
		tick:  func(v float64, decimals int) string { return "$" + groupFloat(v, decimals) },
		label: func(v float64) string { return perMillion(v / 1e6) },
	})
	panel(w, panelSpec{
		title: "Average duration (ms)", axis: "milliseconds",
		top: durTop, bottom: durBottom, color: durColor, values: durations, x: x, best: best,
		tick:  func(v float64, decimals int) string { return groupFloat(v, decimals) },
		label: func(v float64) string { return groupFloat(v, durationDecimals(v)) + " ms" },
	})
	for _, top := range []int{costBottom, durBottom} {
		for i, m := range ms {
			weight := "normal"
			if i == best {
				weight = "bold"
			}
			fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" font-weight="%s" text-anchor="middle">%d</text>`+"\n", x(i), top+18, weight, m.MemoryMiB)
		}
	}
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="13" text-anchor="middle">Memory (MiB), tested sizes evenly spaced</text>`+"\n",
		(plotLeft+plotRight)/2, durBottom+60)
	fmt.Fprintln(w, `</svg>`)
}

type panelSpec struct {
	title, axis string
	top, bottom int
	color       string
	values      []float64
	x           func(int) float64
	best        int
	tick        func(v float64, decimals int) string
	label       func(v float64) string
}

func panel(w io.Writer, p panelSpec) {
	lo, hi, step, decimals := niceScale(slices.Min(p.values), slices.Max(p.values))
	y := func(v float64) float64 {
		return float64(p.bottom) - (v-lo)/(hi-lo)*float64(p.bottom-p.top)
	}
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="14" font-weight="bold" fill="%s">%s</text>`+"\n", plotLeft, p.top-24, p.color, html.EscapeString(p.title))
	for v := lo; v <= hi+step/2; v += step {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`+"\n", plotLeft, y(v), plotRight, y(v), gridColor)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="12" text-anchor="end">%s</text>`+"\n", plotLeft-8, y(v)+4, html.EscapeString(p.tick(v, decimals)))
	}
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", plotLeft, p.top, plotLeft, p.bottom, inkColor)
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", plotLeft, p.bottom, plotRight, p.bottom, inkColor)
	mid := (p.top + p.bottom) / 2
	fmt.Fprintf(w, `<text x="24" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 24 %d)">%s</text>`+"\n", mid, mid, html.EscapeString(p.axis))

	points := make([]string, len(p.values))
	for i, v := range p.values {
		points[i] = fmt.Sprintf("%.1f,%.1f", p.x(i), y(v))
	}
	fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", strings.Join(points, " "), p.color)
	for i, v := range p.values {
		r, stroke := 4.5, p.color
		if i == p.best {
			r, stroke = 7, bestStroke
		}
		fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="%s" stroke-width="2"/>`+"\n", p.x(i), y(v), r, p.color, stroke)
		lx, ly, anchor := labelPlace(p, i, y)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="%s" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`+"\n",
			lx, ly, anchor, html.EscapeString(p.label(v)))
	}
}

// labelPlace puts a point's value label where the line is not: above a
// peak or an end, below a trough (room permitting), and beside the point on
// the side away from a slope.
func labelPlace(p panelSpec, i int, y func(float64) float64) (x, yy float64, anchor string) {
	px, py := p.x(i), y(p.values[i])
	leftHigher := i > 0 && y(p.values[i-1]) < py
	rightHigher := i < len(p.values)-1 && y(p.values[i+1]) < py
	switch {
	case leftHigher && rightHigher && py+22 < float64(p.bottom):
		return px, py + 20, "middle"
	case leftHigher && !rightHigher && i < len(p.values)-1:
		return px + 9, py - 9, "start"
	case !leftHigher && rightHigher && i > 0:
		return px - 9, py - 9, "end"
	}
	return px, py - 11, "middle"
}

// niceScale returns axis bounds and a tick step of 1, 2, 2.5 or 5 times a
// power of ten covering min..max in about five ticks, and the decimals the
// tick labels need. The axis starts at 0 unless the data sit far above it.
func niceScale(minV, maxV float64) (lo, hi, step float64, decimals int) {
	if maxV <= 0 {
		maxV = 1
	}
	if minV < 0.4*maxV || minV == maxV {
		minV = 0
	}
	const eps = 1e-9
	raw := (maxV - minV) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)+eps))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if step = m * mag; step >= raw*(1-eps) {
			break
		}
	}
	loSteps := math.Floor(minV/step + eps)
	hiSteps := math.Ceil(maxV/step - eps)
	if hiSteps*step-maxV < step*0.15 {
		hiSteps++ // room for the value labels above the points
	}
	lo, hi = loSteps*step, hiSteps*step
	decimals = max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if s := strconv.FormatFloat(step, 'f', -1, 64); strings.Contains(s, ".") {
		decimals = max(decimals, len(s)-strings.Index(s, ".")-1)
	}
	return lo, hi, step, decimals
}

func durationDecimals(ms float64) int {
	if ms >= 100 {
		return 0
	}
	return 1
}

// pathErr drops the path and operation an *fs.PathError repeats.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
