package audit

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// TestCostPerMillionBillsInit: the estimate adds the INIT phase of the
// assumed cold starts, billed like duration since 1 August 2025, and says
// what it assumed; SnapStart functions leave their restores out.
func TestCostPerMillionBillsInit(t *testing.T) {
	st, err := assembly.ParseTemplate("S", []byte(`{"Resources": {
	  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Architectures": ["arm64"], "MemorySize": 512}},
	  "Snap": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "java21", "Architectures": ["arm64"], "MemorySize": 512,
	           "SnapStart": {"ApplyOn": "PublishedVersions"}}}
	}}`), assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 1 million × 0.5 GB × 0.1 s = 50,000 GB-s ($0.666670) + 10,000 cold
	// starts × 0.5 GB × 1 s = 5,000 GB-s ($0.066667) + $0.20 = $0.93.
	fn, ok := CostOf(st.Functions[0], Options{})
	if !ok || fn.PerMillion.Init.Format(6) != "$0.066667" || fn.PerMillion.Total.Format(2) != "$0.93" {
		t.Errorf("cost %+v, want init $0.066667 and total $0.93", fn.PerMillion)
	}
	want := map[string]string{
		"Fn":   "one million invocations at 512 MiB on arm64, 100 ms each (assumed), with a 1000 ms INIT on 1% of them (assumed), cost about $0.93 in us-east-1",
		"Snap": "one million invocations at 512 MiB on arm64, 100 ms each (assumed), SnapStart restores left out, cost about $0.87 in us-east-1",
	}
	rep := Run(&Model{Stacks: []*Stack{st}}, Options{})
	seen := 0
	for _, f := range rep.Findings {
		if f.Rule != "cost-per-million" {
			continue
		}
		seen++
		id := strings.SplitN(f.Message, ":", 2)[0]
		if w := want[id]; w == "" || !strings.Contains(f.Message, w) {
			t.Errorf("%s: %s\nwant it to contain %q", id, f.Message, w)
		}
	}
	if seen != 2 {
		t.Errorf("%d cost estimates, want 2", seen)
	}
}
