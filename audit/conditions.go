package audit

import "fmt"

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
		for _, cond := range st.Conditions() {
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
