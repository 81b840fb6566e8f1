package audit

import "fmt"

var ruleBundleOverBudget = &Rule{
	ID:       "bundle-over-budget",
	Severity: Warning,
	Summary:  "a code package larger than the size budget (--budget-kb)",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html (minimize your deployment package size to its runtime necessities; it is downloaded and unpacked on every cold start)",
	Fix:      "Bundle and tree-shake, drop files the handler does not use, import the AWS SDK's modular clients so tree-shaking keeps only the commands used, move large data to S3; or raise --budget-kb if the size is deliberate.",
	check: func(c *checker) {
		budget := int64(c.opts.BudgetKB) * 1024
		for _, f := range c.userFunctions() {
			if f.Asset == nil || f.Asset.ZipBytes <= budget {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The code package of %s is %s zipped (%s unzipped, %d files), over the %s budget.", name(f.Resource), mib(f.Asset.ZipBytes), mib(f.Asset.Bytes), f.Asset.Files, mib(budget)),
				"Bundle and tree-shake, drop dependencies and files the handler does not use (tests, docs, other platforms' binaries), import the AWS SDK's modular clients (@aws-sdk/client-*) so tree-shaking keeps only the commands used, move large data to S3; or raise the budget (--budget-kb) if this size is deliberate.")
		}
	},
}
