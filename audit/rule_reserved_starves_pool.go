package audit

import (
	"fmt"
	"sort"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleReservedStarvesPool = &Rule{
	ID:       "reserved-starves-pool",
	Severity: Warning,
	Summary:  "reserved concurrency that leaves less than 100 for the rest of the account",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html (Lambda keeps at least 100 units of unreserved concurrency for functions without a reservation; the default account quota is 1,000)",
	Fix:      "Reserve only what a function must be guaranteed or capped at, or raise the account's concurrency quota and audit with the higher figure (--account-concurrency).",
	check: func(c *checker) {
		byEnv := map[string][]*Function{}
		for _, f := range c.functions() {
			if n, ok := f.Reserved.Or(0); ok && n > 0 {
				env := ""
				if f.Stack != nil {
					env = f.Stack.Environment
				}
				byEnv[env] = append(byEnv[env], f)
			}
		}
		envs := make([]string, 0, len(byEnv))
		for env := range byEnv {
			envs = append(envs, env)
		}
		sort.Strings(envs)
		for _, env := range envs {
			total := 0
			for _, f := range byEnv[env] {
				total += f.Reserved.V
			}
			left := c.opts.AccountConcurrency - total
			if left >= lambda.UnreservedConcurrency {
				continue
			}
			for _, f := range byEnv[env] {
				c.report(f.Resource,
					fmt.Sprintf("%s reserves %d; with the other reservations in this app that is %d of the account's %d, leaving %d for every other function (Lambda requires at least %d): deploys fail at the default quota and unreserved functions throttle.", name(f.Resource), f.Reserved.V, total, c.opts.AccountConcurrency, max(left, 0), lambda.UnreservedConcurrency),
					"Reserve only what a function must be guaranteed or capped at, or raise the account's concurrency quota (Service Quotas) and audit with the higher figure.")
			}
		}
	},
}
