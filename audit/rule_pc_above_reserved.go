package audit

import (
	"fmt"
	"strings"
)

var rulePCAboveReserved = &Rule{
	ID:       "pc-above-reserved",
	Severity: Error,
	Summary:  "provisioned concurrency above the function's reserved concurrency",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html (with reserved concurrency set, provisioned concurrency across versions and aliases cannot exceed it)",
	Fix:      "Raise ReservedConcurrentExecutions to at least the provisioned concurrency (the scaling maximum when auto-scaled), or lower the provisioned concurrency.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			reserved, ok := f.Reserved.Or(-1)
			if !ok || reserved < 0 {
				continue
			}
			total := 0
			var parts []string
			var last provisioning
			for _, p := range provisioned(f) {
				n, known := p.max.Or(0)
				if !known || n == 0 {
					continue
				}
				total += n
				last = p
				parts = append(parts, fmt.Sprintf("%d on %s %s", n, p.kind, p.name))
			}
			if total <= reserved {
				continue
			}
			res := f.Resource
			if len(parts) == 1 {
				res = last.res
			}
			c.report(res,
				fmt.Sprintf("%s reserves %d concurrent executions but asks for %d provisioned (%s): Lambda rejects provisioned concurrency above the reserved concurrency.", name(f.Resource), reserved, total, strings.Join(parts, ", ")),
				"Raise ReservedConcurrentExecutions to at least the provisioned concurrency (the scaling maximum when it is auto-scaled), or lower the provisioned concurrency.")
		}
	},
}
