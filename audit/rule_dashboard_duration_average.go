package audit

import (
	"fmt"
	"sort"
	"strings"
)

var ruleDashboardDurationAverage = &Rule{
	ID:       "dashboard-duration-average",
	Severity: Warning,
	Summary:  "a dashboard that graphs a function's Lambda Duration with no percentile",
	Source:   "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html (percentiles show the tail an average hides); playbook: track p99 duration, not the average",
	Fix:      "Graph Lambda Duration as percentiles (p99 and p50), not the average alone.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, d := range st.Dashboards {
				// Statistics graphed per function, whatever its qualifier
				// (Resource): a p99 of the alias covers the function.
				stats := map[string][]string{}
				for _, m := range d.Metrics {
					if m.Namespace != "AWS/Lambda" || m.Name != "Duration" || m.Hidden {
						continue
					}
					k := dimensionsKey(map[string]string{"FunctionName": m.Dimensions["FunctionName"]})
					if _, ok := m.Dimensions["FunctionName"]; !ok {
						k = dimensionsKey(nil)
					}
					stats[k] = append(stats[k], m.Stat)
				}
				keys := make([]string, 0, len(stats))
				for k := range stats {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					if hasPercentile(stats[k]) || !contains(stats[k], "Average") {
						continue // a Sum feeds a cost, not a latency view
					}
					c.report(d.Resource,
						fmt.Sprintf("dashboard %s graphs Lambda Duration of %s as %s and no percentile: an average hides the slow tail (cold starts, retries) that users feel.", name(d.Resource), k, strings.Join(stats[k], " and ")),
						"Graph p99 (and p50) instead: CDK fn.metricDuration({statistic: 'p99'}); lambdaperf's monitoring dashboards do.")
				}
			}
		}
	},
}

// dimensionsKey renders metric dimensions as "Name=value,..." in order.
func dimensionsKey(dims map[string]string) string {
	if len(dims) == 0 {
		return "all functions"
	}
	parts := make([]string, 0, len(dims))
	for k, v := range dims {
		// A reference reads "${LogicalID}": name the resource.
		if id, ok := strings.CutPrefix(v, "${"); ok {
			v = strings.TrimSuffix(id, "}")
		}
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// hasPercentile reports whether a statistic shows a distribution: p99,
// trimmed (tm99, TM(..)), winsorized, percentile rank or IQM.
func hasPercentile(stats []string) bool {
	for _, s := range stats {
		l := strings.ToLower(s)
		if l == "iqm" {
			return true
		}
		for _, p := range []string{"p", "tm", "wm", "tc", "ts", "pr("} {
			if rest, ok := strings.CutPrefix(l, p); ok && rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == '(' || p == "pr(") {
				return true
			}
		}
	}
	return false
}
