package costmodel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// Arch is a Lambda instruction set architecture (package lambda's).
type Arch = lambda.Arch

// Architectures Lambda runs on.
const (
	X86_64 Arch = "x86_64" // lambda.X86_64
	ARM64  Arch = "arm64"  // lambda.ARM64
)

// ParseArch accepts "x86_64" or "arm64".
func ParseArch(s string) (Arch, error) {
	switch a := Arch(s); a {
	case X86_64, ARM64:
		return a, nil
	}
	return "", fmt.Errorf("unknown architecture %q, want %s or %s", s, X86_64, ARM64)
}

// DefaultRegion is the region whose prices apply when none is given.
const DefaultRegion = "us-east-1"

// Tier is one monthly volume tier of the on-demand duration price.
type Tier struct {
	// UpToGBSeconds is the monthly GB-seconds (summed per account, region and
	// architecture) at which this tier ends; 0 means it never ends.
	UpToGBSeconds int64
	// PerGBSecond is the price of one GB-second within the tier.
	PerGBSecond Money
}

// Prices are the Lambda list prices for one region and architecture.
type Prices struct {
	// Region the prices apply to, e.g. us-east-1.
	Region string
	// Arch the prices apply to.
	Arch Arch
	// Duration holds the on-demand duration tiers, lowest volume first.
	Duration []Tier
	// PerRequest is the price of one request ($0.20 per million).
	PerRequest Money
	// ProvisionedPerGBSecond is the price of keeping one GB of provisioned
	// concurrency for one second, busy or idle.
	ProvisionedPerGBSecond Money
	// ProvisionedDurationPerGBSecond is the duration price of invocations
	// served by provisioned environments (lower than on-demand).
	ProvisionedDurationPerGBSecond Money
	// EphemeralPerGBSecond is the price of each GB of /tmp above the free
	// 512 MiB, per second of execution.
	EphemeralPerGBSecond Money
	// SnapStartCachePerGBSecond is the price of caching a SnapStart snapshot,
	// per GB of function memory per second the version is active.
	SnapStartCachePerGBSecond Money
	// SnapStartRestorePerGB is the price of one restore, per GB of memory.
	SnapStartRestorePerGB Money
}

// US East (N. Virginia) list prices. Source for every value:
// https://aws.amazon.com/lambda/pricing/ (duration tiers, requests,
// Provisioned Concurrency, ephemeral storage and SnapStart sections; the
// worked examples there are based on US East (N. Virginia)).
const (
	// $0.0000166667 per GB-second, x86_64, first 6 billion GB-seconds a month.
	// https://aws.amazon.com/lambda/pricing/
	usEast1X86Tier1 Money = 16_666_700
	// $0.0000150000 per GB-second, x86_64, next 9 billion GB-seconds a month.
	// https://aws.amazon.com/lambda/pricing/
	usEast1X86Tier2 Money = 15_000_000
	// $0.0000133334 per GB-second, x86_64, over 15 billion GB-seconds a month.
	// https://aws.amazon.com/lambda/pricing/
	usEast1X86Tier3 Money = 13_333_400

	// $0.0000133334 per GB-second, arm64, first 7.5 billion GB-seconds a month.
	// https://aws.amazon.com/lambda/pricing/
	usEast1ARMTier1 Money = 13_333_400
	// $0.0000120001 per GB-second, arm64, next 11.25 billion GB-seconds a month.
	// https://aws.amazon.com/lambda/pricing/
	usEast1ARMTier2 Money = 12_000_100
	// $0.0000106667 per GB-second, arm64, over 18.75 billion GB-seconds a month.
	// https://aws.amazon.com/lambda/pricing/
	usEast1ARMTier3 Money = 10_666_700

	// $0.20 per 1 million requests, both architectures.
	// https://aws.amazon.com/lambda/pricing/
	usEast1PerRequest Money = 200_000

	// $0.0000041667 per GB-second of Provisioned Concurrency, x86_64.
	// https://aws.amazon.com/lambda/pricing/
	usEast1X86Provisioned Money = 4_166_700
	// $0.0000033334 per GB-second of Provisioned Concurrency, arm64.
	// https://aws.amazon.com/lambda/pricing/
	usEast1ARMProvisioned Money = 3_333_400
	// $0.0000097222 per GB-second of duration with Provisioned Concurrency, x86_64.
	// https://aws.amazon.com/lambda/pricing/
	usEast1X86ProvisionedDuration Money = 9_722_200
	// $0.0000077778 per GB-second of duration with Provisioned Concurrency, arm64.
	// https://aws.amazon.com/lambda/pricing/
	usEast1ARMProvisionedDuration Money = 7_777_800

	// $0.0000000309 per GB-second of ephemeral storage above 512 MB.
	// https://aws.amazon.com/lambda/pricing/
	usEast1Ephemeral Money = 30_900

	// $0.0000015046 per GB-second of SnapStart cache (minimum 3 hours).
	// https://aws.amazon.com/lambda/pricing/
	usEast1SnapStartCache Money = 1_504_600
	// $0.0001397998 per GB restored from a SnapStart snapshot.
	// https://aws.amazon.com/lambda/pricing/
	usEast1SnapStartRestore Money = 139_799_800
)

// Monthly volume tier boundaries in GB-seconds.
// https://aws.amazon.com/lambda/pricing/ and
// https://aws.amazon.com/blogs/compute/introducing-tiered-pricing-for-aws-lambda/
const (
	x86Tier1End = 6_000_000_000
	x86Tier2End = 15_000_000_000
	armTier1End = 7_500_000_000
	armTier2End = 18_750_000_000
)

var priceTable = map[string]map[Arch]Prices{
	"us-east-1": {
		X86_64: {
			Region: "us-east-1",
			Arch:   X86_64,
			Duration: []Tier{
				{UpToGBSeconds: x86Tier1End, PerGBSecond: usEast1X86Tier1},
				{UpToGBSeconds: x86Tier2End, PerGBSecond: usEast1X86Tier2},
				{PerGBSecond: usEast1X86Tier3},
			},
			PerRequest:                     usEast1PerRequest,
			ProvisionedPerGBSecond:         usEast1X86Provisioned,
			ProvisionedDurationPerGBSecond: usEast1X86ProvisionedDuration,
			EphemeralPerGBSecond:           usEast1Ephemeral,
			SnapStartCachePerGBSecond:      usEast1SnapStartCache,
			SnapStartRestorePerGB:          usEast1SnapStartRestore,
		},
		ARM64: {
			Region: "us-east-1",
			Arch:   ARM64,
			Duration: []Tier{
				{UpToGBSeconds: armTier1End, PerGBSecond: usEast1ARMTier1},
				{UpToGBSeconds: armTier2End, PerGBSecond: usEast1ARMTier2},
				{PerGBSecond: usEast1ARMTier3},
			},
			PerRequest:                     usEast1PerRequest,
			ProvisionedPerGBSecond:         usEast1ARMProvisioned,
			ProvisionedDurationPerGBSecond: usEast1ARMProvisionedDuration,
			EphemeralPerGBSecond:           usEast1Ephemeral,
			// The pricing page publishes one SnapStart price for the region.
			SnapStartCachePerGBSecond: usEast1SnapStartCache,
			SnapStartRestorePerGB:     usEast1SnapStartRestore,
		},
	},
}

// Regions lists the regions whose prices this package knows, sorted.
func Regions() []string { return sortedKeys(priceTable) }

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// PricesFor returns the list prices for a region and architecture.
// An empty region means [DefaultRegion]; an empty arch means [X86_64].
func PricesFor(region string, arch Arch) (Prices, error) {
	if region == "" {
		region = DefaultRegion
	}
	if arch == "" {
		arch = X86_64
	}
	if _, err := ParseArch(string(arch)); err != nil {
		return Prices{}, fmt.Errorf("costmodel: %w", err)
	}
	byArch, ok := priceTable[region]
	if !ok {
		return Prices{}, fmt.Errorf("costmodel: no prices for region %q, known: %s", region, strings.Join(Regions(), ", "))
	}
	p := byArch[arch]
	p.Duration = slices.Clone(p.Duration)
	return p, nil
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, X86_64 == lambda.X86_64 && ARM64 == lambda.ARM64: {}}
