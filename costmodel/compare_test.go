package costmodel

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestCompare(t *testing.T) {
	t.Run("prices each model as its own function does", func(t *testing.T) {
		l := apiLoad(100)
		c, err := Compare(l, ManagedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		od, _ := Monthly(Profile{MemoryMiB: 2048, Duration: 100 * time.Millisecond, Invocations: 262_800_000, Arch: ARM64})
		pc, _ := Monthly(Profile{MemoryMiB: 2048, Duration: 100 * time.Millisecond, Invocations: 262_800_000, Arch: ARM64, ProvisionedEnvironments: 15, ProvisionedHours: 730})
		mi, _ := ManagedMonthly(l, ManagedOptions{})
		if c.OnDemand.Total != od.Total || c.Provisioned.Total != pc.Total || c.ProvisionedEnvironments != 15 || c.Managed.Total() != mi.Total() {
			t.Errorf("compare %s / %s (%d) / %s, want %s / %s (15) / %s",
				c.OnDemand.Total, c.Provisioned.Total, c.ProvisionedEnvironments, c.Managed.Total(), od.Total, pc.Total, mi.Total())
		}
		if c.Provisioned.ProvisionedInvocations != 262_800_000 {
			t.Errorf("only %d invocations on the provisioned environments", c.Provisioned.ProvisionedInvocations)
		}
	})
	for _, c := range []struct {
		name string
		rps  float64
		want Model
	}{
		{"finds on-demand cheapest for a trickle", 0.5, OnDemand},
		{"finds provisioned concurrency cheapest for a steady trickle", 20, Provisioned},
		{"finds Managed Instances cheapest for a steady I/O-bound stream", 500, Managed},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmp, err := Compare(apiLoad(c.rps), ManagedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if cmp.Cheapest != c.want {
				t.Errorf("%v req/s: cheapest %s (%s / %s / %s), want %s", c.rps, cmp.Cheapest,
					cmp.OnDemand.Total.Format(2), cmp.Provisioned.Total.Format(2), cmp.Managed.Total().Format(2), c.want)
			}
			for _, m := range Models() {
				if cmp.Total(m) < cmp.Total(cmp.Cheapest) {
					t.Errorf("%s costs less than the cheapest", m)
				}
			}
		})
	}
	t.Run("says that Managed Instances cannot absorb traffic that doubles within 5 minutes", func(t *testing.T) {
		c, _ := Compare(apiLoad(500), ManagedOptions{})
		if !strings.Contains(c.Caveats[0], "more than doubles within 5 minutes") {
			t.Errorf("caveats %q", c.Caveats)
		}
	})
	t.Run("says when the minimum instances sit mostly idle", func(t *testing.T) {
		c, _ := Compare(apiLoad(1), ManagedOptions{})
		if !strings.Contains(strings.Join(c.Caveats, " "), "at least 3 environments on 3 instances whatever the load") {
			t.Errorf("caveats %q", c.Caveats)
		}
	})
	t.Run("says what it assumed for a load that gives no CPU share, and prices it CPU-bound", func(t *testing.T) {
		l := apiLoad(100)
		l.CPUShare = 0
		c, _ := Compare(l, ManagedOptions{})
		l.CPUShare = 1
		bound, _ := Compare(l, ManagedOptions{})
		if !strings.Contains(strings.Join(c.Caveats, " "), "priced as if invocations were CPU-bound") || c.Managed.Total() != bound.Managed.Total() {
			t.Errorf("caveats %q, %s vs %s", c.Caveats, c.Managed.Total(), bound.Managed.Total())
		}
	})
	t.Run("credits a function below one vCPU with a faster CPU on Managed Instances", func(t *testing.T) {
		// 1,024 MiB is 0.58 vCPU on Lambda: 100 ms of CPU there is 58 ms
		// of a whole vCPU.
		l := Load{RequestsPerSecond: 1000, Duration: 100 * time.Millisecond, MemoryMiB: 1024, CPUShare: 1}
		c, _ := Compare(l, ManagedOptions{})
		if want := 1000 * 0.1 * 1024 / 1769.0; math.Abs(c.Managed.BusyVCPUs-want) > 1e-9 {
			t.Errorf("busy vCPUs %v, want %v", c.Managed.BusyVCPUs, want)
		}
	})
	for _, c := range []struct {
		name string
		load Load
		want string
	}{
		{"rejects a negative rate", Load{RequestsPerSecond: -1, Duration: time.Second, MemoryMiB: 1024}, "RequestsPerSecond must be a rate 0..10000000, got -1"},
		{"rejects a CPU share above 1", Load{RequestsPerSecond: 1, Duration: time.Second, MemoryMiB: 1024, CPUShare: 1.2}, "CPUShare must be a share above 0 and at most 1 of the duration, got 1.2"},
		{"rejects a missing duration", Load{RequestsPerSecond: 1, MemoryMiB: 1024}, "Duration must be more than 0 and at most 15m0s, got 0s"},
		{"rejects Lambda prices it does not know", Load{RequestsPerSecond: 1, Duration: time.Second, MemoryMiB: 1024, Region: "eu-west-1"}, `no prices for region "eu-west-1"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compare(c.load, ManagedOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestRateBreakevens(t *testing.T) {
	t.Run("puts provisioned concurrency's breakeven where its utilization breakeven is", func(t *testing.T) {
		// 1 GB x86_64, 100 ms, no INIT: one environment pays off at 60 %
		// busy (ProvisionedBreakeven), 0.6 in flight = 6 req/s.
		l := Load{Duration: 100 * time.Millisecond, MemoryMiB: 1024, CPUShare: 0.2}
		bs, err := RateBreakevens(l, ManagedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pc := bs[0]
		be, _ := ProvisionedBreakeven("", X86_64)
		if pc.From != OnDemand || pc.To != Provisioned || !pc.Found || math.Abs(pc.RequestsPerSecond-be.Utilization*10) > 0.01 {
			t.Errorf("breakeven %+v, want %.2f req/s", pc, be.Utilization*10)
		}
	})
	t.Run("is the rate from which the cheaper model wins", func(t *testing.T) {
		bs, err := RateBreakevens(apiLoad(0), ManagedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if !b.Found {
				t.Errorf("%s", b)
				continue
			}
			at, _ := Compare(apiLoad(b.RequestsPerSecond*1.01), ManagedOptions{})
			below, _ := Compare(apiLoad(b.RequestsPerSecond*0.99), ManagedOptions{})
			if at.Total(b.To) > at.Total(b.From) || below.Total(b.To) <= below.Total(b.From) {
				t.Errorf("%s: at +1 %% %s vs %s, at -1 %% %s vs %s", b, at.Total(b.To), at.Total(b.From), below.Total(b.To), below.Total(b.From))
			}
		}
	})
	t.Run("says when Managed Instances never catch up", func(t *testing.T) {
		// CPU-bound at 2 GiB on arm64: a busy vCPU-hour costs 2 GB × 3,600
		// s × $0.0000133334 = $0.096 on demand, and $0.03625 × 1.15 ÷ 0.3
		// = $0.139 on c7g instances kept 30 % busy.
		l := Load{Duration: time.Second, MemoryMiB: 2048, CPUShare: 1, Arch: ARM64}
		bs, err := RateBreakevens(l, ManagedOptions{TargetUtilization: 0.3})
		if err != nil {
			t.Fatal(err)
		}
		// A month past 89,100 req/s costs more than Money holds.
		if bs[1].Found || bs[1].String() != "Managed Instances: dearer than on-demand up to 89100 requests/s" {
			t.Errorf("%s", bs[1])
		}
	})
}
