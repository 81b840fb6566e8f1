package costmodel

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestPlaybookTable reproduces the playbook's "faster can be cheaper" table:
// x86_64, 1,000 invocations, requests included, durations per invocation.
//
// The playbook prints $0.0246 for the 1,024 MB row, but the formula gives
// 1,460 GB-s × $0.0000166667 + 1,000 × $0.0000002 = $0.024533382, which is
// $0.0245 to four places: this test asserts $0.0245.
func TestPlaybookTable(t *testing.T) {
	for _, c := range []struct {
		memoryMiB int
		duration  time.Duration
		exact     Money
		printed   string
	}{
		{128, 11720 * time.Millisecond, 24_616_715_500, "$0.0246"},
		{256, 6680 * time.Millisecond, 28_033_389_000, "$0.0280"},
		{512, 3190 * time.Millisecond, 26_783_386_500, "$0.0268"},
		{1024, 1460 * time.Millisecond, 24_533_382_000, "$0.0245"},
	} {
		t.Run(fmt.Sprintf("%d MB for %s costs %s", c.memoryMiB, c.duration, c.printed), func(t *testing.T) {
			e, err := InvocationsCost(c.memoryMiB, c.duration, 1000, X86_64)
			if err != nil {
				t.Fatal(err)
			}
			if e.Total != c.exact || e.Total.Format(4) != c.printed {
				t.Errorf("%d MB for %s: total %s (%s), want %s (%s)", c.memoryMiB, c.duration, e.Total, e.Total.Format(4), c.exact, c.printed)
			}
			if e.Requests != 200_000_000 {
				t.Errorf("requests = %s, want $0.0002", e.Requests)
			}
		})
	}
}

func TestMonthly(t *testing.T) {
	t.Run("bills duration rounded up to the next millisecond", func(t *testing.T) {
		a, _ := InvocationsCost(1024, 1001*time.Microsecond, 1000, X86_64)
		b, _ := InvocationsCost(1024, 2*time.Millisecond, 1000, X86_64)
		if a.BilledDuration != 2*time.Millisecond || a.Total != b.Total {
			t.Errorf("1.001 ms billed as %s costing %s; 2 ms costs %s", a.BilledDuration, a.Total, b.Total)
		}
	})
	t.Run("prices GB as MiB divided by 1024", func(t *testing.T) {
		e, _ := InvocationsCost(1024, time.Second, 1, X86_64)
		if e.Compute != usEast1X86Tier1 {
			t.Errorf("1 GB-s costs %s, want %s", e.Compute, usEast1X86Tier1)
		}
	})
	t.Run("arm64 costs 20 percent less per GB-second", func(t *testing.T) {
		e, _ := InvocationsCost(1024, time.Second, 1, ARM64)
		if e.Compute != usEast1ARMTier1 {
			t.Errorf("1 GB-s on arm64 costs %s, want %s", e.Compute, usEast1ARMTier1)
		}
	})
	t.Run("applies the monthly volume tiers to on-demand GB-seconds", func(t *testing.T) {
		// 40 million × 1 GB × 500 s = 20 billion GB-s: 6B + 9B + 5B.
		e, err := Monthly(Profile{MemoryMiB: 1024, Duration: 500 * time.Second, Invocations: 40_000_000})
		if err != nil {
			t.Fatal(err)
		}
		want := 6_000_000_000*usEast1X86Tier1 + 9_000_000_000*usEast1X86Tier2 + 5_000_000_000*usEast1X86Tier3
		if e.Compute != want || e.Compute.Format(2) != "$301667.20" {
			t.Errorf("compute = %s, want %s", e.Compute, want)
		}
		if e.Total != e.Compute+8*Dollar {
			t.Errorf("total = %s, want compute + $8 of requests", e.Total)
		}
	})
	t.Run("matches the pricing page's provisioned concurrency launch example", func(t *testing.T) {
		// 1,536 MB, 100 environments for 8 hours, 500,000 invocations of 100 ms.
		e, err := Monthly(Profile{MemoryMiB: 1536, Duration: 100 * time.Millisecond, Invocations: 500_000,
			ProvisionedEnvironments: 100, ProvisionedHours: 8})
		if err != nil {
			t.Fatal(err)
		}
		if e.Provisioned.Format(2) != "$18.00" || e.Compute.Format(2) != "$0.73" || e.ProvisionedInvocations != 500_000 {
			t.Errorf("provisioned %s, compute %s, on provisioned %d; want $18.00, $0.73, 500000", e.Provisioned, e.Compute, e.ProvisionedInvocations)
		}
	})
	t.Run("matches the pricing page's Cyber Monday example", func(t *testing.T) {
		// 4,096 MB, 7 environments for 24 hours, 2 million invocations of 280 ms.
		e, err := Monthly(Profile{MemoryMiB: 4096, Duration: 280 * time.Millisecond, Invocations: 2_000_000,
			ProvisionedEnvironments: 7, ProvisionedHours: 24})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ name, got, want string }{
			{"provisioned", e.Provisioned.Format(2), "$10.08"},
			{"compute", e.Compute.Format(2), "$21.78"},
			{"requests", e.Requests.Format(2), "$0.40"},
			{"total", e.Total.Format(2), "$32.26"},
		} {
			if c.got != c.want {
				t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
			}
		}
	})
	t.Run("charges ephemeral storage above 512 MiB as the pricing page's example", func(t *testing.T) {
		e, _ := Monthly(Profile{MemoryMiB: 4096, Duration: 280 * time.Millisecond, Invocations: 6_000_000, EphemeralStorageMiB: 2048})
		if want := Money(2_520_000 * usEast1Ephemeral); e.Ephemeral != want || e.Ephemeral.Format(2) != "$0.08" {
			t.Errorf("ephemeral = %s, want %s", e.Ephemeral, want)
		}
		free, _ := Monthly(Profile{MemoryMiB: 4096, Duration: 280 * time.Millisecond, Invocations: 6_000_000, EphemeralStorageMiB: 512})
		if free.Ephemeral != 0 {
			t.Errorf("512 MiB costs %s", free.Ephemeral)
		}
	})
	t.Run("sends invocations beyond provisioned capacity on demand", func(t *testing.T) {
		// 1 environment for 1 hour holds 3,600 one-second invocations.
		e, err := Monthly(Profile{MemoryMiB: 1024, Duration: time.Second, Invocations: 5000, ProvisionedEnvironments: 1, ProvisionedHours: 1})
		if err != nil {
			t.Fatal(err)
		}
		if e.ProvisionedInvocations != 3600 || e.OnDemandInvocations != 1400 {
			t.Errorf("split %d provisioned / %d on demand, want 3600 / 1400", e.ProvisionedInvocations, e.OnDemandInvocations)
		}
		if want := 3600*usEast1X86ProvisionedDuration + 1400*usEast1X86Tier1; e.Compute != want {
			t.Errorf("compute = %s, want %s", e.Compute, want)
		}
	})
	t.Run("rounds provisioned time up to five minutes", func(t *testing.T) {
		e, _ := Monthly(Profile{MemoryMiB: 1024, Duration: time.Second, ProvisionedEnvironments: 1, ProvisionedHours: 0.1})
		if want := 600 * usEast1X86Provisioned; e.Provisioned != want {
			t.Errorf("6 minutes billed as %s, want 10 minutes = %s", e.Provisioned, want)
		}
	})
	t.Run("total is the exact sum of the lines", func(t *testing.T) {
		e, _ := Monthly(Profile{MemoryMiB: 1769, Duration: 123456 * time.Microsecond, Invocations: 12_345_678, Arch: ARM64,
			ProvisionedEnvironments: 3, ProvisionedHours: 200, EphemeralStorageMiB: 1000})
		if e.Total != e.Compute+e.Requests+e.Provisioned+e.Ephemeral {
			t.Errorf("total %s is not the sum of %+v", e.Total, e)
		}
	})
	t.Run("reports an amount too large for Money", func(t *testing.T) {
		_, err := Monthly(Profile{MemoryMiB: 10240, Duration: MaxDuration, Invocations: 1 << 40})
		if err == nil || !strings.Contains(err.Error(), "exceeds the range") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestProfileValidate(t *testing.T) {
	ok := Profile{MemoryMiB: 1024, Duration: time.Second}
	for _, c := range []struct {
		name string
		edit func(*Profile)
		want string
	}{
		{"rejects memory below 128 MiB", func(p *Profile) { p.MemoryMiB = 64 }, "MemoryMiB must be 128..10240 MiB, got 64"},
		{"rejects memory above 10240 MiB", func(p *Profile) { p.MemoryMiB = 10241 }, "MemoryMiB must be 128..10240 MiB, got 10241"},
		{"rejects a zero duration", func(p *Profile) { p.Duration = 0 }, "Duration must be more than 0 and at most 15m0s, got 0s"},
		{"rejects a duration above 15 minutes", func(p *Profile) { p.Duration = 16 * time.Minute }, "got 16m0s"},
		{"rejects negative invocations", func(p *Profile) { p.Invocations = -1 }, "Invocations must not be negative, got -1"},
		{"rejects an unknown architecture", func(p *Profile) { p.Arch = "sparc" }, `unknown architecture "sparc"`},
		{"rejects provisioned environments without hours", func(p *Profile) { p.ProvisionedEnvironments = 2 }, "ProvisionedHours must be more than 0 when ProvisionedEnvironments is 2"},
		{"rejects hours without provisioned environments", func(p *Profile) { p.ProvisionedHours = 3 }, "ProvisionedEnvironments must be more than 0 when ProvisionedHours is 3"},
		{"rejects negative hours", func(p *Profile) { p.ProvisionedHours = -1 }, "ProvisionedHours must be a number of hours >= 0, got -1"},
		{"rejects more provisioned invocations than invocations", func(p *Profile) { p.ProvisionedInvocations = 5 }, "ProvisionedInvocations must be 0..Invocations (0), got 5"},
		{"rejects ephemeral storage below 512 MiB", func(p *Profile) { p.EphemeralStorageMiB = 100 }, "EphemeralStorageMiB must be 512..10240 MiB, got 100"},
		{"rejects a negative init duration", func(p *Profile) { p.InitDuration, p.ColdStartRate = -time.Second, 0.1 }, "InitDuration must be 0..15m0s, got -1s"},
		{"rejects a cold-start rate above 1", func(p *Profile) { p.InitDuration, p.ColdStartRate = time.Second, 1.5 }, "ColdStartRate must be a share 0..1 of the on-demand invocations, got 1.5"},
		{"rejects a cold-start rate without an init duration", func(p *Profile) { p.ColdStartRate = 0.01 }, "InitDuration must be more than 0 when ColdStartRate is 0.01"},
		{"rejects an init duration without a cold-start rate", func(p *Profile) { p.InitDuration = time.Second }, "ColdStartRate must be more than 0 when InitDuration is 1s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := ok
			c.edit(&p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Validate() = %v, want it to contain %q", err, c.want)
			}
			if _, err := Monthly(p); err == nil {
				t.Error("Monthly accepted the invalid profile")
			}
		})
	}
	t.Run("reports every problem at once", func(t *testing.T) {
		err := Profile{MemoryMiB: 1, Duration: -1, Invocations: -1}.Validate()
		if err == nil || strings.Count(err.Error(), "\n") != 2 {
			t.Errorf("Validate() = %v, want three lines", err)
		}
	})
	t.Run("accepts the minimal profile", func(t *testing.T) {
		if err := ok.Validate(); err != nil {
			t.Error(err)
		}
	})
}

func TestCostPerMillion(t *testing.T) {
	for _, c := range []struct {
		name      string
		memoryMiB int
		duration  time.Duration
		arch      Arch
		want      string
	}{
		{"is requests plus duration at 128 MiB and 1 ms", 128, time.Millisecond, X86_64, "$0.2020833375"},
		{"is $16.87 at 1 GB and 1 s on x86_64", 1024, time.Second, X86_64, "$16.8667"},
		{"is $13.53 at 1 GB and 1 s on arm64", 1024, time.Second, ARM64, "$13.5334"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := CostPerMillion(c.memoryMiB, c.duration, c.arch)
			if err != nil || got.String() != c.want {
				t.Errorf("CostPerMillion = %s, %v; want %s", got, err, c.want)
			}
		})
	}
}

// TestInitBilling: since 1 August 2025 the INIT phase of an on-demand cold
// start is billed like invocation duration: the cold invocation's billed
// duration is init + invoke rounded up to 1 ms
// (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/).
func TestInitBilling(t *testing.T) {
	t.Run("bills init GB-seconds of the cold starts at the duration price", func(t *testing.T) {
		// 1 million × 1 % = 10,000 cold starts × 0.5 s × 1 GB = 5,000 GB-s.
		e, err := Monthly(Profile{MemoryMiB: 1024, Duration: 100 * time.Millisecond, Invocations: 1_000_000, Arch: ARM64,
			InitDuration: 500 * time.Millisecond, ColdStartRate: TypicalColdStartRate})
		if err != nil {
			t.Fatal(err)
		}
		if e.ColdStarts != 10_000 || e.Init != 5000*usEast1ARMTier1 || e.Init.Format(4) != "$0.0667" {
			t.Errorf("cold starts %d, init %s (%s), want 10000 and %s", e.ColdStarts, e.Init, e.Init.Format(4), 5000*usEast1ARMTier1)
		}
		if e.Total != e.Compute+e.Init+e.Requests+e.Provisioned+e.Ephemeral {
			t.Errorf("total %s is not the sum of the lines %+v", e.Total, e)
		}
		without, _ := Monthly(Profile{MemoryMiB: 1024, Duration: 100 * time.Millisecond, Invocations: 1_000_000, Arch: ARM64})
		if e.Compute != without.Compute || e.Total != without.Total+e.Init {
			t.Errorf("init changed the invoke charge: %s vs %s", e.Compute, without.Compute)
		}
	})
	t.Run("rounds init and invoke up to 1 ms together", func(t *testing.T) {
		for _, c := range []struct {
			init    time.Duration
			extraMs int64 // added to the 2 ms a warm call bills
		}{
			{400 * time.Microsecond, 0},  // 1.2 + 0.4 = 1.6 ms: billed 2 ms, as warm
			{900 * time.Microsecond, 1},  // 2.1 ms: billed 3 ms
			{1800 * time.Microsecond, 1}, // 3.0 ms: billed 3 ms
			{2900 * time.Microsecond, 3}, // 4.1 ms: billed 5 ms
		} {
			// 1,000 cold starts at 1 GB: each extra ms is 1 GB-s in all.
			e, err := Monthly(Profile{MemoryMiB: 1024, Duration: 1200 * time.Microsecond, Invocations: 1000, InitDuration: c.init, ColdStartRate: 1})
			if err != nil {
				t.Fatal(err)
			}
			if want := Money(c.extraMs) * usEast1X86Tier1; e.Init != want {
				t.Errorf("init %s: charge %s, want %s", c.init, e.Init, want)
			}
		}
	})
	t.Run("charges only on-demand invocations for init", func(t *testing.T) {
		// One environment for an hour holds all 3,600 one-second calls.
		e, err := Monthly(Profile{MemoryMiB: 1024, Duration: time.Second, Invocations: 3600, ProvisionedEnvironments: 1, ProvisionedHours: 1,
			InitDuration: time.Second, ColdStartRate: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if e.ColdStarts != 0 || e.Init != 0 {
			t.Errorf("provisioned invocations billed %d cold starts, %s", e.ColdStarts, e.Init)
		}
	})
	t.Run("prices init through the volume tiers", func(t *testing.T) {
		// 6 billion GB-s of invocations fill x86_64's first tier; init
		// GB-seconds land in the second.
		e, err := Monthly(Profile{MemoryMiB: 1024, Duration: 600 * time.Second, Invocations: 10_000_000,
			InitDuration: 10 * time.Second, ColdStartRate: 0.001})
		if err != nil {
			t.Fatal(err)
		}
		if want := 100_000 * usEast1X86Tier2; e.Init != want {
			t.Errorf("init %s, want 10,000 cold starts × 10 GB-s at the second tier = %s", e.Init, want)
		}
	})
}
