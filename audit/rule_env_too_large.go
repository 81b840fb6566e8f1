package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleEnvTooLarge = &Rule{
	ID:       "env-too-large",
	Severity: Error,
	Summary:  "environment variables over Lambda's 4 KB limit",
	Source:   lambda.QuotasDoc + " (function environment variables: 4 KB, for all environment variables associated with the function, in aggregate; Lambda measures the JSON of the Variables map)",
	Fix:      "Move large values to SSM Parameter Store or Secrets Manager and read them at init; keep only their names in the environment.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if f.EnvAllUnknown || len(f.Env)+len(f.EnvUnknown) == 0 {
				continue
			}
			size := envSize(f)
			if lambda.EnvironmentFits(size) {
				continue
			}
			at := ""
			if len(f.EnvUnknown) > 0 {
				at = fmt.Sprintf("at least %d bytes (%d values resolved at deploy counted as empty)", size, len(f.EnvUnknown))
			} else {
				at = fmt.Sprintf("%d bytes", size)
			}
			c.report(f.Resource,
				fmt.Sprintf("The %[2]d environment variables of %[1]s measure %[3]s as Lambda counts them, over the 4 KB (%[4]d bytes) limit: the deploy fails.", name(f.Resource), len(f.Env)+len(f.EnvUnknown), at, lambda.MaxEnvironmentBytes),
				"Move large values (certificates, JSON documents, long lists) to SSM Parameter Store or Secrets Manager and read them at init, for example through the AWS Parameters and Secrets Lambda Extension; keep only their names in the environment.")
		}
	},
}

// envSize is the size Lambda counts (lambda.EnvironmentSize), values not
// known until deploy counted as empty strings.
func envSize(f *Function) int {
	vars := make(map[string]string, len(f.Env)+len(f.EnvUnknown))
	for k, v := range f.Env {
		vars[k] = v
	}
	for _, k := range f.EnvUnknown {
		vars[k] = ""
	}
	return lambda.EnvironmentSize(vars)
}
