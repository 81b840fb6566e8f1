package costmodel

import (
	"fmt"
	"slices"
	"strings"
)

// Instance is an EC2 instance type a Lambda Managed Instances capacity
// provider can run, with its on-demand Linux price in one region and where
// that price was read.
type Instance struct {
	// Type is the EC2 instance type, such as "m7g.xlarge".
	Type string
	// Region is the AWS region OnDemandHourly is the price in, such as
	// "us-east-1".
	Region string
	// VCPUs is the instance's number of vCPUs
	// (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html, co.html,
	// mo.html).
	VCPUs int
	// MemoryGiB is the instance's memory, in GiB (same pages as VCPUs).
	MemoryGiB int
	// OnDemandHourly is the EC2 on-demand price of one instance-hour
	// (Linux, shared tenancy): the base of both the instance charge and the
	// Managed Instances management fee.
	OnDemandHourly Money
	// Source is where the price is published; Read is the date it was
	// read for this table.
	Source, Read string
}

// GiBPerVCPU is the instance's memory per vCPU: 2 for c, 4 for m, 8 for r
// families.
func (i Instance) GiBPerVCPU() float64 { return float64(i.MemoryGiB) / float64(i.VCPUs) }

// Where the instance prices come from. The EC2 on-demand page
// (https://aws.amazon.com/ec2/pricing/on-demand/) renders its table from the
// AWS Price List, so the price list's regional offer file is the citable
// source. Read on 2026-12-06 from two copies of it:
//   - us-east-1: aws/karpenter-provider-aws
//     pkg/providers/pricing/zz_generated.pricing_aws.go, generated from the
//     price list at 2026-01-19T13:23:24Z; the 7g prices agree with a second
//     copy checked against the price list on 2026-10-08, and m7g.xlarge's
//     $0.1632 is the price the Lambda pricing page's Managed Instances
//     example states (https://aws.amazon.com/lambda/pricing/).
//   - eu-west-1: a price book checked against the price list on 2026-10-08
//     (c7g, m7g and r7g; its us-east-1 rows equal the first copy). No copy
//     of the Graviton4 (8g) eu-west-1 prices could be verified, so they are
//     left out rather than guessed.
const (
	priceListUSEast1   = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json"
	priceListEUWest1   = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.json"
	instancePricesRead = "2026-12-06"
)

// Graviton families Lambda Managed Instances runs ("current-generation
// Amazon EC2 instances, including Graviton4",
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html),
// by memory per vCPU: c (compute optimized) 2 GiB, m (general purpose) 4
// GiB, r (memory optimized) 8 GiB.
var familyGiBPerVCPU = map[string]int{"c7g": 2, "m7g": 4, "r7g": 8, "c8g": 2, "m8g": 4, "r8g": 8}

// sizeVCPUs are the sizes in the table, smallest first.
var sizeVCPUs = []struct {
	name  string
	vcpus int
}{{"large", 2}, {"xlarge", 4}, {"2xlarge", 8}, {"4xlarge", 16}}

// instancePrices holds the on-demand dollars per hour as the price list
// prints them, by region and instance type.
var instancePrices = map[string]map[string]string{
	"us-east-1": {
		"c7g.large": "0.0725", "c7g.xlarge": "0.145", "c7g.2xlarge": "0.29", "c7g.4xlarge": "0.58",
		"m7g.large": "0.0816", "m7g.xlarge": "0.1632", "m7g.2xlarge": "0.3264", "m7g.4xlarge": "0.6528",
		"r7g.large": "0.1071", "r7g.xlarge": "0.2142", "r7g.2xlarge": "0.4284", "r7g.4xlarge": "0.8568",
		"c8g.large": "0.07976", "c8g.xlarge": "0.15952", "c8g.2xlarge": "0.31904", "c8g.4xlarge": "0.63808",
		"m8g.large": "0.08976", "m8g.xlarge": "0.17952", "m8g.2xlarge": "0.35904", "m8g.4xlarge": "0.71808",
		"r8g.large": "0.11782", "r8g.xlarge": "0.23564", "r8g.2xlarge": "0.47128", "r8g.4xlarge": "0.94256",
	},
	"eu-west-1": {
		"c7g.large": "0.0775", "c7g.xlarge": "0.155", "c7g.2xlarge": "0.3101", "c7g.4xlarge": "0.6202",
		"m7g.large": "0.091", "m7g.xlarge": "0.1819", "m7g.2xlarge": "0.3638", "m7g.4xlarge": "0.7276",
		"r7g.large": "0.1199", "r7g.xlarge": "0.2397", "r7g.2xlarge": "0.4794", "r7g.4xlarge": "0.9588",
	},
}

var priceListOf = map[string]string{"us-east-1": priceListUSEast1, "eu-west-1": priceListEUWest1}

// InstanceRegions lists the regions whose instance prices this package
// knows, sorted.
func InstanceRegions() []string { return sortedKeys(instancePrices) }

// Instances lists the instance types priced in region, by family and size.
func Instances(region string) []Instance {
	var out []Instance
	for typ := range instancePrices[region] {
		if in, err := InstanceFor(region, typ); err == nil {
			out = append(out, in)
		}
	}
	slices.SortFunc(out, func(a, b Instance) int {
		fa, _, _ := strings.Cut(a.Type, ".")
		fb, _, _ := strings.Cut(b.Type, ".")
		if c := strings.Compare(fa, fb); c != 0 {
			return c
		}
		return a.VCPUs - b.VCPUs
	})
	return out
}

// InstanceFor returns an instance type's size and on-demand price in a
// region. An empty region means [DefaultRegion].
func InstanceFor(region, instanceType string) (Instance, error) {
	if region == "" {
		region = DefaultRegion
	}
	prices, ok := instancePrices[region]
	if !ok {
		return Instance{}, fmt.Errorf("costmodel: no instance prices for region %q, known: %s", region, strings.Join(InstanceRegions(), ", "))
	}
	price, ok := prices[instanceType]
	if !ok {
		var known []string
		for _, in := range Instances(region) {
			known = append(known, in.Type)
		}
		return Instance{}, fmt.Errorf("costmodel: no %s price for instance type %q, known: %s", region, instanceType, strings.Join(known, ", "))
	}
	family, size, _ := strings.Cut(instanceType, ".")
	in := Instance{Type: instanceType, Region: region, Source: priceListOf[region], Read: instancePricesRead}
	for _, s := range sizeVCPUs {
		if s.name == size {
			in.VCPUs = s.vcpus
		}
	}
	in.MemoryGiB = in.VCPUs * familyGiBPerVCPU[family]
	m, err := ParseUSD(price)
	if err != nil || in.VCPUs == 0 || in.MemoryGiB == 0 {
		return Instance{}, fmt.Errorf("costmodel: bad instance table entry %s %s", region, instanceType)
	}
	in.OnDemandHourly = m
	return in, nil
}

// defaultFamily is the Graviton3 family whose memory per vCPU matches the
// environment's: c7g for 2 GiB, m7g for 4, r7g for 8 (the nearest above
// otherwise).
func defaultFamily(gibPerVCPU float64) string {
	switch {
	case gibPerVCPU <= 2:
		return "c7g"
	case gibPerVCPU <= 4:
		return "m7g"
	}
	return "r7g"
}
