package audit

import (
	"fmt"
	"strings"
)

var ruleSnapStartWithPC = &Rule{
	ID:       "snapstart-with-pc",
	Severity: Error,
	Summary:  "SnapStart and provisioned concurrency on the same function",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html (SnapStart does not support provisioned concurrency)",
	Fix:      "Choose one: keep SnapStart and remove the provisioned concurrency, or keep provisioned concurrency and set SnapStart ApplyOn to None.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if !f.SnapStartOn() {
				continue
			}
			var where []string
			for _, p := range provisioned(f) {
				if n, ok := p.max.Or(0); ok && n == 0 {
					continue
				}
				where = append(where, fmt.Sprintf("%s %s", p.kind, p.name))
			}
			if len(where) == 0 {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s has SnapStart on published versions and provisioned concurrency (%s): Lambda does not support the two together.", name(f.Resource), strings.Join(where, ", ")),
				"Choose one: keep SnapStart and remove the provisioned concurrency (SnapStart already cuts most of the cold start), or keep provisioned concurrency and set SnapStart ApplyOn to None.")
		}
	},
}
