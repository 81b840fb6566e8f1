package main

// The compute-model chart of `lambdaperf cost --rps --svg`: the monthly
// cost of one load shape on demand, with provisioned concurrency and on
// Managed Instances, against the request rate (log-log), with the
// breakevens marked. It reuses the load charts' log scales (chart_load.go).

import (
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Model chart geometry and colours, in SVG user units.
const (
	modelsWidth  = 900
	modelsHeight = 660
	modelsLeft   = 100
	modelsRight  = modelsWidth - 40
	modelsTop    = 110
	modelsBottom = 470
	// modelsPerDecade is the rates priced per decade of requests/s.
	modelsPerDecade = 20
)

var modelColors = map[costmodel.Model]string{costmodel.OnDemand: "#1f6fb2", costmodel.Provisioned: "#e07b00", costmodel.Managed: "#2e7d32"}

// modelsRange is the requests/s the chart spans: 0.1 to 10,000, widened
// to powers of ten around the load's own rate.
func modelsRange(rps float64) (lo, hi float64) {
	lo, hi = 0.1, 10_000
	if rps > 0 {
		lo = math.Min(lo, math.Pow(10, math.Floor(math.Log10(rps))))
		hi = math.Max(hi, math.Pow(10, math.Ceil(math.Log10(rps))))
	}
	return lo, hi
}

// writeModelsChart prices the load's shape at rates across modelsRange and
// draws the three monthly totals.
func writeModelsChart(w io.Writer, l costmodel.Load, o costmodel.ManagedOptions, bes []costmodel.RateBreakeven) error {
	lo, hi := modelsRange(l.RequestsPerSecond)
	n := int(math.Round(math.Log10(hi/lo)))*modelsPerDecade + 1
	rates := make([]float64, n)
	totals := map[costmodel.Model][]float64{}
	var all []float64
	for i := range rates {
		rates[i] = lo * math.Pow(10, float64(i)/modelsPerDecade)
		at := l
		at.RequestsPerSecond = rates[i]
		c, err := costmodel.Compare(at, o)
		if err != nil {
			return err
		}
		for _, m := range costmodel.Models() {
			v := c.Total(m).Dollars()
			totals[m] = append(totals[m], v)
			all = append(all, v)
		}
	}
	yLo, yHi := logBounds(all)
	y := logScale(yLo, yHi, modelsTop, modelsBottom)
	x := func(rps float64) float64 {
		return modelsLeft + math.Log10(rps/lo)/math.Log10(hi/lo)*float64(modelsRight-modelsLeft)
	}

	svgStart(w, modelsWidth, modelsHeight)
	fmt.Fprintf(w, `<text x="%d" y="34" font-size="19" font-weight="bold">Monthly cost by compute model against requests/s</text>`+"\n", modelsLeft-60)
	fmt.Fprintf(w, `<text x="%d" y="58" font-size="13">%s</text>`+"\n", modelsLeft-60, html.EscapeString(loadLabel(l, o)))
	// Legend.
	for i, m := range costmodel.Models() {
		lx := modelsLeft + i*250
		fmt.Fprintf(w, `<line x1="%d" y1="82" x2="%d" y2="82" stroke="%s" stroke-width="3"/>`+"\n", lx, lx+28, modelColors[m])
		fmt.Fprintf(w, `<text x="%d" y="86" font-size="13">%s</text>`+"\n", lx+36, html.EscapeString(m.Name()))
	}
	// Grid and axes.
	for _, t := range logTicks(yLo, yHi) {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`+"\n", modelsLeft, y(t), modelsRight, y(t), gridColor)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="12" text-anchor="end">$%s</text>`+"\n", modelsLeft-8, y(t)+4, groupFloat(t, tickDecimals(t)))
	}
	for _, t := range logTicks(lo, hi) {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`+"\n", x(t), modelsTop, x(t), modelsBottom, gridColor)
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle">%s</text>`+"\n", x(t), modelsBottom+19, groupFloat(t, tickDecimals(t)))
	}
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", modelsLeft, modelsTop, modelsLeft, modelsBottom, inkColor)
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`+"\n", modelsLeft, modelsBottom, modelsRight, modelsBottom, inkColor)
	mid := (modelsTop + modelsBottom) / 2
	fmt.Fprintf(w, `<text x="24" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 24 %d)">USD per month (log scale)</text>`+"\n", mid, mid)
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="13" text-anchor="middle">requests per second, steady all month (log scale)</text>`+"\n", (modelsLeft+modelsRight)/2, modelsBottom+40)

	// Breakevens: a dashed line where each pair crosses, its rate on top,
	// its sentence in the list under the chart.
	labelY, listY := modelsTop+14, modelsBottom+94
	for _, b := range bes {
		color := modelColors[b.To]
		if b.Found && b.RequestsPerSecond >= lo && b.RequestsPerSecond <= hi {
			bx := x(b.RequestsPerSecond)
			fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1.2" stroke-dasharray="4 4"/>`+"\n", bx, modelsTop, bx, modelsBottom, color)
			fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="11" fill="%s" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`+"\n",
				bx+3, labelY, color, strconv.FormatFloat(b.RequestsPerSecond, 'f', -1, 64))
			labelY += 14
		}
		fmt.Fprintf(w, `<text x="%d" y="%d" font-size="12" fill="%s">%s</text>`+"\n", modelsLeft-60, listY, color, html.EscapeString(b.String()))
		listY += 17
	}
	for _, m := range costmodel.Models() {
		pts := make([]string, len(rates))
		for i, r := range rates {
			pts[i] = fmt.Sprintf("%.1f,%.1f", x(r), y(totals[m][i]))
		}
		fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", strings.Join(pts, " "), modelColors[m])
	}
	// The load's own rate.
	if r := l.RequestsPerSecond; r >= lo && r <= hi && r > 0 {
		c, err := costmodel.Compare(l, o)
		if err != nil {
			return err
		}
		for _, m := range costmodel.Models() {
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="#ffffff" stroke-width="1.5"/>`+"\n", x(r), y(c.Total(m).Dollars()), modelColors[m])
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle" font-weight="bold">▲ %s req/s: %s cheapest</text>`+"\n",
			x(r), modelsBottom+62, strconv.FormatFloat(r, 'f', -1, 64), html.EscapeString(c.Cheapest.Name()))
	}
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="11">List prices, %s, %d-hour month; Managed Instances on %s with a %g target; provisioned concurrency sized at %g.</text>`+"\n",
		modelsLeft-60, modelsHeight-14, html.EscapeString(regionOf(l)), costmodel.HoursPerMonth, html.EscapeString(instanceOf(l, o)), targetOf(o), costmodel.ProvisionedTarget)
	fmt.Fprintln(w, `</svg>`)
	return nil
}

// loadLabel describes the load shape in the chart's subtitle.
func loadLabel(l costmodel.Load, o costmodel.ManagedOptions) string {
	share := "CPU-bound"
	if l.CPUShare > 0 {
		share = strconv.FormatFloat(l.CPUShare*100, 'f', -1, 64) + " % on CPU"
	}
	arch := l.Arch
	if arch == "" {
		arch = costmodel.X86_64
	}
	s := fmt.Sprintf("%s per request, %s, %d MiB on %s", l.Duration, share, l.MemoryMiB, arch)
	if l.ColdStartRate > 0 {
		s += fmt.Sprintf(", INIT %s on %g of on-demand requests", l.InitDuration, l.ColdStartRate)
	}
	if o.Runtime != "" {
		s += ", " + o.Runtime
	}
	return s
}

func regionOf(l costmodel.Load) string {
	if l.Region == "" {
		return costmodel.DefaultRegion
	}
	return l.Region
}

// instanceOf names the instance type the chart's Managed Instances are
// priced on.
func instanceOf(l costmodel.Load, o costmodel.ManagedOptions) string {
	e, err := costmodel.ManagedMonthly(l, o)
	if err != nil {
		return "instances"
	}
	return e.InstanceType
}

func targetOf(o costmodel.ManagedOptions) float64 {
	if o.TargetUtilization > 0 {
		return o.TargetUtilization
	}
	return lambda.DefaultCapacityTarget
}
