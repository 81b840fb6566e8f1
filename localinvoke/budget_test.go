package localinvoke

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFunctionBudget(t *testing.T) {
	t.Run("the reference API stack's alarms", func(t *testing.T) {
		fn := &Function{LogicalID: "GoApiFunction00C6C8BD", TimeoutSec: 10, template: filepath.Join("..", "test", "testdata", "LambdaPerfApi.template.json")}
		b := FunctionBudget(fn)
		if b.P99 != 8*time.Second || b.MaxErrorRatePercent != 1 ||
			b.P99Source != "the p99 duration alarm MonitoringGoApiLatencyP99Critical5B1440EA (8000 ms)" ||
			b.ErrorRateSource != "the error-rate alarm MonitoringGoApiErrorRateCriticalFAA2D8A4 (1 %)" {
			t.Errorf("budget %+v", b)
		}
	})
	dim := func(id string) []map[string]any {
		return []map[string]any{{"Name": "FunctionName", "Value": map[string]any{"Ref": id}}}
	}
	math := func(id string, threshold float64) map[string]any {
		return map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{
			"ComparisonOperator": "GreaterThanThreshold", "Threshold": threshold,
			"Metrics": []map[string]any{
				{"Id": "e", "Expression": "100 * errors / invocations"},
				{"Id": "errors", "MetricStat": map[string]any{"Metric": map[string]any{"Namespace": "AWS/Lambda", "MetricName": "Errors", "Dimensions": dim(id)}, "Stat": "Sum"}},
				{"Id": "invocations", "MetricStat": map[string]any{"Metric": map[string]any{"Namespace": "AWS/Lambda", "MetricName": "Invocations", "Dimensions": dim(id)}, "Stat": "Sum"}},
			},
		}}
	}
	single := func(id string, threshold float64) map[string]any {
		return map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{
			"ComparisonOperator": "GreaterThanThreshold", "Threshold": threshold,
			"Namespace": "AWS/Lambda", "MetricName": "Duration", "ExtendedStatistic": "p99", "Dimensions": dim(id),
		}}
	}
	dir := t.TempDir()
	tpl := filepath.Join(dir, "T.template.json")
	writeJSON(t, tpl, map[string]any{"Resources": map[string]any{
		"ApiP99Warning":   single("Api", 250),
		"ApiP99Critical":  single("Api", 400),
		"ApiErrorsWarn":   math("Api", 0.5),
		"ApiErrorsCrit":   math("Api", 2),
		"OtherP99":        single("Other", 100),
		"OtherErrorRate":  math("Other", 0.1),
		"ApiLowerIsWorse": map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{"ComparisonOperator": "LessThanThreshold", "Threshold": 1, "Namespace": "AWS/Lambda", "MetricName": "Duration", "ExtendedStatistic": "p99", "Dimensions": dim("Api")}},
	}})
	t.Run("the lowest threshold of each kind, of this function only", func(t *testing.T) {
		b := FunctionBudget(&Function{LogicalID: "Api", TimeoutSec: 3, template: tpl})
		if b.P99 != 250*time.Millisecond || b.MaxErrorRatePercent != 0.5 || !strings.Contains(b.P99Source, "ApiP99Warning") || !strings.Contains(b.ErrorRateSource, "ApiErrorsWarn") {
			t.Errorf("budget %+v", b)
		}
	})
	t.Run("without alarms: 80 % of the timeout and 1 %", func(t *testing.T) {
		b := FunctionBudget(&Function{LogicalID: "None", TimeoutSec: 3, template: tpl})
		if b.P99 != 2400*time.Millisecond || b.MaxErrorRatePercent != 1 ||
			b.P99Source != "80 % of the 3 s timeout: no p99 duration alarm on the function in the template" || !strings.HasPrefix(b.ErrorRateSource, "1 %, lambdaperf monitoring's default") {
			t.Errorf("budget %+v", b)
		}
	})
}

func TestCheckBudget(t *testing.T) {
	rep := &LoadReport{Scheduled: 200, Errors: 2, Dropped: 1, Latency: Stats{Count: 197, P99: 120}}
	b := Budget{P99: 100 * time.Millisecond, P99Source: "SLO", MaxErrorRatePercent: 1, ErrorRateSource: "alarm"}
	c := rep.CheckBudget(b)
	if c.ErrorRatePercent != 1.5 || len(c.Breaches) != 2 ||
		c.Breaches[0] != "p99 latency 120.00 ms is above the budget of 100.00 ms (SLO)" ||
		c.Breaches[1] != "error rate 1.5 % (3 of 200 requests failed, went unanswered or were dropped) is above the budget of 1 % (alarm)" {
		t.Errorf("check %+v", c)
	}
	b.P99, b.MaxErrorRatePercent = 120*time.Millisecond, 1.5
	if c := rep.CheckBudget(b); len(c.Breaches) != 0 {
		t.Errorf("at the budget is within it: %v", c.Breaches)
	}
	rep.Emulated = "qemu-aarch64"
	b.P99 = time.Millisecond
	if c := rep.CheckBudget(b); len(c.Breaches) != 0 || len(c.Skipped) != 1 || !strings.Contains(c.Skipped[0], "emulated (qemu-aarch64), not checked") {
		t.Errorf("emulated: %+v", c)
	}
	if err := (Budget{MaxErrorRatePercent: 101}).Validate(); err == nil || !strings.Contains(err.Error(), "0..100 percent") {
		t.Errorf("err = %v", err)
	}
}
