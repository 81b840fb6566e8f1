package audit

import (
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
