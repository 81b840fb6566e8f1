package audit

import (
	"fmt"
	"strings"
)

// maxConditionReads bounds the work of deciding conditions both ways:
// each decision reads the whole stack again, so that a 500 KB template of
// 2,000 conditions over 2,000 functions took 103 s (measured on a shared
// 2-core machine). A stack's conditions are decided while the resources
// read again, summed over its decisions, stay within the budget; the rest
// are not, and an input-skipped finding says which.
const maxConditionReads = 100_000

// conditionFindings runs the error rules once for each branch of every
// condition that Fn::If uses in a stack: an invalid value in either branch
// fails the deploy that takes it. A finding the unconditional run did not
// make is reported once, naming the condition and the branch.
func conditionFindings(m *Model, rules []*Rule, opts Options, ids map[string]bool, base []Finding) []Finding {
	type key struct{ rule, stack, resource, message string }
	seen := map[key]bool{}
	for _, f := range base {
		seen[key{f.Rule, f.Stack, f.Resource, f.Message}] = true
	}
	var out []Finding
	for _, st := range m.Stacks {
		conds := st.Conditions()
		if n := maxConditionReads / (2 * (len(resources(st)) + 1)); n < len(conds) {
			c := &checker{rule: ruleInputSkipped, model: m, opts: opts, ruleIDs: ids}
			c.report(Resource{Stack: st, LogicalID: "Conditions"},
				fmt.Sprintf("Stack %s has %d conditions in Fn::If; the error rules ran with the first %d decided both ways, not with %s.", st.Name, len(conds), n, someOf(conds[n:], 5)),
				"Audit the template as deployed with its parameters decided, or split the stack: a stack of fewer resources and conditions is audited whole.")
			out = append(out, c.findings...)
			conds = conds[:n]
		}
		for _, cond := range conds {
			for _, value := range []bool{true, false} {
				alt, err := st.Assume(cond, value)
				if err != nil {
					continue
				}
				one := &Model{Stacks: []*Stack{alt}}
				for _, r := range rules {
					if r.Severity != Error || r.ID == suppressionRuleID {
						continue
					}
					c := &checker{rule: r, model: one, opts: opts, ruleIDs: ids}
					r.check(c)
					for _, f := range c.findings {
						k := key{f.Rule, f.Stack, f.Resource, f.Message}
						if seen[k] {
							continue
						}
						seen[k] = true
						f.Message = fmt.Sprintf("When condition %s is %v (Fn::If): %s", cond, value, f.Message)
						out = append(out, f)
					}
				}
			}
		}
	}
	return out
}

// someOf lists up to n of names, and how many more there are.
func someOf(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}
