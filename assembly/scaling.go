package assembly

import (
	"reflect"
	"strings"
)

const typeScalingPolicy = "AWS::ApplicationAutoScaling::ScalingPolicy"

// ScheduledAction is one entry of a scalable target's ScheduledActions.
type ScheduledAction struct {
	// Name is ScheduledActionName.
	Name string
	// Schedule is the schedule expression: at(...), rate(...) or cron(...).
	Schedule Value[string]
	// Min and Max are the action's MinCapacity and MaxCapacity.
	Min, Max Value[int]
}

// ScalingPolicy is an AWS::ApplicationAutoScaling::ScalingPolicy on a
// provisioned-concurrency scalable target.
type ScalingPolicy struct {
	Resource
	// Target is the scalable target the policy scales.
	Target *ScalableTarget
	Type   string // TargetTrackingScaling or StepScaling
	// Predefined is the predefined metric type of a target-tracking policy.
	Predefined Value[string]
	// Metric is the customized metric of a target-tracking policy.
	Metric *CustomMetric
}

// CustomMetric is a target-tracking policy's CustomizedMetricSpecification.
type CustomMetric struct {
	// Namespace and MetricName name the tracked metric.
	Namespace, MetricName Value[string]
	// Dimensions of the tracked metric.
	Dimensions []Dimension
}

// Dimension is one metric dimension. Function is the function of the
// template its value names ({"Ref": fn}, a literal FunctionName, or
// either followed by ":qualifier"); Qualifier is what follows the name
// (known "" when nothing does). NotFunction is set when the value refers
// to a resource of the template that is not a function.
type Dimension struct {
	// Name of the dimension.
	Name string
	// Value of the dimension, as written.
	Value Value[string]
	// Function is the function of the template the value names; nil when
	// none.
	Function *Function
	// Qualifier is what follows the function name in the value.
	Qualifier Value[string]
	// NotFunction says the value refers to a template resource that is not a
	// function.
	NotFunction bool
}

func (r *reader) readScheduledActions(st *ScalableTarget, v any) {
	list, _ := v.([]any)
	for _, item := range list {
		m, _ := item.(map[string]any)
		a := ScheduledAction{Schedule: toString(m["Schedule"])}
		a.Name, _ = m["ScheduledActionName"].(string)
		if sta, ok := m["ScalableTargetAction"].(map[string]any); ok {
			a.Min, a.Max = toInt(sta["MinCapacity"]), toInt(sta["MaxCapacity"])
		}
		st.ScheduledActions = append(st.ScheduledActions, a)
	}
}

// linkLiteralTarget links a scalable target whose ResourceId is a literal
// "function:NAME:QUALIFIER" to the function whose FunctionName is NAME,
// and says whether the template orders the target after its alias.
func (r *reader) linkLiteralTarget(st *ScalableTarget, rid any) {
	if s, ok := rid.(string); ok {
		st.LiteralResourceID = true
		if rest, found := strings.CutPrefix(s, "function:"); found {
			name, _, _ := strings.Cut(rest, ":")
			if st.Function == nil && st.Alias == nil {
				st.Function = r.functionRef(name)
			}
		}
	}
	if st.Alias == nil && st.Function != nil {
		for _, a := range st.Function.Aliases {
			if st.Qualifier.Known() && a.Name == st.Qualifier.V {
				st.Alias = a
			}
		}
	}
	if st.Alias != nil {
		st.OrderedAfterAlias = r.dependsOn(st.LogicalID, st.Alias.LogicalID)
	}
}

// dependsOn reports whether CloudFormation creates resource id after
// target: a Ref, Fn::GetAtt, ${} or DependsOn, directly or through other
// resources.
func (r *reader) dependsOn(id, target string) bool {
	seen := map[string]bool{}
	var walk func(string) bool
	walk = func(cur string) bool {
		if seen[cur] {
			return false
		}
		seen[cur] = true
		for _, dep := range r.deps(cur) {
			if dep == target || walk(dep) {
				return true
			}
		}
		return false
	}
	return walk(id)
}

// deps lists the resources one resource directly depends on.
func (r *reader) deps(id string) []string {
	res, _ := r.resources[id].(map[string]any)
	out := refsIn(res["Properties"])
	switch d := res["DependsOn"].(type) {
	case string:
		out = append(out, d)
	case []any:
		for _, x := range d {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func (r *reader) readScalingPolicy(base Resource, props map[string]any) {
	p := &ScalingPolicy{Resource: base}
	p.Type, _ = props["PolicyType"].(string)
	if id, _, ok := RefTarget(props["ScalingTargetId"]); ok {
		p.Target = r.scalableTargets[id]
	} else if rid := props["ResourceId"]; rid != nil {
		for _, st := range r.stack.ScalableTargets {
			res, _ := r.resources[st.LogicalID].(map[string]any)
			tp, _ := res["Properties"].(map[string]any)
			if reflect.DeepEqual(tp["ResourceId"], rid) {
				p.Target = st
			}
		}
	}
	if p.Target == nil {
		return // not a provisioned-concurrency target of this template
	}
	if tt, ok := props["TargetTrackingScalingPolicyConfiguration"].(map[string]any); ok {
		if pm, ok := tt["PredefinedMetricSpecification"].(map[string]any); ok {
			p.Predefined = toString(pm["PredefinedMetricType"])
		}
		if cm, ok := tt["CustomizedMetricSpecification"].(map[string]any); ok {
			m := &CustomMetric{Namespace: toString(cm["Namespace"]), MetricName: toString(cm["MetricName"])}
			dims, _ := cm["Dimensions"].([]any)
			for _, d := range dims {
				dm, _ := d.(map[string]any)
				name, _ := dm["Name"].(string)
				m.Dimensions = append(m.Dimensions, r.dimension(name, dm["Value"]))
			}
			p.Metric = m
		}
	}
	p.Target.Policies = append(p.Target.Policies, p)
	r.stack.ScalingPolicies = append(r.stack.ScalingPolicies, p)
}

// dimension resolves a metric dimension's value to a function and
// qualifier where it names one.
func (r *reader) dimension(name string, v any) Dimension {
	d := Dimension{Name: name, Value: toString(v)}
	const hole = "\x00"
	var b strings.Builder
	for _, p := range literalParts(v) {
		if s, ok := p.(string); ok {
			b.WriteString(s)
		} else {
			b.WriteString(hole)
		}
	}
	head, qualifier, hasQualifier := strings.Cut(b.String(), ":")
	switch refs := refsIn(v); {
	case head == hole && len(refs) == 1:
		d.Function = r.functions[refs[0]]
		d.NotFunction = d.Function == nil && r.resources[refs[0]] != nil
	case !strings.Contains(head, hole) && len(refs) == 0 && head != "":
		d.Function = r.functionRef(head)
	default:
		return d
	}
	switch {
	case !hasQualifier:
		d.Qualifier = KnownValue("")
	case strings.Contains(qualifier, hole):
		d.Qualifier = UnknownValue[string]()
	default:
		d.Qualifier = KnownValue(qualifier)
	}
	return d
}
