package sources

import (
	"math"
	"time"
)

// DefaultStreamUtilization is the share of its capacity a stream consumer
// is sized to use: 0.7 leaves 30 % headroom for a burst, as
// concurrency.ForLoad does.
const DefaultStreamUtilization = 0.7

// ParallelizationFor is the parallelization factor a stream consumer needs
// to keep up with recordsPerSecond spread over shards, each record taking
// perRecord in the function.
//
// Lambda runs at most ParallelizationFactor batches of a shard at once, and
// a batch's records one after another, so one shard consumes
// ParallelizationFactor / perRecord records per second. Keeping up at the
// utilization target (DefaultStreamUtilization, 0.7) needs
//
//	factor = ceil(recordsPerSecond / shards × perRecord / 0.7)
//
// e.g. 2,000 records/s on 4 shards at 2 ms a record: 500 × 0.002 / 0.7 =
// 1.43, so 2. The result may exceed MaxParallelization (10), which
// ResolveStream rejects: add shards instead. It is 0 for a load it cannot
// size (a value not positive or not finite).
func ParallelizationFor(recordsPerSecond float64, shards int, perRecord time.Duration) int {
	if !(recordsPerSecond > 0) || math.IsInf(recordsPerSecond, 0) || shards < 1 || perRecord <= 0 {
		return 0
	}
	busy := recordsPerSecond / float64(shards) * perRecord.Seconds() / DefaultStreamUtilization
	// As in ForLoad: products a hair above an integer must not round up.
	return max(int(math.Ceil(busy-1e-9)), 1)
}
