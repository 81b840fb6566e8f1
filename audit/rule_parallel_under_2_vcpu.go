package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

var ruleParallelUnder2VCPU = &Rule{
	ID:       "parallel-under-2-vcpu",
	Severity: Warning,
	Summary:  "worker threads or multiprocessing with less than 2 vCPUs of memory",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (1,769 MB is one vCPU; parallel code needs more than one to run in parallel)",
	Fix:      "Give a function that runs work in parallel at least 2 vCPUs of memory (3,538 MiB; lambdaperf profile Parallel(2)), or drop the parallelism.",
	check: func(c *checker) {
		need := costmodel.MemoryForVCPUs(2)
		for _, f := range c.userFunctions() {
			evidence := parallelEvidence(f)
			if len(evidence) == 0 {
				continue
			}
			mem, ok := f.Memory()
			if !ok || mem >= need {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs parallel code (%s) with %d MiB, %.2f vCPU: the threads or processes share less than two cores and run no faster than sequential code, often slower.", name(f.Resource), first(evidence), mem, costmodel.VCPUs(mem)),
				fmt.Sprintf("Give it at least %d MiB (2 vCPUs; lambdaperf profile Parallel(2)), or drop the parallelism.", need))
		}
	},
}

// parallelEvidence is the function's own parallel code: from its handler's
// code when it was read (what the handler file loads and reaches, never a
// dependency's unused child_process nor another function's file), else
// what the asset inspection found.
func parallelEvidence(f *Function) []string {
	if f.Code != nil && f.Code.Inspected() {
		return f.Code.Parallel
	}
	if f.Asset == nil || f.Code != nil {
		return nil // the handler was not read: not judged
	}
	return f.Asset.Parallel
}
