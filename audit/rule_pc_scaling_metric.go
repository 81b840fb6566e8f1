package audit

import (
	"fmt"
	"strings"
)

// pcUtilization is the one predefined metric Lambda provisioned
// concurrency scales on.
const pcUtilization = "LambdaProvisionedConcurrencyUtilization"

var rulePCScalingMetric = &Rule{
	ID:       "pc-scaling-metric-unknown",
	Severity: Error,
	Summary:  "target tracking on a metric that names no function or alias of the template, or another service's predefined metric",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html (provisioned-concurrency metrics carry FunctionName and Resource = function:alias dimensions) and https://docs.aws.amazon.com/autoscaling/application/userguide/monitor-cloudwatch-metrics.html (a metric that does not exist never triggers scaling)",
	Fix:      "Track the predefined LambdaProvisionedConcurrencyUtilization, or build the metric from the alias so its dimensions name the function and function:alias.",
	check: func(c *checker) {
		const fix = "Track the predefined LambdaProvisionedConcurrencyUtilization (CDK: scaling.scaleOnUtilization({utilizationTarget: 0.7})), or build the metric from the alias (alias.metric('ProvisionedConcurrencyUtilization')) so its dimensions are FunctionName = the function and Resource = function:alias."
		for _, st := range c.model.Stacks {
			for _, p := range st.ScalingPolicies {
				if p.Predefined.Known() && p.Predefined.V != pcUtilization {
					c.report(p.Resource,
						fmt.Sprintf("scaling policy %s tracks predefined metric %s, which is not a Lambda metric: Application Auto Scaling rejects it for provisioned concurrency, whose only predefined metric is %s.", name(p.Resource), p.Predefined.V, pcUtilization), fix)
				}
				if p.Metric == nil || !p.Metric.Namespace.Known() || p.Metric.Namespace.V != "AWS/Lambda" {
					continue
				}
				if why := badDimensions(p.Metric.Dimensions); why != "" {
					c.report(p.Resource,
						fmt.Sprintf("scaling policy %s tracks %s with %s: no such metric is published, so the policy never scales.", name(p.Resource), metricName(p.Metric), why), fix)
				}
			}
		}
	},
}

// badDimensions says why a Lambda metric's dimensions name nothing that
// exists, or "" when they do (or cannot be known).
func badDimensions(dims []Dimension) string {
	var problems []string
	var fnDim, resDim *Dimension
	for i, d := range dims {
		switch d.Name {
		case "FunctionName":
			fnDim = &dims[i]
		case "Resource":
			resDim = &dims[i]
		}
	}
	for _, d := range []*Dimension{fnDim, resDim} {
		if d != nil && d.NotFunction {
			problems = append(problems, fmt.Sprintf("dimension %s names a resource that is not a function", d.Name))
		}
	}
	if fnDim != nil && fnDim.Function != nil && fnDim.Qualifier.Known() && fnDim.Qualifier.V != "" {
		problems = append(problems, fmt.Sprintf("dimension FunctionName %q carries a qualifier (Resource holds function:alias)", fnDim.Value.V))
	}
	if resDim != nil && resDim.Function != nil && resDim.Qualifier.Known() {
		q := resDim.Qualifier.V
		switch {
		case fnDim != nil && fnDim.Function != nil && fnDim.Function != resDim.Function:
			problems = append(problems, "dimensions FunctionName and Resource name different functions")
		case q == "":
			// Resource = the function name alone: the unqualified metric.
		case strings.Trim(q, "0123456789") == "":
			// A version number.
		case !hasAlias(resDim.Function, q):
			problems = append(problems, fmt.Sprintf("dimension Resource names qualifier %q, which is no alias of %s (aliases: %s)", q, name(resDim.Function.Resource), aliasNames(resDim.Function)))
		}
	}
	return strings.Join(problems, "; ")
}

func hasAlias(f *Function, q string) bool {
	for _, a := range f.Aliases {
		if a.Name == q {
			return true
		}
	}
	return false
}

func aliasNames(f *Function) string {
	var out []string
	for _, a := range f.Aliases {
		out = append(out, a.Name)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func metricName(m *CustomMetric) string {
	if m.MetricName.Known() {
		return "AWS/Lambda " + m.MetricName.V
	}
	return "an AWS/Lambda metric"
}
