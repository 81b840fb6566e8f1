package test

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
)

// TestAPIProvisionedConcurrency: the reference Node.js function keeps 1
// environment warm on its live alias (the scalable target's minimum), scales on utilization up to 10, and
// holds at least 5 through weekday business hours.
func TestAPIProvisionedConcurrency(t *testing.T) {
	tpl := template(t, "LambdaPerfApi")

	var nodeAlias string
	for id, a := range cdktest.Resources(tpl, "AWS::Lambda::Alias") {
		p := cdktest.Props(a)
		pc, has := p["ProvisionedConcurrencyConfig"].(map[string]any)
		switch {
		case strings.HasPrefix(id, "NodeApi"):
			nodeAlias = id
			if has {
				t.Errorf("%s: ProvisionedConcurrencyConfig %v, want none: the scalable target's MinCapacity provisions the alias", id, pc)
			}
			if _, weighted := p["RoutingConfig"]; weighted {
				t.Errorf("%s is weighted: Lambda cannot provision concurrency on it", id)
			}
			if v, _ := p["FunctionVersion"].(map[string]any); v["Fn::GetAtt"] == nil {
				t.Errorf("%s points at %v, want the published version", id, p["FunctionVersion"])
			}
		case has:
			t.Errorf("%s has provisioned concurrency %v: only the Node.js function asks for it", id, pc)
		}
	}
	if nodeAlias == "" {
		t.Fatal("no alias of the Node.js function")
	}

	targetID, target := cdktest.Only(t, tpl, "AWS::ApplicationAutoScaling::ScalableTarget")
	p := cdktest.Props(target)
	if p["ScalableDimension"] != "lambda:function:ProvisionedConcurrency" || p["ServiceNamespace"] != "lambda" {
		t.Errorf("scalable target on %v/%v", p["ServiceNamespace"], p["ScalableDimension"])
	}
	if p["MinCapacity"] != 1.0 || p["MaxCapacity"] != 10.0 {
		t.Errorf("capacity %v..%v, want 1..10", p["MinCapacity"], p["MaxCapacity"])
	}
	if !strings.Contains(jsonText(p["ResourceId"]), nodeAlias) {
		t.Errorf("ResourceId %v does not name the alias %s", jsonText(p["ResourceId"]), nodeAlias)
	}
	actions, _ := p["ScheduledActions"].([]any)
	want := map[string]struct {
		cron string
		min  float64
	}{
		"BusinessHoursStart": {"cron(0 8 ? * MON-FRI *)", 5},
		"BusinessHoursEnd":   {"cron(0 18 ? * MON-FRI *)", 1},
	}
	if len(actions) != len(want) {
		t.Fatalf("scheduled actions %v, want %d", actions, len(want))
	}
	for _, a := range actions {
		a := a.(map[string]any)
		w, ok := want[a["ScheduledActionName"].(string)]
		action := a["ScalableTargetAction"].(map[string]any)
		if !ok || a["Schedule"] != w.cron || action["MinCapacity"] != w.min {
			t.Errorf("scheduled action %v, want one of %v", a, want)
		}
	}

	_, policy := cdktest.Only(t, tpl, "AWS::ApplicationAutoScaling::ScalingPolicy")
	pp := cdktest.Props(policy)
	cfg, _ := pp["TargetTrackingScalingPolicyConfiguration"].(map[string]any)
	metric, _ := cfg["PredefinedMetricSpecification"].(map[string]any)
	if pp["PolicyType"] != "TargetTrackingScaling" || cfg["TargetValue"] != 0.7 || metric["PredefinedMetricType"] != "LambdaProvisionedConcurrencyUtilization" {
		t.Errorf("scaling policy %v, want target tracking of LambdaProvisionedConcurrencyUtilization at 0.7", pp)
	}
	if ref, _ := pp["ScalingTargetId"].(map[string]any); ref["Ref"] != targetID {
		t.Errorf("policy scales %v, want %s", pp["ScalingTargetId"], targetID)
	}
}
