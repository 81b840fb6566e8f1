package audit

import "fmt"

var ruleDefaultMemory = &Rule{
	ID:       "default-memory",
	Severity: Warning,
	Summary:  "the 128 MB default memory",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (CPU is allocated in proportion to memory; 1,769 MB is one vCPU)",
	Fix:      "Size memory for the workload (lambdaperf profiles: IOBound 512, Balanced 1024, CPUBound 1769 MiB) and confirm with AWS Lambda Power Tuning.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			mem, ok := f.Memory()
			if !ok || mem != DefaultMemoryMiB {
				continue
			}
			how := "has MemorySize 128"
			if !f.MemoryMiB.Set {
				how = "leaves MemorySize at the 128 MB default"
			}
			c.report(f.Resource,
				fmt.Sprintf("%s %s: about 7%% of one vCPU, so init and handler code run slowly, and a faster function at more memory often costs the same or less.", name(f.Resource), how),
				"Size memory for the workload (lambdaperf profiles: IOBound 512, Balanced 1024, CPUBound 1769 MiB) and confirm with AWS Lambda Power Tuning.")
		}
	},
}
