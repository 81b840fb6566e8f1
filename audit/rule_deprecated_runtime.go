package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleDeprecatedRuntime = &Rule{
	ID:       "deprecated-runtime",
	Severity: Warning,
	Summary:  "a deprecated runtime",
	Source:   lambda.RuntimesDoc + " (deprecated runtimes get no security patches; creating, then updating, functions on them is blocked)",
	Fix:      "Move the function to the runtime's successor and test the handler on it.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			date, ok := lambda.Deprecation(rt)
			if !ok || c.opts.Now.Before(date) || lambda.CreateBlocked(rt, c.opts.Now) {
				continue // runtime-create-blocked reports it as an error
			}
			blocks := "Lambda will block creating, then updating, functions on it"
			if l, _ := lambda.LifecycleOf(rt); !l.BlockCreate.IsZero() {
				blocks = fmt.Sprintf("Lambda blocks creating functions on it from %s and updating them from %s", l.BlockCreate.Format("2006-01-02"), l.BlockUpdate.Format("2006-01-02"))
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs %s, deprecated since %s: no security patches or runtime updates, and %s.", name(f.Resource), rt, date.Format("2006-01-02"), blocks),
				fmt.Sprintf("Move to %s and test the handler on it.", lambda.Successor(rt)))
		}
	},
}
