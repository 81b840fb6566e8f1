package audit

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// An auto-scaled alias carries its floor twice (the alias's own provisioned
// concurrency and the scalable target's minimum): one finding, not two.
func TestPCBreakevenOncePerAutoScaledAlias(t *testing.T) {
	tpl := []byte(`{"Resources": {
	  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Handler": "index.handler",
	    "Architectures": ["arm64"], "MemorySize": 512, "Role": "arn:aws:iam::1:role/r", "Code": {"ZipFile": "x"}}},
	  "V": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
	  "A": {"Type": "AWS::Lambda::Alias", "Properties": {"Name": "live", "FunctionName": {"Ref": "Fn"},
	    "FunctionVersion": {"Fn::GetAtt": ["V", "Version"]},
	    "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2}}},
	  "S": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"MinCapacity": 2, "MaxCapacity": 10,
	    "ScalableDimension": "lambda:function:ProvisionedConcurrency", "ServiceNamespace": "lambda",
	    "ResourceId": {"Fn::Join": ["", ["function:", {"Ref": "Fn"}, ":live"]]}}, "DependsOn": ["A"]}
	}}`)
	st, err := assembly.ParseTemplate("S", tpl, assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(&Model{Stacks: []*Stack{st}}, Options{Now: auditDate})
	var got []Finding
	for _, f := range rep.Findings {
		if f.Rule == rulePCBreakeven.ID {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Resource != "S" {
		t.Errorf("want one pc-breakeven finding on the scalable target S, got %+v", got)
	}
}

// A floor of 1 scheduled for one hour each weekday under target tracking
// costs about a 34th of one environment all month, not the whole month.
func TestPCBreakevenPricesTheSchedule(t *testing.T) {
	m, err := assembly.ReadTemplateFile("testdata/rules/pc-breakeven/fires-for-a-scheduled-floor.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(m, Options{Now: auditDate})
	var msg string
	for _, f := range rep.Findings {
		if f.Rule == rulePCBreakeven.ID {
			msg = f.Message
		}
	}
	// 261 weekdays × 1 hour ÷ 12 months = 21.75 environment-hours a month.
	if !strings.Contains(msg, "0.03 environments on average, 22 environment-hours a month") {
		t.Errorf("want the schedule priced at 22 environment-hours a month, got %q", msg)
	}
}
