package assembly

import "sort"

// Conditions lists the conditions that Fn::If uses in the properties of
// the resources the model reads. Their values are only known at deploy:
// the model reads such a property as unknown, and Assume reads the stack
// once for each branch.
func (st *Stack) Conditions() []string {
	out := make([]string, 0, len(st.conditions))
	for c := range st.conditions {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Assume returns the stack read again with every Fn::If on the condition
// replaced by its true or false branch ({"Ref": "AWS::NoValue"} removes
// the property). Code assets are shared with st, not inspected again;
// handler code is read again only for a branch with another handler or
// runtime.
func (st *Stack) Assume(condition string, value bool) (*Stack, error) {
	tpl, _ := assume(st.template, condition, value).(map[string]any)
	alt, err := StackFromTemplate(st.Name, tpl, st.opts)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Function, len(st.Functions))
	for _, f := range st.Functions {
		byID[f.LogicalID] = f
	}
	for _, f := range alt.Functions {
		if base := byID[f.LogicalID]; base != nil {
			f.AssetPath, f.Asset, f.AssetProblem, f.NotInspected = base.AssetPath, base.Asset, base.AssetProblem, base.NotInspected
			if f.Handler == base.Handler && f.RuntimeName() == base.RuntimeName() {
				f.Code = base.Code
			}
		}
	}
	// A branch that sets another handler or runtime has its code read for
	// it (the files of the asset, not the asset inspection, again).
	(&Model{Stacks: []*Stack{alt}}).readHandlerCode()
	return alt, nil
}

// noValue marks a property or list item that AWS::NoValue removes.
type noValue struct{}

func assume(v any, condition string, value bool) any {
	switch t := v.(type) {
	case map[string]any:
		if args, ok := t["Fn::If"].([]any); ok && len(t) == 1 && len(args) == 3 {
			if c, _ := args[0].(string); c == condition {
				branch := args[2]
				if value {
					branch = args[1]
				}
				if ref, ok := branch.(map[string]any); ok && len(ref) == 1 && ref["Ref"] == "AWS::NoValue" {
					return noValue{}
				}
				return assume(branch, condition, value)
			}
		}
		out := make(map[string]any, len(t))
		for k, x := range t {
			if y := assume(x, condition, value); y != (noValue{}) {
				out[k] = y
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for _, x := range t {
			if y := assume(x, condition, value); y != (noValue{}) {
				out = append(out, y)
			}
		}
		return out
	}
	return v
}

// conditionsIn adds the conditions of every Fn::If inside v to set.
func conditionsIn(v any, set map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		if args, ok := t["Fn::If"].([]any); ok && len(args) == 3 {
			if c, ok := args[0].(string); ok {
				set[c] = true
			}
		}
		for _, x := range t {
			conditionsIn(x, set)
		}
	case []any:
		for _, x := range t {
			conditionsIn(x, set)
		}
	}
}
