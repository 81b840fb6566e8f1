package concurrency_test

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
)

// Size provisioned concurrency from the load: 100 requests/s at a p99 of
// 100 ms keep 10 environments busy (target 1, no headroom); at the 0.7
// utilization target that target tracking holds, the default, 15.
func ExampleForLoad() {
	fmt.Println(concurrency.ForLoad(100, 100*time.Millisecond))
	fmt.Println(concurrency.ForLoad(100, 100*time.Millisecond, 1))
	// Output:
	// 15
	// 10
}

// Business hours: at least 5 warm environments from 08:00 to 18:00 on
// weekdays, 1 otherwise, and target tracking up to 10 at any time.
func ExampleResolve() {
	plan, err := concurrency.Resolve("ProvisionedConcurrency", &concurrency.Config{
		Min: 1,
		AutoScaling: &concurrency.AutoScaling{
			Max: 10,
			Schedules: []concurrency.Schedule{
				{Name: "BusinessHoursStart", Cron: "cron(0 8 ? * MON-FRI *)", Min: 5},
				{Name: "BusinessHoursEnd", Cron: "cron(0 18 ? * MON-FRI *)", Min: 1},
			},
		},
	}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(plan.Min, plan.Max, plan.TargetUtilization, plan.Ceiling())
	// Output: 1 10 0.7 10
}
