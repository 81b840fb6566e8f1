package main

// The load charts of `lambdaperf load`: one run, and two side by side
// (--compare). The Power Tuning chart is in chart_tune.go.

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/localinvoke"
)

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
	budgetColor = "#7b1fa2"
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
	if r.Budget != nil && r.Budget.Budget.P99 > 0 {
		lats = append(lats, msOf(r.Budget.Budget.P99)) // keep the budget line on the scale
	}
	lo, hi := logBounds(lats)
	y := logScale(lo, hi, latTop, latBottom)
	svgStart(w, loadWidth, loadHeight)
	title := "Local load test"
	if r.Emulated != "" {
		title += " (EMULATED by " + r.Emulated + ": behaviour, not speed)"
	}
	fmt.Fprintf(w, `<text x="%d" y="34" font-size="19" font-weight="bold">%s: %s</text>`+"\n", loadLeft-60, html.EscapeString(title), html.EscapeString(r.Function))
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
	if r.Budget != nil && r.Budget.Budget.P99 > 0 {
		by := y(msOf(r.Budget.Budget.P99))
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1.5" stroke-dasharray="3 3"/>`+"\n", loadLeft, by, loadRight, by, budgetColor)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="%s">p99 budget %s ms</text>`+"\n", loadRight, by-4, budgetColor, fmtMs(msOf(r.Budget.Budget.P99)))
	}
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

// svgStart opens an SVG of the given size on a white background.
func svgStart(w io.Writer, width, height int) {
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" fill="%s">`+"\n",
		width, height, width, height, inkColor)
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
}

// logScale maps milliseconds from lo..hi (log scale) to bottom..top.
func logScale(lo, hi float64, top, bottom int) func(float64) float64 {
	return func(ms float64) float64 {
		v := math.Log10(math.Max(ms, lo))
		return float64(bottom) - (v-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))*float64(bottom-top)
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

// Comparison chart geometry and colours, in SVG user units.
const (
	cmpWidth   = 900
	cmpHeight  = 540
	cmpTop     = 120
	cmpBottom  = 400
	barsLeft   = 80
	barsRight  = 420
	timeLeft   = 520
	timeRight  = 870
	runAColor  = "#1f6fb2"
	runBColor  = "#e07b00"
	cmpLegendY = 92
)

// writeCompareChart draws two load runs side by side: their p50, p95, p99
// and max latency as paired bars (log scale, with a run's p99 budget as a
// dashed line), and their p99 over time.
func writeCompareChart(w io.Writer, a, b *loadRun) {
	runs := []*loadRun{a, b}
	colors := []string{runAColor, runBColor}
	var vals []float64
	for _, r := range runs {
		vals = append(vals, r.Latency.P50, r.Latency.Max)
		for _, p := range r.Timeline {
			vals = append(vals, p[1])
		}
		if r.BudgetP99 > 0 {
			vals = append(vals, r.BudgetP99)
		}
	}
	lo, hi := logBounds(vals)
	y := logScale(lo, hi, cmpTop, cmpBottom)
	svgStart(w, cmpWidth, cmpHeight)
	fmt.Fprintf(w, `<text x="30" y="34" font-size="19" font-weight="bold">Load tests side by side: %s and %s</text>`+"\n", html.EscapeString(a.Label), html.EscapeString(b.Label))
	for i, r := range runs {
		label := fmt.Sprintf("%s (%s)", r.Label, r.Kind)
		if r.Emulated != "" {
			label += " · EMULATED by " + r.Emulated + ": behaviour, not speed"
		}
		lx := 30 + i*440
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="14" height="10" fill="%s"/>`+"\n", lx, cmpLegendY-10, colors[i])
		fmt.Fprintf(w, `<text x="%d" y="%d" font-size="12">%s</text>`+"\n", lx+20, cmpLegendY, html.EscapeString(label))
	}
	gridY := func(left, right int) {
		for _, t := range logTicks(lo, hi) {
			fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`+"\n", left, y(t), right, y(t), gridColor)
			fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="12" text-anchor="end">%s</text>`+"\n", left-8, y(t)+4, strings.TrimSuffix(groupFloat(t, tickDecimals(t)), ".0"))
		}
		fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", left, cmpTop, left, cmpBottom, inkColor)
		fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", left, cmpBottom, right, cmpBottom, inkColor)
	}
	budgets := func(left, right int) {
		for i, r := range runs {
			if r.BudgetP99 > 0 {
				fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1.5" stroke-dasharray="3 3"/>`+"\n", left, y(r.BudgetP99), right, y(r.BudgetP99), colors[i])
			}
		}
	}

	// Percentiles, paired bars.
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="14" font-weight="bold">Latency percentiles (ms, log scale)</text>`+"\n", barsLeft, cmpTop-12)
	gridY(barsLeft, barsRight)
	slot := float64(barsRight-barsLeft) / 4
	for k, q := range []struct {
		name string
		v    func(localinvoke.Stats) float64
	}{{"p50", func(s localinvoke.Stats) float64 { return s.P50 }}, {"p95", func(s localinvoke.Stats) float64 { return s.P95 }},
		{"p99", func(s localinvoke.Stats) float64 { return s.P99 }}, {"max", func(s localinvoke.Stats) float64 { return s.Max }}} {
		x0 := float64(barsLeft) + float64(k)*slot
		for i, r := range runs {
			v := q.v(r.Latency)
			if v <= 0 {
				continue
			}
			bx := x0 + slot*0.15 + float64(i)*slot*0.35
			fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", bx, y(v), slot*0.33, float64(cmpBottom)-y(v), colors[i])
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%s</text>`+"\n", bx+slot*0.165, y(v)-4, fmtMs(v))
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle">%s</text>`+"\n", x0+slot/2, cmpBottom+18, q.name)
	}
	budgets(barsLeft, barsRight)

	// p99 over time.
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="14" font-weight="bold">p99 over time (ms, log scale)</text>`+"\n", timeLeft, cmpTop-12)
	gridY(timeLeft, timeRight)
	end := maxTime(a, b)
	_, _, xStep, _ := niceScale(0, end)
	xHi := math.Ceil(end/xStep-1e-9) * xStep
	x := func(sec float64) float64 { return timeLeft + sec/xHi*float64(timeRight-timeLeft) }
	for t := 0.0; t <= xHi+xStep/2; t += xStep {
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle">%s</text>`+"\n", x(t), cmpBottom+18, groupFloat(t, tickDecimals(xStep)))
	}
	for i, r := range runs {
		var pts []string
		for _, p := range sortedTimeline(r) {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
		}
		if len(pts) > 0 {
			fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", strings.Join(pts, " "), colors[i])
		}
	}
	budgets(timeLeft, timeRight)
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="12" text-anchor="middle">seconds since the start of each run</text>`+"\n", (timeLeft+timeRight)/2, cmpBottom+38)

	for i, r := range runs {
		cold := "cold starts n/a"
		if r.ColdStarts >= 0 {
			cold = plural(r.ColdStarts, "cold start")
		}
		fmt.Fprintf(w, `<text x="30" y="%d" font-size="13" fill="%s">%s: %d requests, %d answered, %s, %s · p99 %s ms</text>`+"\n",
			cmpBottom+80+i*22, colors[i], html.EscapeString(r.Label), r.Requests, r.Answered, plural(r.Errors, "error"), cold, fmtMs(r.Latency.P99))
	}
	fmt.Fprintln(w, `</svg>`)
}
