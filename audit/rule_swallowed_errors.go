package audit

import (
	"fmt"
	"strings"
)

var ruleSwallowedErrors = &Rule{
	ID:       "swallowed-errors",
	Severity: Error,
	Summary:  "a function invoked asynchronously or by an event source mapping catches every error and returns normally",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html and https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html (Lambda retries, and sends to an on-failure destination or dead-letter queue, only invocations that return an error; a normal return counts as success)",
	Fix:      "Let a failed event fail the invocation: rethrow after logging (throw err; Python: raise), or, in a batch, add the record to batchItemFailures with ReportBatchItemFailures on the mapping, so Lambda retries it and finally sends it to the failure destination.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			es := st.EventSources
			if es == nil {
				continue
			}
			for _, f := range st.Functions {
				code := code(f)
				if f.Framework || code == nil || code.Swallows == nil {
					continue
				}
				var by []string
				for _, m := range es.Mappings {
					if m.Function == f.LogicalID {
						by = append(by, fmt.Sprintf("its event source mapping %s", m.LogicalID))
					}
				}
				if invokers := es.AsyncInvokers[f.LogicalID]; len(invokers) > 0 {
					by = append(by, "asynchronous invocations by "+strings.Join(invokers, ", "))
				}
				if len(by) == 0 {
					continue
				}
				what := "catches every error of its work"
				if code.Swallows.PerRecord {
					what = "catches every error of a record inside its loop over the batch"
				}
				c.report(f.Resource,
					fmt.Sprintf("The handler of %s %s (%s) and returns normally: for %s that is a success, so a failed event is never retried and never reaches an on-failure destination or dead-letter queue; it is lost.", name(f.Resource), what, code.Swallows.Pos, strings.Join(by, " and ")),
					"Rethrow after logging (throw err; Python: raise), or, in a batch, add the record to batchItemFailures with ReportBatchItemFailures on the mapping, so Lambda retries it and finally sends it to the failure destination.")
			}
		}
	},
}
