package assembly

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// RefTarget returns the logical id that v references through Ref or
// Fn::GetAtt, and the attribute name for Fn::GetAtt ("" for Ref).
func RefTarget(v any) (logicalID, attr string, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", "", false
	}
	if r, isStr := m["Ref"].(string); isStr {
		if strings.HasPrefix(r, "AWS::") {
			return "", "", false
		}
		return r, "", true
	}
	switch ga := m["Fn::GetAtt"].(type) {
	case []any:
		if len(ga) == 2 {
			id, ok1 := ga[0].(string)
			at, ok2 := ga[1].(string)
			if ok1 && ok2 {
				return id, at, true
			}
		}
	case string:
		if id, at, found := strings.Cut(ga, "."); found {
			return id, at, true
		}
	}
	return "", "", false
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// refsIn returns every logical id referenced anywhere inside v (Ref,
// Fn::GetAtt and ${Name} inside Fn::Sub), in order of appearance.
func refsIn(v any) []string {
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case map[string]any:
			if id, _, ok := RefTarget(t); ok {
				out = append(out, id)
				return
			}
			if s, ok := t["Fn::Sub"]; ok {
				str, _ := s.(string)
				if arr, isArr := s.([]any); isArr && len(arr) > 0 {
					str, _ = arr[0].(string)
				}
				for _, m := range subVar.FindAllStringSubmatch(str, -1) {
					name, _, _ := strings.Cut(m[1], ".")
					if !strings.HasPrefix(name, "AWS::") {
						out = append(out, name)
					}
				}
			}
			for _, val := range t {
				walk(val)
			}
		case []any:
			for _, val := range t {
				walk(val)
			}
		}
	}
	walk(v)
	return out
}

// literalParts flattens a Fn::Join (or Fn::Sub) into its parts: literal
// strings stay strings, anything else becomes nil.
func literalParts(v any) []any {
	switch t := v.(type) {
	case string:
		return []any{t}
	case map[string]any:
		if j, ok := t["Fn::Join"].([]any); ok && len(j) == 2 {
			sep, _ := j[0].(string)
			items, _ := j[1].([]any)
			var out []any
			for i, it := range items {
				if i > 0 && sep != "" {
					out = append(out, sep)
				}
				out = append(out, literalParts(it)...)
			}
			return out
		}
		if s, ok := t["Fn::Sub"].(string); ok {
			var out []any
			rest := s
			for {
				loc := subVar.FindStringIndex(rest)
				if loc == nil {
					if rest != "" {
						out = append(out, rest)
					}
					return out
				}
				if loc[0] > 0 {
					out = append(out, rest[:loc[0]])
				}
				out = append(out, nil)
				rest = rest[loc[1]:]
			}
		}
	}
	return []any{nil}
}

// toInt reads an integer property: absent, known (numbers and numeric
// strings, as CloudFormation accepts both) or unknown.
func toInt(v any) Value[int] {
	switch t := v.(type) {
	case nil:
		return Value[int]{}
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<31 {
			return KnownValue(int(t))
		}
	case int:
		return KnownValue(t)
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 32); err == nil {
			return KnownValue(int(n))
		}
	}
	return UnknownValue[int]()
}

// toString reads a string property (numbers and booleans are rendered).
func toString(v any) Value[string] {
	switch t := v.(type) {
	case nil:
		return Value[string]{}
	case string:
		return KnownValue(t)
	case float64:
		return KnownValue(strconv.FormatFloat(t, 'f', -1, 64))
	case bool:
		return KnownValue(strconv.FormatBool(t))
	}
	return UnknownValue[string]()
}

// mapCandidates returns the possible values of a Fn::FindInMap whose keys
// are not known until deploy (CDK's region maps for layer ARNs), or nil.
func mapCandidates(mappings map[string]any, v any) []string {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return nil
	}
	args, ok := m["Fn::FindInMap"].([]any)
	if !ok || len(args) < 3 {
		return nil
	}
	name, ok := args[0].(string)
	if !ok {
		return nil
	}
	table, _ := mappings[name].(map[string]any)
	top, topKnown := args[1].(string)
	second, secondKnown := args[2].(string)
	var out []string
	for k1, row := range table {
		if topKnown && k1 != top {
			continue
		}
		cols, _ := row.(map[string]any)
		for k2, val := range cols {
			if secondKnown && k2 != second {
				continue
			}
			if s, isStr := val.(string); isStr {
				out = append(out, s)
			}
		}
	}
	return out
}
