package costmodel_test

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// A million queue messages of 2 ms each on a 512 MiB arm64 function: in
// batches of 100 that arrive half full, 20,000 invocations instead of a
// million, and the request charges of the others saved.
func ExampleBatched() {
	e, err := costmodel.Batched(512, costmodel.ARM64, costmodel.Batching{Messages: 1_000_000, BatchSize: 100, PerMessage: 2 * time.Millisecond})
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Invocations, e.Batched.Total.Format(4), e.Single.Total.Format(4), e.Saving.Format(4))
	// Output: 20000 $0.0173 $0.2133 $0.1960
}
