package audit

import (
	"fmt"
	"strings"
)

var ruleAsyncWithoutDestination = &Rule{
	ID:       "async-no-failure-destination",
	Severity: Warning,
	Summary:  "a function invoked asynchronously with no on-failure destination or dead-letter queue",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (after its retries or maximum age, Lambda discards an event unless a destination or dead-letter queue keeps it)",
	Fix:      "Give asynchronous invocations an on-failure destination or a dead-letter queue (CDK: fn.ConfigureAsyncInvoke with OnFailure; lambdaperf's sources.NewAsync creates an encrypted queue).",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			es := st.EventSources
			if es == nil {
				continue
			}
			for _, f := range st.Functions {
				// Only functions a service invokes asynchronously (an S3,
				// SNS, EventBridge ... permission): silence otherwise.
				invokers := es.AsyncInvokers[f.LogicalID]
				if f.Framework || len(invokers) == 0 || es.DeadLetterTarget[f.LogicalID] {
					continue
				}
				kept := false
				for _, cfg := range es.InvokeConfigs[f.LogicalID] {
					kept = kept || cfg.OnFailure
				}
				if kept {
					continue
				}
				c.report(f.Resource,
					fmt.Sprintf("%s is invoked asynchronously (by %s) with no on-failure destination and no dead-letter queue: an event that fails its 2 retries or waits 6 hours is dropped silently.", name(f.Resource), strings.Join(invokers, ", ")),
					"Configure asynchronous invocation with an on-failure destination (CDK: fn.ConfigureAsyncInvoke(&awslambda.EventInvokeConfigOptions{OnFailure: awslambdadestinations.NewSqsDestination(queue)}); lambdaperf's sources.NewAsync creates an encrypted queue).")
			}
		}
	},
}
