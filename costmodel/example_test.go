package costmodel_test

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// Faster can be cheaper: 1,000 invocations of the same work at two memory
// sizes, requests included.
func ExampleInvocationsCost() {
	for _, run := range []struct {
		memoryMiB int
		duration  time.Duration
	}{{128, 11720 * time.Millisecond}, {1024, 1460 * time.Millisecond}} {
		e, err := costmodel.InvocationsCost(run.memoryMiB, run.duration, 1000, costmodel.X86_64)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%5d MiB %6s %s\n", run.memoryMiB, run.duration, e.Total.Format(4))
	}
	// Output:
	//   128 MiB 11.72s $0.0246
	//  1024 MiB  1.46s $0.0245
}

// A month of traffic, two thirds of it during business hours when five
// provisioned environments serve it.
func ExampleMonthly() {
	e, err := costmodel.Monthly(costmodel.Profile{
		MemoryMiB:               1024,
		Duration:                120 * time.Millisecond,
		Invocations:             30_000_000,
		Arch:                    costmodel.ARM64,
		ProvisionedEnvironments: 5,
		ProvisionedHours:        22 * 10, // 22 working days, 10 hours each
		ProvisionedInvocations:  20_000_000,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("compute    ", e.Compute.Format(2))
	fmt.Println("requests   ", e.Requests.Format(2))
	fmt.Println("provisioned", e.Provisioned.Format(2))
	fmt.Println("total      ", e.Total.Format(2))
	// Output:
	// compute     $34.67
	// requests    $6.00
	// provisioned $13.20
	// total       $53.87
}

func ExampleCostPerMillion() {
	m, err := costmodel.CostPerMillion(512, 85*time.Millisecond, costmodel.ARM64)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Format(4), "per million invocations")
	// Output: $0.7667 per million invocations
}

func ExampleProvisionedBreakeven() {
	b, err := costmodel.ProvisionedBreakeven("us-east-1", costmodel.X86_64)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.0f %%\n", b.Utilization*100)
	fmt.Println(b)
	// Output:
	// 60 %
	// cost: provisioned concurrency (x86_64, us-east-1) is cheaper than on-demand when its environments are busy more than 60 % of the time they are provisioned ($0.0000041667 ÷ ($0.0000166667 − $0.0000097222) per GB-second)
	// latency: the playbook's rule of thumb is to consider provisioned concurrency when cold starts exceed ~20 % of invocations; that is a latency rule, not a cost one
}

// Right-sizing a Lambda Power Tuning result with its balanced strategy.
func ExampleRightSize() {
	measured := []costmodel.Measurement{
		{MemoryMiB: 128, AverageDurationMs: 11720, AveragePriceUSD: 0.0000244167},
		{MemoryMiB: 1024, AverageDurationMs: 1460, AveragePriceUSD: 0.0000243334},
		{MemoryMiB: 1536, AverageDurationMs: 1010, AveragePriceUSD: 0.0000252500},
		{MemoryMiB: 3008, AverageDurationMs: 620, AveragePriceUSD: 0.0000303543},
	}
	for _, s := range []costmodel.Strategy{costmodel.StrategyCost, costmodel.StrategySpeed, costmodel.StrategyBalanced} {
		r, err := costmodel.RightSize(measured, s, costmodel.DefaultBalancedWeight)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s %d MiB\n", s, r.Best.MemoryMiB)
	}
	// Output:
	// cost     1024 MiB
	// speed    3008 MiB
	// balanced 1536 MiB
}

func ExampleVCPUs() {
	fmt.Printf("%.2f %.2f %d\n", costmodel.VCPUs(1024), costmodel.VCPUs(1769), costmodel.MemoryForVCPUs(2))
	// Output: 0.58 1.00 3538
}

// The worked example of the Managed Instances section of the Lambda
// pricing page: 2,000 m7g.xlarge instance-hours under a 3-year Compute
// Savings Plan ($0.0457 an hour) serving 100 million requests.
func ExampleManagedInstancesBill() {
	in, err := costmodel.InstanceFor("us-east-1", "m7g.xlarge")
	if err != nil {
		panic(err)
	}
	b, err := costmodel.ManagedInstancesBill(in, 2000, 100_000_000, costmodel.Commitment{Hourly: 45_700_000_000})
	if err != nil {
		panic(err)
	}
	fmt.Println("requests      ", b.RequestCharge.Format(2))
	fmt.Println("instances     ", b.InstanceCharge.Format(2))
	fmt.Println("management fee", b.ManagementFee.Format(2))
	fmt.Println("total         ", b.Total.Format(2))
	// Output:
	// requests       $20.00
	// instances      $91.40
	// management fee $48.96
	// total          $160.36
}

// One I/O-bound API function (100 ms, a fifth of it on CPU) at three
// request rates: on-demand, provisioned concurrency sized at a 0.7 target,
// and Managed Instances.
func ExampleCompare() {
	for _, rps := range []float64{1, 20, 500} {
		c, err := costmodel.Compare(costmodel.Load{RequestsPerSecond: rps, Duration: 100 * time.Millisecond, MemoryMiB: 2048,
			CPUShare: 0.2, Arch: costmodel.ARM64}, costmodel.ManagedOptions{Runtime: "nodejs22.x"})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%3g req/s: on-demand %9s, provisioned %9s, managed %9s: %s\n", rps,
			c.OnDemand.Total.Format(2), c.Provisioned.Total.Format(2), c.Managed.Total().Format(2), c.Cheapest)
	}
	// Output:
	//   1 req/s: on-demand     $7.53, provisioned    $22.13, managed   $183.12: on-demand
	//  20 req/s: on-demand   $150.67, provisioned   $144.83, managed   $193.10: provisioned-concurrency
	// 500 req/s: on-demand  $3766.82, provisioned  $3568.27, managed   $871.44: managed-instances
}
