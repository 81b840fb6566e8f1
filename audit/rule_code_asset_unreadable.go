package audit

import "fmt"

var ruleCodeAssetUnreadable = &Rule{
	ID:       "code-asset-unreadable",
	Severity: Warning,
	Summary:  "a code asset that is outside the assembly folder, unreadable or corrupt",
	Source:   "https://docs.aws.amazon.com/cdk/v2/guide/assets.html (CDK stages every asset inside the cloud assembly and lists it in the stack's asset manifest)",
	Fix:      "Synthesize with asset staging on (the default) so the asset is inside cdk.out, and check that the staged folder or zip is complete.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if f.AssetProblem == "" {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The code of %s was not inspected: %s. The bundle, source-map and architecture rules could not judge it.", name(f.Resource), f.AssetProblem),
				"Synthesize with asset staging on (the default) so the asset is inside cdk.out, and check that the staged folder or zip is complete; a corrupt zip also fails the deploy.")
		}
	},
}
