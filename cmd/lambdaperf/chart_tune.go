package main

// The Power Tuning chart of `lambdaperf tune`: cost and duration against
// memory. The load charts are in chart_load.go; niceScale serves both.

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

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
