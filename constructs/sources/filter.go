package sources

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Filter is one filter criterion of an event source mapping: a pattern in
// the EventBridge pattern syntax over the event record, e.g. for SQS
//
//	sources.Filter{"body": map[string]any{"type": []any{"order"}}}
//
// Lambda invokes the function only with records that match at least one of
// a source's filters, so events it would ignore are never billed. On an
// SQS source, Lambda deletes the messages that match no filter.
// Every leaf of a pattern is a list of values or matchers (Lambda rejects
// a bare value), and a pattern is at most MaxFilterPattern characters.
type Filter map[string]any

// resolveFilters checks filters and returns each as its JSON pattern.
func resolveFilters(filters []Filter, fail func(string, ...any)) []string {
	if len(filters) > MaxFilters {
		fail("Filters has %d filters, Lambda allows %d per event source mapping (the default quota): merge patterns, or ask for a higher quota and set them on the mapping yourself", len(filters), MaxFilters)
	}
	var out []string
	for i, f := range filters {
		if len(f) == 0 {
			fail("Filters[%d] is empty: it would match every record; remove it", i)
			continue
		}
		b, err := json.Marshal(f)
		if err != nil {
			fail("Filters[%d] is not JSON: %v", i, err)
			continue
		}
		if len(b) > MaxFilterPattern {
			fail("Filters[%d] is %d characters of JSON, Lambda allows %d: split it into several filters", i, len(b), MaxFilterPattern)
		}
		if path := bareLeaf(map[string]any(f), ""); path != "" {
			fail("Filters[%d] has a bare value at %s: Lambda wants a list of values or matchers at every leaf, e.g. [\"order\"] instead of \"order\"", i, path)
		}
		out = append(out, string(b))
	}
	return out
}

// bareLeaf is the path of the first leaf of a pattern that is not a list,
// or "".
func bareLeaf(m map[string]any, at string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		path := k
		if at != "" {
			path = at + "." + k
		}
		switch v := m[k].(type) {
		case map[string]any:
			if p := bareLeaf(v, path); p != "" {
				return p
			}
		case Filter:
			if p := bareLeaf(map[string]any(v), path); p != "" {
				return p
			}
		case []any, []string, []float64, []int, []map[string]any:
		default:
			return fmt.Sprintf("%s (%v)", path, v)
		}
	}
	return ""
}
