package costmodel

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestManagedInstancesPricingPageExample reproduces the worked example of
// the Managed Instances section of https://aws.amazon.com/lambda/pricing/
// (read 2026-12-06), "High-throughput API service": 100 million requests,
// m7g.xlarge at $0.1632 an hour on demand, a 3-year Compute Savings Plan
// at $0.0457 an hour, about 2,000 instance-hours:
//
//	requests        100M / 1M × $0.20            = $20
//	EC2 instances   2,000 × $0.0457              = $91.40
//	management fee  2,000 × $0.1632 × 0.15       = $48.96
//	total                                          $160.36
func TestManagedInstancesPricingPageExample(t *testing.T) {
	in, err := InstanceFor("us-east-1", "m7g.xlarge")
	if err != nil {
		t.Fatal(err)
	}
	if in.OnDemandHourly.String() != "$0.1632" || in.VCPUs != 4 || in.MemoryGiB != 16 {
		t.Fatalf("m7g.xlarge = %+v, the page says 4 vCPU, 16 GB, $0.1632 per hour", in)
	}
	b, err := ManagedInstancesBill(in, 2000, 100_000_000, Commitment{Hourly: mustUSD(t, "0.0457")})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  Money
		want string
	}{
		{"request charges", b.RequestCharge, "$20.00"},
		{"EC2 instance charges", b.InstanceCharge, "$91.40"},
		{"management fee per hour", b.ManagementFee / 2000, "$0.02448"},
		{"management fee", b.ManagementFee, "$48.96"},
		{"total", b.Total, "$160.36"},
	} {
		if c.got.String() != c.want {
			t.Errorf("%s = %s, the page says %s", c.name, c.got, c.want)
		}
	}
	if b.Total != b.RequestCharge+b.InstanceCharge+b.ManagementFee {
		t.Errorf("total %s is not the sum of the lines %+v", b.Total, b)
	}

	t.Run("the page rounds the discounted rate before multiplying", func(t *testing.T) {
		// 72 % off $0.1632 is $0.045696 an hour: 2,000 hours cost $91.392,
		// a cent less than the page's $91.40 at the rounded $0.0457.
		exact, err := ManagedInstancesBill(in, 2000, 100_000_000, Commitment{Discount: 0.72})
		if err != nil {
			t.Fatal(err)
		}
		if exact.EffectiveHourly.String() != "$0.045696" || exact.InstanceCharge.String() != "$91.392" || exact.Total.Format(2) != "$160.35" {
			t.Errorf("72 %% off: %s an hour, %s, total %s", exact.EffectiveHourly, exact.InstanceCharge, exact.Total.Format(2))
		}
		if exact.ManagementFee != b.ManagementFee {
			t.Errorf("fee %s changed with the way the discount is given (%s)", exact.ManagementFee, b.ManagementFee)
		}
	})
}

func mustUSD(t *testing.T, s string) Money {
	t.Helper()
	m, err := ParseUSD(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestManagementFee(t *testing.T) {
	in, _ := InstanceFor("us-east-1", "c7g.large")
	t.Run("is 15 percent of the on-demand price whatever the commitment", func(t *testing.T) {
		want := Money(730) * in.OnDemandHourly * ManagementFeePercent / 100
		for _, c := range []Commitment{{}, {Discount: 0.3}, {Discount: 0.72}, {Hourly: in.OnDemandHourly / 4}} {
			b, err := ManagedInstancesBill(in, 730, 0, c)
			if err != nil {
				t.Fatal(err)
			}
			if b.ManagementFee != want {
				t.Errorf("commitment %+v: fee %s, want 15 %% of 730 × %s = %s", c, b.ManagementFee, in.OnDemandHourly, want)
			}
		}
	})
	t.Run("a commitment lowers only the instance charge", func(t *testing.T) {
		od, _ := ManagedInstancesBill(in, 730, 1000, Commitment{})
		sp, _ := ManagedInstancesBill(in, 730, 1000, Commitment{Discount: 0.5})
		if sp.InstanceCharge*2 != od.InstanceCharge || sp.RequestCharge != od.RequestCharge || sp.ManagementFee != od.ManagementFee {
			t.Errorf("on demand %+v, half off %+v", od, sp)
		}
	})
	t.Run("reports a bill too large for Money", func(t *testing.T) {
		_, err := ManagedInstancesBill(in, 1, math.MaxInt64, Commitment{})
		if err == nil || !strings.Contains(err.Error(), "exceeds the range of Money") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("rejects bad input, every problem at once", func(t *testing.T) {
		_, err := ManagedInstancesBill(in, -1, -2, Commitment{Discount: 72})
		for _, want := range []string{"instance-hours must be a number >= 0, got -1", "requests must not be negative, got -2", "Commitment.Discount must be a share 0..1 (0.72 for 72 %), got 72"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to contain %q", err, want)
			}
		}
	})
}

// apiLoad is an I/O-bound API handler: 100 ms, a fifth of it on CPU.
func apiLoad(rps float64) Load {
	return Load{RequestsPerSecond: rps, Duration: 100 * time.Millisecond, MemoryMiB: 2048, CPUShare: 0.2, Arch: ARM64}
}

func TestManagedMonthly(t *testing.T) {
	t.Run("keeps three environments on three instances at a low load", func(t *testing.T) {
		e, err := ManagedMonthly(apiLoad(1), ManagedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c7g, _ := InstanceFor("us-east-1", "c7g.large")
		if e.Environments != 3 || e.Instances != 3 || e.SizedBy != "minimum" || e.InstanceType != "c7g.large" {
			t.Fatalf("sized %+v", e)
		}
		want := 3 * HoursPerMonth * c7g.OnDemandHourly * 115 / 100
		if e.Bill.InstanceCharge+e.Bill.ManagementFee != want {
			t.Errorf("three idle instances cost %s, want 3 × 730 h × %s × 1.15 = %s", e.Bill.InstanceCharge+e.Bill.ManagementFee, c7g.OnDemandHourly, want)
		}
	})
	t.Run("charges no duration: a longer invocation on the same instances costs the same", func(t *testing.T) {
		short, _ := ManagedMonthly(apiLoad(1), ManagedOptions{})
		l := apiLoad(1)
		l.Duration = 400 * time.Millisecond
		long, _ := ManagedMonthly(l, ManagedOptions{})
		if long.Instances != short.Instances || long.Total() != short.Total() {
			t.Errorf("100 ms: %s on %d instances, 400 ms: %s on %d", short.Total(), short.Instances, long.Total(), long.Instances)
		}
	})
	t.Run("sizes by CPU: busy vCPUs over the target", func(t *testing.T) {
		// 1,000 req/s × 0.1 s × 0.2 × 1 vCPU (2 GiB) = 20 busy vCPUs; at
		// 0.5 that is 40 one-vCPU environments, two on each c7g.large.
		e, err := ManagedMonthly(apiLoad(1000), ManagedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(e.BusyVCPUs-20) > 1e-9 || e.Environments != 40 || e.SizedBy != "cpu" || e.EnvironmentsPerInstance != 2 || e.Instances != 20 {
			t.Errorf("sized %+v", e)
		}
		if math.Abs(e.CPUUtilization-0.5) > 1e-9 {
			t.Errorf("utilization %v, want the 0.5 target", e.CPUUtilization)
		}
	})
	t.Run("shares a vCPU among I/O-bound invocations: the same load costs less when it waits more", func(t *testing.T) {
		busy, idle := apiLoad(1000), apiLoad(1000)
		busy.CPUShare, idle.CPUShare = 1, 0.1
		b, _ := ManagedMonthly(busy, ManagedOptions{})
		i, _ := ManagedMonthly(idle, ManagedOptions{})
		if !(i.Instances*5 < b.Instances) {
			t.Errorf("CPU-bound %d instances, I/O-bound %d", b.Instances, i.Instances)
		}
	})
	t.Run("sizes by concurrency when an environment takes few invocations", func(t *testing.T) {
		// 1,000 req/s in flight for 0.1 s = 100; at most 4 per environment
		// at 0.5 is 2 each: 50 environments.
		e, err := ManagedMonthly(apiLoad(1000), ManagedOptions{MaxConcurrency: 4})
		if err != nil {
			t.Fatal(err)
		}
		if e.Environments != 50 || e.SizedBy != "concurrency" {
			t.Errorf("sized %+v", e)
		}
	})
	t.Run("takes the runtime's default concurrency", func(t *testing.T) {
		node, _ := ManagedMonthly(apiLoad(1), ManagedOptions{Runtime: "nodejs22.x"})
		none, _ := ManagedMonthly(apiLoad(1), ManagedOptions{})
		if node.MaxConcurrency != 64 || none.MaxConcurrency != 16 {
			t.Errorf("Node.js %d, unknown %d; want 64 and Python's 16 per vCPU", node.MaxConcurrency, none.MaxConcurrency)
		}
	})
	t.Run("packs environments by memory as well as vCPUs", func(t *testing.T) {
		// 8 GiB environments at 4 GiB per vCPU: 2 vCPUs each. m7g.2xlarge
		// has 8 vCPUs and 32 GiB: four fit.
		l := apiLoad(2000)
		e, err := ManagedMonthly(l, ManagedOptions{MemoryMiB: 8192, GiBPerVCPU: 4, InstanceType: "m7g.2xlarge"})
		if err != nil {
			t.Fatal(err)
		}
		if e.EnvironmentVCPUs != 2 || e.EnvironmentsPerInstance != 4 || e.Instances != (e.Environments+3)/4 {
			t.Errorf("sized %+v", e)
		}
	})
	t.Run("picks the family matching the memory per vCPU", func(t *testing.T) {
		for ratio, want := range map[float64]string{2: "c7g.large", 4: "m7g.large", 8: "r7g.large"} {
			e, err := ManagedMonthly(apiLoad(1), ManagedOptions{GiBPerVCPU: ratio, MemoryMiB: int(ratio) * 1024})
			if err != nil || e.InstanceType != want {
				t.Errorf("%v GiB per vCPU: %s, %v; want %s", ratio, e.InstanceType, err, want)
			}
		}
	})
	t.Run("spreads fewer environments than three over as many instances", func(t *testing.T) {
		e, err := ManagedMonthly(apiLoad(1), ManagedOptions{MinEnvironments: 1})
		if err != nil || e.Instances != 1 {
			t.Errorf("one environment on %d instances, %v", e.Instances, err)
		}
	})
	t.Run("prices eu-west-1 instances", func(t *testing.T) {
		l := apiLoad(1)
		l.Region = "eu-west-1"
		e, err := ManagedMonthly(l, ManagedOptions{})
		if err != nil || e.Region != "eu-west-1" || e.Bill.Instance.OnDemandHourly.String() != "$0.0775" {
			t.Errorf("eu-west-1: %+v, %v", e.Bill.Instance, err)
		}
	})
	for _, c := range []struct {
		name string
		opts ManagedOptions
		want string
	}{
		{"rejects memory per vCPU above 8", ManagedOptions{GiBPerVCPU: 9}, "ExecutionEnvironmentMemoryGiBPerVCpu must be 2..8 GiB per vCPU, got 9"},
		{"rejects less than 2 GiB", ManagedOptions{MemoryMiB: 1024}, "takes 2048..32768 MiB of memory, got 1024"},
		{"rejects more than 1,600 invocations per environment", ManagedOptions{MaxConcurrency: 2000}, "PerExecutionEnvironmentMaxConcurrency must be 1..1600, got 2000"},
		{"rejects a target above 1", ManagedOptions{TargetUtilization: 1.5}, "TargetUtilization must be above 0 and at most 1, got 1.5"},
		{"rejects a negative minimum", ManagedOptions{MinEnvironments: -1}, "MinEnvironments must be 1..15000, got -1"},
		{"rejects an unknown instance type", ManagedOptions{InstanceType: "m5.large"}, `no us-east-1 price for instance type "m5.large", known: c7g.large`},
		{"rejects an instance too small for one environment", ManagedOptions{MemoryMiB: 8192, InstanceType: "c7g.large"}, "c7g.large (2 vCPUs, 4 GiB) cannot hold one environment of 4 vCPUs and 8192 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ManagedMonthly(apiLoad(10), c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
	t.Run("reports every bad option at once", func(t *testing.T) {
		_, err := ManagedMonthly(apiLoad(10), ManagedOptions{GiBPerVCPU: 9, TargetUtilization: 2, MinEnvironments: -3})
		if err == nil || strings.Count(err.Error(), "\n") != 2 {
			t.Errorf("err = %v, want three lines", err)
		}
	})
}

func TestInstances(t *testing.T) {
	t.Run("every row has a size, a price, its source and the date read", func(t *testing.T) {
		for _, r := range InstanceRegions() {
			for _, in := range Instances(r) {
				if in.VCPUs == 0 || in.MemoryGiB == 0 || in.OnDemandHourly <= 0 || !strings.HasPrefix(in.Source, "https://") || in.Read == "" {
					t.Errorf("%s %s: %+v", r, in.Type, in)
				}
			}
		}
	})
	t.Run("us-east-1 has the Graviton3 and Graviton4 families, eu-west-1 Graviton3", func(t *testing.T) {
		families := func(r string) string {
			seen := map[string]bool{}
			var out []string
			for _, in := range Instances(r) {
				f, _, _ := strings.Cut(in.Type, ".")
				if !seen[f] {
					seen[f] = true
					out = append(out, f)
				}
			}
			return strings.Join(out, " ")
		}
		if got := families("us-east-1"); got != "c7g c8g m7g m8g r7g r8g" {
			t.Errorf("us-east-1: %s", got)
		}
		if got := families("eu-west-1"); got != "c7g m7g r7g" {
			t.Errorf("eu-west-1: %s", got)
		}
	})
	t.Run("prices grow linearly with size within a family", func(t *testing.T) {
		for _, r := range InstanceRegions() {
			for _, in := range Instances(r) {
				f, _, _ := strings.Cut(in.Type, ".")
				large, _ := InstanceFor(r, f+".large")
				per := float64(in.OnDemandHourly) / float64(in.VCPUs)
				if base := float64(large.OnDemandHourly) / 2; math.Abs(per-base)/base > 0.001 {
					t.Errorf("%s %s: %s for %d vCPUs, large %s", r, in.Type, in.OnDemandHourly, in.VCPUs, large.OnDemandHourly)
				}
			}
		}
	})
	t.Run("rejects an unknown region", func(t *testing.T) {
		_, err := InstanceFor("mars-1", "m7g.large")
		if err == nil || err.Error() != `costmodel: no instance prices for region "mars-1", known: eu-west-1, us-east-1` {
			t.Errorf("err = %v", err)
		}
	})
}
