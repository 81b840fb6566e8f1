package costmodel

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestProvisionedBreakeven(t *testing.T) {
	for _, arch := range []Arch{X86_64, ARM64} {
		t.Run("is 60 percent for "+string(arch)+" at current prices", func(t *testing.T) {
			b, err := ProvisionedBreakeven("", arch)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(b.Utilization-0.60) > 0.0001 {
				t.Errorf("utilization = %v, want 0.60", b.Utilization)
			}
			if !strings.Contains(b.CostRule, "60 %") {
				t.Errorf("cost rule %q does not say 60 %%", b.CostRule)
			}
		})
	}
	t.Run("states the latency rule of thumb apart from the cost rule", func(t *testing.T) {
		b, _ := ProvisionedBreakeven("us-east-1", X86_64)
		if !strings.HasPrefix(b.CostRule, "cost: ") || !strings.HasPrefix(b.LatencyRule, "latency: ") {
			t.Fatalf("rules = %q / %q", b.CostRule, b.LatencyRule)
		}
		if !strings.Contains(b.LatencyRule, "~20 %") || !strings.Contains(b.LatencyRule, "not a cost one") {
			t.Errorf("latency rule = %q", b.LatencyRule)
		}
		if b.String() != b.CostRule+"\n"+b.LatencyRule {
			t.Errorf("String() = %q", b.String())
		}
	})
	t.Run("rejects an unknown architecture", func(t *testing.T) {
		if _, err := ProvisionedBreakeven("", "mips"); err == nil {
			t.Error("no error")
		}
	})
	// One always-on 1 GB environment for a 730-hour month, 100 ms invocations:
	// provisioned must be dearer at 50 % busy and cheaper at 70 %.
	for _, c := range []struct {
		name    string
		busy    float64
		cheaper bool
	}{
		{"makes provisioned dearer below the breakeven", 0.50, false},
		{"makes provisioned cheaper above the breakeven", 0.70, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			const hours = 730
			n := int64(c.busy * hours * 3600 * 10)
			base := Profile{MemoryMiB: 1024, Duration: 100 * time.Millisecond, Invocations: n}
			onDemand, err := Monthly(base)
			if err != nil {
				t.Fatal(err)
			}
			pc := base
			pc.ProvisionedEnvironments, pc.ProvisionedHours = 1, hours
			provisioned, err := Monthly(pc)
			if err != nil {
				t.Fatal(err)
			}
			if provisioned.ProvisionedInvocations != n {
				t.Fatalf("only %d of %d invocations on provisioned environments", provisioned.ProvisionedInvocations, n)
			}
			if got := provisioned.Total < onDemand.Total; got != c.cheaper {
				t.Errorf("provisioned %s vs on-demand %s at %.0f %% busy", provisioned.Total, onDemand.Total, c.busy*100)
			}
		})
	}
}
