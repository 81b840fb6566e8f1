package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// apiDefaultTimeoutMs is how long a REST API waits for an integration or
// a Lambda authorizer unless the integration's TimeoutInMillis (raised
// through a quota increase, Regional and private APIs only) says more.
const apiDefaultTimeoutMs = 29_000

var ruleAPIGatewayTimeout = &Rule{
	ID:       "apigw-timeout-exceeded",
	Severity: Warning,
	Summary:  "a function behind a REST API integration or authorizer whose timeout is longer than API Gateway waits (29 s by default)",
	Source:   "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (integration timeout: 50 ms to 29 seconds for all integration types; raising it beyond 29 s needs a quota increase, Regional and private REST APIs only)",
	Fix:      "Set the function's Timeout at or below the API Gateway integration timeout (29 s by default), a little above its p99, or move long work behind an asynchronous pattern.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, in := range st.APIIntegrations {
				f := in.Function
				sec, ok := f.TimeoutSec.Or(lambda.DefaultTimeoutSec)
				if !ok {
					continue
				}
				wait, ok := in.TimeoutMs.Or(apiDefaultTimeoutMs)
				if !ok || in.Authorizer {
					wait = apiDefaultTimeoutMs
				}
				if sec*1000 <= wait {
					continue
				}
				what := "integration"
				if in.Authorizer {
					what = "authorizer"
				}
				c.report(in.Resource,
					fmt.Sprintf("%s is the REST API %s of %s, whose Timeout is %d s, but API Gateway stops waiting after %.0f s: callers get 504 while the function runs on, billed, and a client retry starts it again.", name(in.Resource), what, name(f.Resource), sec, float64(wait)/1000),
					fmt.Sprintf("Set the function's Timeout to at most %d s (a little above its p99), or move long work behind an asynchronous pattern (queue the job, return 202, poll or call back).", wait/1000))
			}
		}
	},
}
