package audit

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// TestCostFixNamesTheSettingWhereItIsRead: in `cdk synth` output the fix
// names the construct field, in the CLI the flag; a function that declares
// its duration is told the value it declares and to keep it measured,
// never to declare it, nor to use a flag that does not override it.
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
		where       Where
		resource    string
		want        string
		mustNotName []string
	}{
		{InSynth, "Declared", "prices the 40 ms the function declares (ExpectedDuration, optimizedfn.Props): keep it at the measured duration", []string{"--duration-ms", "set ExpectedDuration", "Set ExpectedDuration", "DurationMs for every function"}},
		{InSynth, "Assumed", "set ExpectedDuration (optimizedfn.Props) to it, or advisor.Props.DurationMs", []string{"--duration-ms", "declares"}},
		{InCLI, "Declared", "prices the 40 ms the function declares (ExpectedDuration, optimizedfn.Props): keep it at the measured duration (CloudWatch Duration p50); it is the template metadata lambdaperf.expectedDurationMs, which --duration-ms does not override", []string{"rerun with --duration-ms", "set ExpectedDuration", "set it as"}},
		{InCLI, "Assumed", "rerun with --duration-ms", []string{"ExpectedDuration", "declares"}},
	} {
		fixes := 0
		for _, f := range Run(&Model{Stacks: []*Stack{st}}, Options{Where: c.where}).Findings {
			if f.Rule != "cost-per-million" || !strings.Contains(f.Resource, c.resource) {
				continue
			}
			fixes++
			if !strings.Contains(f.Fix, c.want) {
				t.Errorf("where %d, %s: fix %q, want it to contain %q", c.where, c.resource, f.Fix, c.want)
			}
			for _, bad := range c.mustNotName {
				if strings.Contains(f.Fix, bad) {
					t.Errorf("where %d, %s: fix %q says %q", c.where, c.resource, f.Fix, bad)
				}
			}
		}
		if fixes != 1 {
			t.Errorf("where %d, %s: %d cost findings, want 1", c.where, c.resource, fixes)
		}
	}
}
