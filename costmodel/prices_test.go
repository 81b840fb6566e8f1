package costmodel

import "testing"

// TestPricesMatchThePricingPage checks each constant against the decimal
// printed on https://aws.amazon.com/lambda/pricing/ (us-east-1).
func TestPricesMatchThePricingPage(t *testing.T) {
	for _, c := range []struct {
		name  string
		got   Money
		price string
	}{
		{"x86_64 duration, first 6B GB-s", usEast1X86Tier1, "0.0000166667"},
		{"x86_64 duration, next 9B GB-s", usEast1X86Tier2, "0.0000150000"},
		{"x86_64 duration, over 15B GB-s", usEast1X86Tier3, "0.0000133334"},
		{"arm64 duration, first 7.5B GB-s", usEast1ARMTier1, "0.0000133334"},
		{"arm64 duration, next 11.25B GB-s", usEast1ARMTier2, "0.0000120001"},
		{"arm64 duration, over 18.75B GB-s", usEast1ARMTier3, "0.0000106667"},
		{"requests, $0.20 per million", usEast1PerRequest * 1_000_000, "0.20"},
		{"x86_64 provisioned concurrency", usEast1X86Provisioned, "0.0000041667"},
		{"arm64 provisioned concurrency", usEast1ARMProvisioned, "0.0000033334"},
		{"x86_64 duration on provisioned concurrency", usEast1X86ProvisionedDuration, "0.0000097222"},
		{"arm64 duration on provisioned concurrency", usEast1ARMProvisionedDuration, "0.0000077778"},
		{"ephemeral storage above 512 MB", usEast1Ephemeral, "0.0000000309"},
		{"SnapStart cache", usEast1SnapStartCache, "0.0000015046"},
		{"SnapStart restore", usEast1SnapStartRestore, "0.0001397998"},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, err := ParseUSD(c.price)
			if err != nil || c.got != want {
				t.Errorf("constant is %s, pricing page says $%s", c.got, c.price)
			}
		})
	}
}

func TestPricesFor(t *testing.T) {
	t.Run("defaults to us-east-1 and x86_64", func(t *testing.T) {
		p, err := PricesFor("", "")
		if err != nil || p.Region != "us-east-1" || p.Arch != X86_64 || p.Duration[0].PerGBSecond != usEast1X86Tier1 {
			t.Fatalf("PricesFor = %+v, %v", p, err)
		}
	})
	t.Run("arm64 tiers end at 7.5 and 18.75 billion GB-seconds", func(t *testing.T) {
		p, err := PricesFor("us-east-1", ARM64)
		if err != nil || p.Duration[0].UpToGBSeconds != 7_500_000_000 || p.Duration[1].UpToGBSeconds != 18_750_000_000 || p.Duration[2].UpToGBSeconds != 0 {
			t.Fatalf("PricesFor = %+v, %v", p, err)
		}
	})
	t.Run("returns a copy the caller may change", func(t *testing.T) {
		p, _ := PricesFor("", X86_64)
		p.Duration[0].PerGBSecond = 0
		q, _ := PricesFor("", X86_64)
		if q.Duration[0].PerGBSecond == 0 {
			t.Fatal("PricesFor shares its tier slice")
		}
	})
	for _, c := range []struct{ name, region, arch, want string }{
		{"rejects an unknown region", "mars-1", "x86_64", `no prices for region "mars-1", known: us-east-1`},
		{"rejects an unknown architecture", "", "ppc64", `unknown architecture "ppc64", want x86_64 or arm64`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := PricesFor(c.region, Arch(c.arch))
			if err == nil || err.Error() != "costmodel: "+c.want {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
