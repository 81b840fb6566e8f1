package audit

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// TestCostFixNamesTheSettingWhereItIsRead: in `cdk synth` output the fix
// names the construct field, in the CLI the flag, and neither tells a
// function that declares its duration to use a flag that does not
// override it.
func TestCostFixNamesTheSettingWhereItIsRead(t *testing.T) {
	const template = `{"Resources": {
	  "Declared": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Architectures": ["arm64"], "MemorySize": 512},
	               "Metadata": {"lambdaperf": {"expectedDurationMs": 40}}},
	  "Assumed": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Architectures": ["arm64"], "MemorySize": 512}}
	}}`
	st, err := assembly.ParseTemplate("S", []byte(template), assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		where             Where
		resource          string
		want, mustNotName string
	}{
		{InSynth, "Declared", "Set ExpectedDuration (optimizedfn.Props)", "--duration-ms"},
		{InSynth, "Assumed", "set ExpectedDuration (optimizedfn.Props) to it, or advisor.Props.DurationMs", "--duration-ms"},
		{InCLI, "Declared", "set it as the function's ExpectedDuration", "rerun with --duration-ms"},
		{InCLI, "Assumed", "rerun with --duration-ms", "ExpectedDuration"},
	} {
		fixes := 0
		for _, f := range Run(&Model{Stacks: []*Stack{st}}, Options{Where: c.where}).Findings {
			if f.Rule != "cost-per-million" || !strings.Contains(f.Resource, c.resource) {
				continue
			}
			fixes++
			if !strings.Contains(f.Fix, c.want) || strings.Contains(f.Fix, c.mustNotName) {
				t.Errorf("where %d, %s: fix %q, want it to contain %q and not %q", c.where, c.resource, f.Fix, c.want, c.mustNotName)
			}
		}
		if fixes != 1 {
			t.Errorf("where %d, %s: %d cost findings, want 1", c.where, c.resource, fixes)
		}
	}
}
