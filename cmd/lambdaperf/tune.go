package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// maxPowerTuningBytes is the most tune reads of a Power Tuning result: a
// run's output is a few KiB (one stats entry per memory size).
const maxPowerTuningBytes = 16 << 20

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

	data, err := untrusted.ReadFile(input, maxPowerTuningBytes)
	if err != nil {
		return bad("cannot read %s: %v", untrusted.Printable(input), pathErr(err))
	}
	result, err := costmodel.ParsePowerTuning(input, data, a)
	if err != nil {
		return bad("%s", untrusted.Printable(err.Error()))
	}
	ranking, err := costmodel.RightSize(result.Measurements, st, *weight)
	if err != nil {
		return bad("%s: %s", input, strings.TrimPrefix(err.Error(), "costmodel: "))
	}
	bySize := slices.Clone(ranking.Ranked)
	slices.SortStableFunc(bySize, func(x, y costmodel.Measurement) int { return x.MemoryMiB - y.MemoryMiB })

	var chart bytes.Buffer
	writeChart(&chart, filepath.Base(input), bySize, ranking)
	// Beside the result or where --svg says, never through a link planted
	// there, and replaced whole.
	if err := untrusted.WriteFile(filepath.Dir(out), filepath.Base(out), chart.Bytes(), 0o644); err != nil {
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

// pathErr drops the path and operation an *fs.PathError repeats.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
