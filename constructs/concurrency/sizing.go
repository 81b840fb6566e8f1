package concurrency

import (
	"math"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// DefaultTargetUtilization is the share of provisioned environments target
// tracking keeps busy: 0.7 leaves 30 % headroom for a burst while new
// environments initialize (the playbook's value). It equals the cost
// model's costmodel.ProvisionedTarget, so sizing and pricing agree.
const DefaultTargetUtilization = 0.7

// ForLoad is the number of execution environments a load needs, by Little's
// law: peak requests per second x duration of one request, divided by the
// utilization target, rounded up. Each environment serves one request at a
// time, so 100 req/s of 100 ms requests keep 10 environments busy; at a 0.7
// target that is 15.
//
// duration is the request's duration inside the function; use p99, not the
// average, for a Min that holds at peak. target is optional, 0 < target <= 1
// (default DefaultTargetUtilization, 0.7: the headroom target tracking
// keeps, so a static Min sized here holds a burst as well); pass 1 for
// Little's law with no headroom.
//
// ForLoad returns 0 for a load it cannot size (rps or duration not
// positive, a target outside (0, 1], more than one target), which Resolve
// then rejects as a Min below 1.
func ForLoad(rps float64, duration time.Duration, target ...float64) int {
	t := DefaultTargetUtilization
	switch len(target) {
	case 0:
	case 1:
		t = target[0]
	default:
		return 0
	}
	if !(rps > 0) || math.IsInf(rps, 0) || duration <= 0 || !(t > 0 && t <= 1) {
		return 0
	}
	return max(costmodel.EnvironmentsFor(rps, duration, t), 1)
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, DefaultTargetUtilization == costmodel.ProvisionedTarget: {}}
