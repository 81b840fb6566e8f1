package audit

import (
	"fmt"
	"strings"
)

// suppressionRuleID cannot itself be suppressed.
const suppressionRuleID = "suppression-invalid"

var ruleSuppression = &Rule{
	ID:       suppressionRuleID,
	Severity: Error,
	Summary:  "a suppression without a reason of 10+ characters, or of an unknown rule",
	Source:   "lambdaperf: findings are acknowledged per resource with a reason, as cdk-nag requires (https://github.com/cdklabs/cdk-nag#suppressing-a-rule)",
	Fix:      "Suppress only lambdaperf rule ids, each with a reason of at least 10 characters that says why the finding does not apply.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, res := range resources(st) {
				for _, s := range res.Suppressions {
					switch {
					case !c.ruleIDs[s.ID]:
						c.report(res,
							fmt.Sprintf("%s suppresses %q, which is not a lambdaperf rule.", name(res), s.ID),
							"Use a rule id from 'lambdaperf audit' output (for example default-memory), or remove the suppression.")
					case len(strings.TrimSpace(s.Reason)) < minReasonLen:
						c.report(res,
							fmt.Sprintf("%s suppresses %s with reason %q; a suppression needs a reason of at least %d characters, so the finding still counts.", name(res), s.ID, s.Reason, minReasonLen),
							"Say why the finding does not apply here, in a sentence.")
					}
				}
			}
		}
	},
}
