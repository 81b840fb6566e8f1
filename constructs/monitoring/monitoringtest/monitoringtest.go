// Package monitoringtest reads the dashboards of a synthesized template
// back into Go values, for tests: CDK writes a DashboardBody as an Fn::Join
// of JSON text and references (function names are Refs), which this
// package resolves into one JSON document and decodes.
//
//	dashboards, err := monitoringtest.Dashboards(tpl)
//	for _, w := range dashboards["MonitoringDashboard1234"].Widgets {
//		for _, m := range w.Metrics() { ... }
//	}
package monitoringtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Resolve writes a CloudFormation value as a string: strings as they are;
// Fn::Join of its parts; {"Ref": "X"} as ${X}; Fn::GetAtt as ${X.Attr};
// Fn::ImportValue as ${Import:name}. References stay readable placeholders
// (a function name becomes ${NodeApiFunction1234}), and every one is
// JSON-safe.
func Resolve(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case map[string]any:
		if len(v) != 1 {
			return "", fmt.Errorf("monitoringtest: cannot resolve %v", v)
		}
		for fn, arg := range v {
			switch fn {
			case "Ref":
				return fmt.Sprintf("${%v}", arg), nil
			case "Fn::GetAtt":
				parts, _ := arg.([]any)
				if len(parts) != 2 {
					return "", fmt.Errorf("monitoringtest: Fn::GetAtt %v", arg)
				}
				return fmt.Sprintf("${%v.%v}", parts[0], parts[1]), nil
			case "Fn::ImportValue":
				name, err := Resolve(arg)
				if err != nil {
					return "", err
				}
				return "${Import:" + name + "}", nil
			case "Fn::Join":
				parts, _ := arg.([]any)
				if len(parts) != 2 {
					return "", fmt.Errorf("monitoringtest: Fn::Join %v", arg)
				}
				sep, _ := parts[0].(string)
				items, _ := parts[1].([]any)
				out := make([]string, len(items))
				for i, item := range items {
					s, err := Resolve(item)
					if err != nil {
						return "", err
					}
					out[i] = s
				}
				return strings.Join(out, sep), nil
			}
			return "", fmt.Errorf("monitoringtest: cannot resolve %s", fn)
		}
	}
	return "", fmt.Errorf("monitoringtest: cannot resolve %T %v", v, v)
}

// Body is a decoded DashboardBody
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
type Body struct {
	// Start is the dashboard's default time range start, e.g. -PT3H.
	Start string `json:"start"`
	// Widgets in the order of the body.
	Widgets []Widget `json:"widgets"`
}

// Widget is one widget of a dashboard.
type Widget struct {
	// Type is "metric", "text" or "alarm".
	Type string `json:"type"`
	// X is the widget's column, 0..23.
	X int `json:"x"`
	// Y is the widget's row.
	Y int `json:"y"`
	// Width in grid units (24 is the full width).
	Width int `json:"width"`
	// Height in grid units.
	Height int `json:"height"`
	// Properties of the widget.
	Properties Properties `json:"properties"`
}

// Properties of a widget; which are set depends on its type.
type Properties struct {
	// Title of a graph or alarm widget.
	Title string `json:"title"`
	// View of a graph: timeSeries, singleValue ...
	View string `json:"view"`
	// Region of the metrics.
	Region string `json:"region"`
	// Stacked says a graph stacks its lines.
	Stacked bool `json:"stacked"`
	// Period of the metrics, in seconds.
	Period int `json:"period"`
	// Markdown of a text widget.
	Markdown string `json:"markdown"`
	// Alarms an alarm-status widget shows, by ARN.
	Alarms []string `json:"alarms"`
	// RawMetrics is the metrics array as written; Widget.Metrics decodes it.
	RawMetrics [][]any `json:"metrics"`
	// Annotations are a graph's horizontal lines.
	Annotations Annotations `json:"annotations"`
	// YAxis holds the left and right axes.
	YAxis map[string]Axis `json:"yAxis"`
}

// Annotations of a graph.
type Annotations struct {
	// Horizontal lines, on either axis.
	Horizontal []Annotation `json:"horizontal"`
}

// Annotation is a horizontal line on a graph.
type Annotation struct {
	// Label of the line.
	Label string `json:"label"`
	// Value where the line is drawn.
	Value float64 `json:"value"`
	// Color of the line, #rrggbb.
	Color string `json:"color"`
	// YAxis is "left" or "right".
	YAxis string `json:"yAxis"`
}

// Axis of a graph.
type Axis struct {
	// Label of the axis.
	Label string `json:"label"`
	// Min of the axis; nil when open.
	Min *float64 `json:"min"`
	// Max of the axis; nil when open.
	Max *float64 `json:"max"`
	// ShowUnits says the axis shows the metrics' units.
	ShowUnits *bool `json:"showUnits"`
}

// Metric is one line of a graph's metrics array: a metric, or a metric
// math expression.
type Metric struct {
	// Namespace of a metric, e.g. AWS/Lambda; "" for an expression.
	Namespace string
	// Name of a metric, e.g. Duration.
	Name string
	// Dimensions of a metric by name.
	Dimensions map[string]string
	// Expression of a metric math line.
	Expression string
	// ID of the line, referred to by expressions.
	ID string
	// Label of the line.
	Label string
	// Stat of a metric, e.g. p99 or Sum.
	Stat string
	// Period of the line, in seconds; 0 for the widget's.
	Period int
	// Color of the line, #rrggbb.
	Color string
	YAxis string // "left" unless "right"
	// Visible is false for a line only used as an expression's input.
	Visible bool
}

// Metrics decodes the metrics array of a graph: ["Namespace", "Name",
// "Dim", "value", ..., {options}] or [{"expression": ...}].
func (w Widget) Metrics() []Metric {
	var out []Metric
	for _, raw := range w.Properties.RawMetrics {
		m := Metric{YAxis: "left", Visible: true, Dimensions: map[string]string{}}
		var strs []string
		for _, item := range raw {
			switch v := item.(type) {
			case string:
				strs = append(strs, v)
			case map[string]any:
				str := func(k string) string { s, _ := v[k].(string); return s }
				m.Expression, m.ID, m.Label, m.Stat, m.Color = str("expression"), str("id"), str("label"), str("stat"), str("color")
				if y := str("yAxis"); y != "" {
					m.YAxis = y
				}
				if p, ok := v["period"].(float64); ok {
					m.Period = int(p)
				}
				if vis, ok := v["visible"].(bool); ok {
					m.Visible = vis
				}
			}
		}
		if len(strs) >= 2 {
			m.Namespace, m.Name = strs[0], strs[1]
			for i := 2; i+1 < len(strs); i += 2 {
				m.Dimensions[strs[i]] = strs[i+1]
			}
		}
		out = append(out, m)
	}
	return out
}

// Visible are the metrics drawn on the graph (not only used by math).
func (w Widget) Visible() []Metric {
	var out []Metric
	for _, m := range w.Metrics() {
		if m.Visible {
			out = append(out, m)
		}
	}
	return out
}

// ByID finds the metric with a math ID.
func (w Widget) ByID(id string) (Metric, bool) {
	for _, m := range w.Metrics() {
		if m.ID == id {
			return m, true
		}
	}
	return Metric{}, false
}

// Graphs are the dashboard's metric widgets, by title; titles shared by
// several graphs (one per function) list them in order.
func (b Body) Graphs() map[string][]Widget {
	out := map[string][]Widget{}
	for _, w := range b.Widgets {
		if w.Type == "metric" {
			out[w.Properties.Title] = append(out[w.Properties.Title], w)
		}
	}
	return out
}

// Texts are the Markdown of the dashboard's text widgets, in order.
func (b Body) Texts() []string {
	var out []string
	for _, w := range b.Widgets {
		if w.Type == "text" {
			out = append(out, w.Properties.Markdown)
		}
	}
	return out
}

// Dashboards decodes the body of every AWS::CloudWatch::Dashboard in a
// template, by logical ID.
func Dashboards(tpl map[string]any) (map[string]Body, error) {
	out := map[string]Body{}
	res, _ := tpl["Resources"].(map[string]any)
	ids := make([]string, 0, len(res))
	for id := range res {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r, _ := res[id].(map[string]any)
		if r["Type"] != "AWS::CloudWatch::Dashboard" {
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		text, err := Resolve(props["DashboardBody"])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		var b Body
		if err := json.Unmarshal([]byte(text), &b); err != nil {
			return nil, fmt.Errorf("%s: DashboardBody is not JSON once resolved: %w\n%s", id, err, text)
		}
		out[id] = b
	}
	return out, nil
}
