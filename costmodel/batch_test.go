package costmodel

import (
	"testing"
	"time"
)

func TestBatched(t *testing.T) {
	t.Run("a million messages in full batches of 100 take 10,000 invocations", func(t *testing.T) {
		e, err := Batched(512, ARM64, Batching{Messages: 1_000_000, BatchSize: 100, Fill: 1, PerMessage: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if e.Invocations != 10_000 || e.SingleInvocations != 1_000_000 || e.MessagesPerInvocation != 100 {
			t.Errorf("%+v", e)
		}
		// Same GB-seconds both ways (100 ms × 10,000 = 1 ms × 1,000,000):
		// the saving is the request charge of 990,000 invocations, $0.198.
		if e.Batched.Compute != e.Single.Compute {
			t.Errorf("compute %s batched vs %s single, want equal", e.Batched.Compute, e.Single.Compute)
		}
		if got, want := e.Saving, e.Single.Requests-e.Batched.Requests; got != want || e.Saving.Format(3) != "$0.198" {
			t.Errorf("saving %s, want the requests saved %s = $0.198", got, want)
		}
	})
	t.Run("the default fill is half a batch", func(t *testing.T) {
		e, err := Batched(512, ARM64, Batching{Messages: 1_000_000, BatchSize: 10, PerMessage: 20 * time.Millisecond})
		if err != nil || e.MessagesPerInvocation != 5 || e.Invocations != 200_000 {
			t.Errorf("%+v %v", e, err)
		}
	})
	t.Run("sub-millisecond messages save the rounding too", func(t *testing.T) {
		e, err := Batched(1024, ARM64, Batching{Messages: 1_000_000, BatchSize: 100, Fill: 1, PerMessage: 200 * time.Microsecond})
		if err != nil || e.Batched.Compute >= e.Single.Compute || e.SavingPercent() < 50 {
			t.Errorf("compute %s vs %s, saving %.1f %%, err %v", e.Batched.Compute, e.Single.Compute, e.SavingPercent(), err)
		}
	})
	t.Run("batch size 1 saves nothing", func(t *testing.T) {
		e, err := Batched(512, ARM64, Batching{Messages: 1000, BatchSize: 1, Fill: 1, PerMessage: 5 * time.Millisecond})
		if err != nil || e.Saving != 0 || e.Invocations != 1000 {
			t.Errorf("%+v %v", e, err)
		}
	})
	for _, b := range []Batching{
		{Messages: 0, BatchSize: 10, PerMessage: time.Millisecond},
		{Messages: 1, BatchSize: 10001, PerMessage: time.Millisecond},
		{Messages: 1, BatchSize: 10, Fill: 1.5, PerMessage: time.Millisecond},
		{Messages: 1, BatchSize: 10},
	} {
		if _, err := Batched(512, ARM64, b); err == nil {
			t.Errorf("%+v: no error", b)
		}
	}
}
