package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleRuntimeCreateBlocked = &Rule{
	ID:       "runtime-create-blocked",
	Severity: Error,
	Summary:  "a runtime on which Lambda already blocks creating functions",
	Source:   lambda.RuntimesDoc + " (\"Deprecated runtimes\": after the block-function-create date CreateFunction fails on the runtime, after the block-function-update date updates fail too)",
	Fix:      "Move the function to the runtime's successor (the finding names it) and test the handler on it: Lambda already refuses to create functions on this runtime, and later refuses updates too.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			if !lambda.CreateBlocked(rt, c.opts.Now) {
				continue
			}
			l, _ := lambda.LifecycleOf(rt)
			update := fmt.Sprintf("updates to existing functions are blocked from %s", l.BlockUpdate.Format("2006-01-02"))
			if !c.opts.Now.Before(l.BlockUpdate) {
				update = fmt.Sprintf("updates to existing functions have been blocked since %s", l.BlockUpdate.Format("2006-01-02"))
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs %s, on which Lambda has blocked creating functions since %s: a deploy that creates it (a new stack, a new account or region, a replacement) fails, and %s.", name(f.Resource), rt, l.BlockCreate.Format("2006-01-02"), update),
				fmt.Sprintf("Move to %s and test the handler on it.", lambda.Successor(rt)))
		}
	},
}
