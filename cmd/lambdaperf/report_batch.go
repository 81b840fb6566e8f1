package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// batchedMessages is the volume the batching lines price: a million
// messages (or stream records).
const batchedMessages = 1_000_000

// defaultBatchSize is Lambda's batch size where a mapping sets none
// (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-BatchSize).
var defaultBatchSize = map[string]int{"sqs": 10, "kinesis": 100, "dynamodb": 100}

// batchReport is one batched source of a function, priced per million
// messages against batch size 1.
type batchReport struct {
	Function  string
	Source    string // sqs, kinesis, dynamodb
	BatchSize int
	Estimate  costmodel.BatchEstimate
}

// batchRows prices every batched source of a function that declares its
// expected duration (the duration of one batch) at fill, the expected
// share of the batch size a batch holds.
func batchRows(m *audit.Model, fill float64) []batchReport {
	var rows []batchReport
	for _, st := range m.Stacks {
		es := st.EventSources
		if es == nil {
			continue
		}
		for _, f := range st.Functions {
			ms, ok := f.ExpectedDurationMs.Or(0)
			if f.Framework || !ok || ms <= 0 {
				continue
			}
			for _, mp := range es.Mappings {
				size, known := mp.BatchSize.Or(defaultBatchSize[mp.Kind])
				if mp.Function != f.LogicalID || mp.Kind == "" || !known || size < 1 {
					continue
				}
				memory, _ := f.Memory()
				arch, _ := f.Arch()
				perBatch := float64(size) * fill
				if perBatch < 1 {
					perBatch = 1
				}
				perMessage := time.Duration(float64(ms) * float64(time.Millisecond) / perBatch)
				e, err := costmodel.Batched(memory, costmodel.Arch(arch), costmodel.Batching{Messages: batchedMessages, BatchSize: size, Fill: fill, PerMessage: perMessage})
				if err != nil {
					continue
				}
				rows = append(rows, batchReport{Function: st.Name + "/" + functionName(st.Name, f), Source: mp.Kind, BatchSize: size, Estimate: e})
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Function < rows[j].Function })
	return rows
}

// printBatching shows what batching saves: invocations and cost per
// million messages at the expected fill, against batch size 1. Nothing
// without batched sources.
func printBatching(w io.Writer, rows []batchReport, fill float64) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\nBatched sources, per million messages at %.0f %% batch fill (the expected duration is one batch's):\n", fill*100)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK/FUNCTION\tSOURCE\tBATCH\tINVOCATIONS\tCOST\tBATCH SIZE 1\tSAVING")
	for _, r := range rows {
		e := r.Estimate
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%d invocations, %s\t%s (%.0f %%)\n", untrusted.Printable(r.Function), r.Source, r.BatchSize,
			e.Invocations, e.Batched.Total.Format(4), e.SingleInvocations, e.Single.Total.Format(4), e.Saving.Format(4), e.SavingPercent())
	}
	tw.Flush()
}
