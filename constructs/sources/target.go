package sources

import (
	"fmt"
	"time"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Function is what a source needs to know of the function it feeds.
type Function struct {
	// Timeout of the function, 1 s..900 s.
	Timeout time.Duration
	// Reserved concurrency of the function, nil when it has none.
	Reserved *int
}

// FunctionOf reads the facts of an optimized function from its plan.
func FunctionOf(fn *optimizedfn.Function) Function {
	p := fn.Plan()
	return Function{Timeout: p.Timeout, Reserved: p.Reserved}
}

// Warning is a soft problem with a stable ID (problems.Warning, one type
// for every lambdaperf construct): synthesis goes on, and the user
// acknowledges it with
// awscdk.Annotations_Of(source).AcknowledgeWarning(id, reason).
type Warning = problems.Warning

// Warning IDs.
const (
	// WarnVisibilityUnknown: the visibility timeout of a queue built
	// elsewhere is unknown, so the six-times rule cannot be checked.
	WarnVisibilityUnknown = "lambdaperf:sources:visibility-unknown"
	// WarnAboveReserved: maximum concurrency above the function's reserved
	// concurrency throttles batches, which return to the queue.
	WarnAboveReserved = "lambdaperf:sources:above-reserved"
	// WarnUnboundedRetries: a stream source that retries forever or keeps
	// records forever blocks its shard behind one bad record.
	WarnUnboundedRetries = "lambdaperf:sources:unbounded-retries"
)

// wholeSeconds says whether d is a whole number of seconds.
func wholeSeconds(d time.Duration) bool { return d%time.Second == 0 }

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
