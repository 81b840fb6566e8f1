package assembly

import (
	"encoding/json"
	"strings"
)

// Resource types around functions that the advisor judges.
const (
	typeAPIMethod     = "AWS::ApiGateway::Method"
	typeAPIAuthorizer = "AWS::ApiGateway::Authorizer"
	typeDashboard     = "AWS::CloudWatch::Dashboard"
)

// APIIntegration is a REST API (API Gateway v1) method integration or
// authorizer that invokes a function of the template.
type APIIntegration struct {
	Resource
	// Authorizer says it is an authorizer, not a method integration.
	Authorizer bool
	// Function is the function it invokes.
	Function *Function
	// TimeoutMs is the integration's TimeoutInMillis (absent: API
	// Gateway's 29,000 ms default; authorizers have no such property).
	TimeoutMs Value[int]
}

// Dashboard is an AWS::CloudWatch::Dashboard whose body could be read.
type Dashboard struct {
	Resource
	// Metrics are the metrics its widgets graph.
	Metrics []DashboardMetric
}

// DashboardMetric is one metric of a dashboard widget. Dimension values
// that are references read as "${ID}".
type DashboardMetric struct {
	Widget string // the widget's title, when it has one
	// Namespace of the metric, e.g. AWS/Lambda.
	Namespace string
	// Name of the metric, e.g. Duration.
	Name string
	// Dimensions of the metric by name.
	Dimensions map[string]string
	Stat       string // the metric's stat, else the widget's, else Average
	// Hidden: "visible": false, an input of a math expression only.
	Hidden bool
}

func (r *reader) readAPI(base Resource, typ string, props map[string]any) {
	in := &APIIntegration{Resource: base, Authorizer: typ == typeAPIAuthorizer}
	uri := props["AuthorizerUri"]
	if !in.Authorizer {
		integ, _ := props["Integration"].(map[string]any)
		t, _ := integ["Type"].(string)
		if t != "AWS_PROXY" && t != "AWS" {
			return
		}
		uri = integ["Uri"]
		in.TimeoutMs = toInt(integ["TimeoutInMillis"])
	}
	for _, id := range refsIn(uri) {
		if f := r.functions[id]; f != nil {
			in.Function = f
		} else if a := r.aliases[id]; a != nil {
			in.Function = a.Function
		}
	}
	if in.Function == nil || !strings.Contains(string(mustJSON(uri)), ":lambda:path/") {
		return
	}
	r.stack.APIIntegrations = append(r.stack.APIIntegrations, in)
}

// readDashboard renders the DashboardBody (a string or a Fn::Join CDK
// writes) with references as "${ID}" and reads its metric widgets. A body
// that does not parse is skipped.
func (r *reader) readDashboard(base Resource, props map[string]any) {
	var b strings.Builder
	for i, p := range literalParts(props["DashboardBody"]) {
		if s, ok := p.(string); ok {
			b.WriteString(s)
			continue
		}
		b.WriteString("${" + placeholder(props["DashboardBody"], i) + "}")
	}
	var body struct {
		Widgets []struct {
			Properties struct {
				Title   string  `json:"title"`
				Stat    string  `json:"stat"`
				Metrics [][]any `json:"metrics"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	if json.Unmarshal([]byte(b.String()), &body) != nil {
		return
	}
	d := &Dashboard{Resource: base}
	for _, w := range body.Widgets {
		var prev []any
		for _, row := range w.Properties.Metrics {
			m, full := expandMetric(row, prev)
			prev = full
			if m == nil {
				continue
			}
			m.Widget = w.Properties.Title
			if m.Stat == "" {
				m.Stat = w.Properties.Stat
			}
			if m.Stat == "" {
				m.Stat = "Average"
			}
			d.Metrics = append(d.Metrics, *m)
		}
	}
	r.stack.Dashboards = append(r.stack.Dashboards, d)
}

// maxMetricRow is the longest metrics row: a namespace, a name and 30
// dimension pairs ("up to 30 dimensions to a metric",
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension).
// A row that expands past it is not a metric: without the cap, a 1 KB
// body of rows of "..." doubled its size with every row.
const maxMetricRow = 2 + 2*30

// expandMetric reads one metrics row [namespace, name, dim, value, ...,
// {options}], resolving "." (the previous row's value at that place) and
// "..." (all of the previous row's values); full is the expanded row.
func expandMetric(row, prev []any) (m *DashboardMetric, full []any) {
	var opts map[string]any
	for _, x := range row {
		if len(full) > maxMetricRow {
			return nil, nil
		}
		switch v := x.(type) {
		case map[string]any:
			opts = v
		case string:
			if v == "..." {
				full = append(full, prev...)
				continue
			}
			if v == "." && len(full) < len(prev) {
				full = append(full, prev[len(full)])
				continue
			}
			full = append(full, v)
		}
	}
	if opts != nil && opts["expression"] != nil || len(full) < 2 {
		return nil, full
	}
	m = &DashboardMetric{Dimensions: map[string]string{}}
	m.Namespace, _ = full[0].(string)
	m.Name, _ = full[1].(string)
	for i := 2; i+1 < len(full); i += 2 {
		k, _ := full[i].(string)
		v, _ := full[i+1].(string)
		m.Dimensions[k] = v
	}
	if s, ok := opts["stat"].(string); ok {
		m.Stat = s
	}
	m.Hidden = opts["visible"] == false
	return m, full
}

// placeholder names the i-th part of a Fn::Join: the logical id it
// references, or "?".
func placeholder(v any, i int) string {
	m, _ := v.(map[string]any)
	j, _ := m["Fn::Join"].([]any)
	if len(j) == 2 {
		if items, ok := j[1].([]any); ok && i < len(items) {
			if refs := refsIn(items[i]); len(refs) == 1 {
				return refs[0]
			}
		}
	}
	return "?"
}

func mustJSON(v any) []byte {
	data, _ := json.Marshal(v)
	return data
}
