package localinvoke_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/lambdaperf/lambdaperf/localinvoke"
)

// Invoke a function of cdk.out twice: a cold start, then a warm one. (Not
// run here: it needs a synthesized cdk.out and the emulator.)
func ExampleStart() {
	fn, err := localinvoke.Load("cdk.out", "LambdaPerfApi/NodeApi")
	if err != nil {
		log.Fatal(err) // ErrUnknownFunction lists the functions there are
	}
	fn.Override(map[string]string{"TABLE_NAME": "items"})
	in, err := localinvoke.Start(context.Background(), fn, localinvoke.Options{})
	if err != nil {
		log.Fatal(err) // ErrNotForHost, ErrPortInUse, ErrNoEmulator, ErrUnsupported
	}
	defer in.Close()
	event := []byte(`{"rawPath": "/nope", "requestContext": {"http": {"method": "GET"}}}`)
	for range 2 {
		r, err := in.Invoke(context.Background(), event)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s\n%s\n", r.Payload, r.Report)
	}
}

// The playbook's load test against four local emulators. (Not run here:
// it needs a synthesized cdk.out and runs for a minute.)
func ExampleRunLoad() {
	fn, err := localinvoke.Load("cdk.out", "LambdaPerfApi/GoApi")
	if err != nil {
		log.Fatal(err)
	}
	rep, err := localinvoke.RunLoad(context.Background(), fn, localinvoke.LoadOptions{
		Ramp:  localinvoke.PlaybookRamp, // 10 -> 100 requests/s over a minute
		Event: []byte(`{"rawPath": "/nope", "requestContext": {"http": {"method": "GET"}}}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("p99 %.1f ms, %d cold starts, %d of %d answered\n", rep.Latency.P99, rep.ColdStarts, rep.Answered, rep.Scheduled)
}

// A ramp schedules its requests open-loop, the rate rising linearly.
func ExampleRamp_Arrivals() {
	r := localinvoke.Ramp{From: 2, To: 6, Duration: 2 * time.Second}
	fmt.Println(r.Count(), "requests:", r.Arrivals(0))
	// Output: 8 requests: [0s 414.213562ms 732.050807ms 1s 1.236067977s 1.449489742s 1.645751311s 1.828427124s]
}
