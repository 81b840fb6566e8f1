package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleMemoryOutOfRange = &Rule{
	ID:       "memory-out-of-range",
	Severity: Error,
	Summary:  "memory outside 128..10,240 MiB",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (128 MB to 10,240 MB in 1-MB increments)",
	Fix:      "Set MemorySize within 128..10240 MiB; size it with AWS Lambda Power Tuning.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			// A function on Managed Instances has its own range
			// (managed-instances-invalid judges it).
			if !f.MemoryMiB.Known() || lambda.MemoryInRange(f.MemoryMiB.V) || f.ManagedInstances != nil {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s has MemorySize %d MiB; Lambda accepts %d..%d MiB: the deploy fails.", name(f.Resource), f.MemoryMiB.V, lambda.MinMemoryMiB, lambda.MaxMemoryMiB),
				fmt.Sprintf("Set MemorySize within %d..%d MiB; size it with AWS Lambda Power Tuning (1,769 MiB buys one full vCPU).", lambda.MinMemoryMiB, lambda.MaxMemoryMiB))
		}
	},
}
