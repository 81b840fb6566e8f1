package audit

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/costmodel"
)

func cheaperFindings(t *testing.T, fixture string) []Finding {
	t.Helper()
	m, err := assembly.ReadTemplateFile("testdata/rules/cheaper-compute-model/" + fixture + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for _, f := range Run(m, Options{Now: auditDate}).Findings {
		if f.Rule == ruleCheaperComputeModel.ID {
			out = append(out, f)
		}
	}
	return out
}

func TestCheaperComputeModel(t *testing.T) {
	t.Run("names Managed Instances for provisioned concurrency busy around the clock", func(t *testing.T) {
		got := cheaperFindings(t, "fires-for-provisioned-concurrency-busy-around-the-clock")
		if len(got) != 1 {
			t.Fatalf("findings %+v", got)
		}
		for _, want := range []string{"with provisioned concurrency it costs about $", "the declared 500 requests/s of 100 ms (declared), a 20 % CPU share (declared)",
			"on Managed Instances it would cost about $", "busy around the clock (72 environments for 50.0 invocations in flight)"} {
			if !strings.Contains(got[0].Message, want) {
				t.Errorf("message misses %q:\n%s", want, got[0].Message)
			}
		}
		if !strings.Contains(got[0].Fix, "more than doubles within 5 minutes") {
			t.Errorf("fix %q", got[0].Fix)
		}
	})
	t.Run("names on-demand for a mostly idle capacity provider", func(t *testing.T) {
		got := cheaperFindings(t, "fires-for-a-mostly-idle-capacity-provider")
		if len(got) != 1 || !strings.Contains(got[0].Message, "on Managed Instances it costs about $") || !strings.Contains(got[0].Message, "on demand it would cost") ||
			!strings.Contains(got[0].Message, "the capacity provider is mostly idle: 3 instances of c7g.large at 0.2 % CPU") {
			t.Fatalf("findings %+v", got)
		}
		if !strings.Contains(got[0].Fix, "remove its capacity-provider config") {
			t.Errorf("fix %q", got[0].Fix)
		}
	})
	t.Run("stays quiet when the saving is not wide", func(t *testing.T) {
		m, _ := assembly.ReadTemplateFile("testdata/rules/cheaper-compute-model/passes-when-the-saving-is-small.json")
		cost, ok := ComputeCostOf(m.Stacks[0].Functions[0], Options{})
		if !ok || cost.Current != costmodel.Provisioned || cost.Comparison.Cheapest == cost.Current || cost.Saving() <= 0 {
			t.Fatalf("the fixture must have a cheaper model by a small margin: %+v", cost)
		}
		if got := cheaperFindings(t, "passes-when-the-saving-is-small"); len(got) != 0 {
			t.Errorf("findings %+v", got)
		}
	})
}
