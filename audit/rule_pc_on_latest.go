package audit

import "fmt"

var rulePCOnLatest = &Rule{
	ID:       "pc-on-latest",
	Severity: Error,
	Summary:  "provisioned concurrency on $LATEST, the unpublished version",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html (provisioned concurrency is configured on a published version or an alias, never on $LATEST)",
	Fix:      "Publish a version and put provisioned concurrency on an alias of it; scale the alias (ResourceId function:<name>:<alias>), never $LATEST.",
	check: func(c *checker) {
		const fix = "Publish a version and put provisioned concurrency on an alias of it: in CDK, fn.AddAlias(\"live\", &AliasOptions{ProvisionedConcurrentExecutions: ...}) (an alias of fn.CurrentVersion)."
		for _, st := range c.model.Stacks {
			for _, a := range st.Aliases {
				if !a.OnLatest() || (!a.Provisioned.Set && len(a.ScalableTargets) == 0) {
					continue
				}
				if n, ok := a.Provisioned.Or(0); ok && n == 0 && len(a.ScalableTargets) == 0 {
					continue
				}
				c.report(a.Resource, fmt.Sprintf("alias %q points at $LATEST and has provisioned concurrency: Lambda only provisions published versions, so the deploy fails.", a.Name), fix)
			}
			for _, t := range st.ScalableTargets {
				if t.Alias != nil || !t.Qualifier.Known() {
					continue
				}
				switch t.Qualifier.V {
				case "":
					c.report(t.Resource, "the provisioned-concurrency scalable target names a function without a qualifier (\"function:<name>\"), which means $LATEST: Application Auto Scaling cannot provision it.", fix+" Scale the alias: ResourceId function:<name>:<alias>.")
				case LatestVersion:
					c.report(t.Resource, "the provisioned-concurrency scalable target scales $LATEST, the unpublished version: Lambda rejects it.", fix+" Scale the alias: ResourceId function:<name>:<alias>.")
				}
			}
		}
	},
}
