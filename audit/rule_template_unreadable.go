package audit

import "fmt"

var ruleTemplateUnreadable = &Rule{
	ID:       "template-unreadable",
	Severity: Error,
	Summary:  "a template or nested assembly of the cloud assembly that was not read (not a regular file, a link out of the assembly, larger than CloudFormation takes, not JSON): its stacks went unaudited",
	Source:   "https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-synth.html (a cloud assembly includes a CloudFormation template for each stack)",
	Fix:      "Run `cdk synth` again into a clean output folder, and audit the folder it writes; a template must be a regular JSON file inside the assembly.",
	check: func(c *checker) {
		for _, u := range c.model.Unread {
			if u.Partial {
				continue
			}
			what := u.File
			if u.Stack != "" {
				what = fmt.Sprintf("The template of stack %s (%s)", u.Stack, u.File)
			}
			c.report(Resource{Stack: &Stack{Name: u.Stack}, LogicalID: u.File},
				fmt.Sprintf("%s was not read: %s. None of the functions in it was audited.", what, u.Why),
				"Run `cdk synth` again so that the cloud assembly is whole, or remove the file. lambdaperf reads regular files inside the assembly folder only (no link out of it, no FIFO or device), templates of at most 4 MiB (CloudFormation deploys 1 MB).")
		}
	},
}
