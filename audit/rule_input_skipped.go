package audit

import (
	"fmt"
	"strings"
)

var ruleInputSkipped = &Rule{
	ID:       "input-skipped",
	Severity: Warning,
	Summary:  "a part of the input the audit read the stacks without: an asset manifest or construct metadata it could not read, special files or links out of a code asset, conditions past what it decides both ways",
	Source:   "https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-synth.html (a cloud assembly includes everything needed to deploy: templates, asset manifests, file assets)",
	Fix:      "Audit the assembly `cdk synth` wrote, unchanged: every asset manifest and metadata file readable, no special files or links out of code assets; split a stack whose conditions pass the limit.",
	check: func(c *checker) {
		for _, u := range c.model.Unread {
			if !u.Partial {
				continue
			}
			c.report(Resource{Stack: &Stack{Name: u.Stack}, LogicalID: u.File},
				fmt.Sprintf("%s was not read: %s.", u.File, u.Why),
				"Run `cdk synth` again so that the cloud assembly is whole; lambdaperf reads regular files inside the assembly folder only.")
		}
		for _, f := range c.functions() {
			if f.Asset == nil || len(f.Asset.Skipped) == 0 {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The code asset of %s has entries that were not read: %s. A Lambda .zip package holds files, folders and links inside it; these would not work there.", name(f.Resource), strings.Join(f.Asset.Skipped, ", ")),
				"Remove the special files and the links that leave the package (or lead nowhere) from the code asset's folder.")
		}
	},
}
