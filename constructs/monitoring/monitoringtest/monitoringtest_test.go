package monitoringtest

import (
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	v := map[string]any{"Fn::Join": []any{"", []any{
		`{"a":"`, map[string]any{"Ref": "Fn1"}, `:live","b":"`,
		map[string]any{"Fn::GetAtt": []any{"Alarm", "Arn"}}, `","c":"`,
		map[string]any{"Fn::ImportValue": "Api:Export"}, `"}`,
	}}}
	got, err := Resolve(v)
	if want := `{"a":"${Fn1}:live","b":"${Alarm.Arn}","c":"${Import:Api:Export}"}`; err != nil || got != want {
		t.Errorf("Resolve = %s, %v; want %s", got, err, want)
	}
	if _, err := Resolve(map[string]any{"Fn::Sub": "x"}); err == nil || !strings.Contains(err.Error(), "Fn::Sub") {
		t.Errorf("an unsupported intrinsic resolved: %v", err)
	}
}

func TestMetrics(t *testing.T) {
	w := Widget{Type: "metric", Properties: Properties{RawMetrics: [][]any{
		{"AWS/Lambda", "Duration", "FunctionName", "f", "Resource", "f:live", map[string]any{"stat": "p99", "period": 60.0}},
		{map[string]any{"expression": "100 * e / i", "label": "rate", "yAxis": "right"}},
		{"AWS/Lambda", "Errors", "FunctionName", "f", map[string]any{"id": "e", "visible": false, "stat": "Sum"}},
	}}}
	ms := w.Metrics()
	if len(ms) != 3 || ms[0].Dimensions["Resource"] != "f:live" || ms[0].Stat != "p99" || ms[0].Period != 60 ||
		ms[1].Expression != "100 * e / i" || ms[1].YAxis != "right" || ms[2].Visible {
		t.Errorf("Metrics() = %+v", ms)
	}
	if len(w.Visible()) != 2 {
		t.Errorf("Visible() = %+v", w.Visible())
	}
	if m, ok := w.ByID("e"); !ok || m.Name != "Errors" {
		t.Errorf("ByID(e) = %+v, %v", m, ok)
	}
}
