package audit

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleTimeoutOutOfRange = &Rule{
	ID:       "timeout-out-of-range",
	Severity: Error,
	Summary:  fmt.Sprintf("timeout outside %d..%d seconds", lambda.MinTimeoutSec, lambda.MaxTimeoutSec),
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html (the maximum timeout is 900 seconds, 15 minutes)",
	Fix:      "Set Timeout within 1..900 seconds, a little above the p99 duration; longer work belongs in Step Functions or a container task.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if !f.TimeoutSec.Known() || lambda.TimeoutInRange(time.Duration(f.TimeoutSec.V)*time.Second) {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s has Timeout %d s; Lambda accepts %d..%d s: the deploy fails.", name(f.Resource), f.TimeoutSec.V, lambda.MinTimeoutSec, lambda.MaxTimeoutSec),
				fmt.Sprintf("Set Timeout within %d..%d seconds, a little above the p99 duration; work longer than 15 minutes belongs in Step Functions or a container task.", lambda.MinTimeoutSec, lambda.MaxTimeoutSec))
		}
	},
}
