package main

// The compute-model section of `lambdaperf report`: each function's
// declared load priced on demand, with provisioned concurrency and on
// Managed Instances (audit.ComputeCostOf, as the advisor prices it).

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/costmodel"
)

// addComputeModels fills a row's compute model and, where the function
// declares its load, the three monthly totals.
func addComputeModels(r *functionReport, f *assembly.Function, opts audit.Options) {
	r.ComputeModel = costmodel.OnDemand
	if c, ok := audit.ComputeCostOf(f, opts); ok {
		r.ComputeModel = c.Current
		rps := c.Comparison.Load.RequestsPerSecond
		r.DeclaredRequestsPerSecond = &rps
		r.CPUShare, r.CPUShareSource = c.Comparison.Load.CPUShare, c.CPUShareSource
		if r.CPUShare == 0 {
			r.CPUShare = 1
		}
		r.MonthlyUSD = map[costmodel.Model]costmodel.Money{}
		for _, m := range costmodel.Models() {
			r.MonthlyUSD[m] = c.Comparison.Total(m)
		}
		r.CheapestModel = c.Comparison.Cheapest
		r.ManagedInstanceType = c.Comparison.Managed.InstanceType
		if r.CostDurationMs == 0 {
			r.CostDurationMs, r.CostDurationSource = c.DurationMs, c.DurationSource
		}
	} else if f.ManagedInstances != nil {
		r.ComputeModel = costmodel.Managed
	} else if r.Provisioned != "" {
		r.ComputeModel = costmodel.Provisioned
	}
	if e, ok := audit.ManagedFloorOf(f); ok {
		total := e.Total()
		r.ManagedMinimumUSD = &total
	}
}

// printComputeModels prints the declared loads priced on the three models.
func printComputeModels(w io.Writer, rows []functionReport) {
	declared := false
	for _, r := range rows {
		declared = declared || r.MonthlyUSD != nil
	}
	fmt.Fprintln(w)
	if !declared {
		fmt.Fprintln(w, "Compute models: no function declares its load (optimizedfn ExpectedRequestsPerSecond; template metadata lambdaperf.expectedRequestsPerSecond), so none is priced on the three models.")
		return
	}
	fmt.Fprintln(w, "Compute models for the declared loads, per month (list prices, 730 hours; lambdaperf cost --rps shows the details):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK/FUNCTION\tRUNS ON\tDECLARED LOAD\tON-DEMAND\tPROVISIONED\tMANAGED INSTANCES\tCHEAPEST")
	for _, r := range rows {
		if r.MonthlyUSD == nil {
			continue
		}
		load := fmt.Sprintf("%s req/s × %d ms, %s %% CPU", strconv.FormatFloat(*r.DeclaredRequestsPerSecond, 'f', -1, 64), r.CostDurationMs, strconv.FormatFloat(r.CPUShare*100, 'f', -1, 64))
		if r.CPUShareSource != "declared" {
			load += " (assumed)"
		}
		cheapest := r.CheapestModel.Name()
		if r.CheapestModel == r.ComputeModel {
			cheapest += " (runs there)"
		}
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%s\t%s\t%s on %s\t%s\n", r.Stack, r.Function, r.ComputeModel.Name(), load,
			monthly(r.MonthlyUSD[costmodel.OnDemand]), monthly(r.MonthlyUSD[costmodel.Provisioned]), monthly(r.MonthlyUSD[costmodel.Managed]), r.ManagedInstanceType, cheapest)
	}
	tw.Flush()
}
