package concurrency

import (
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/internal/schedule"
)

// ValidateCron checks an AWS cron expression as Application Auto Scaling
// reads it: cron(minutes hours day-of-month month day-of-week year), six
// fields, with `?` in exactly one of the two day fields. The checker is
// lambdaperf's one (package internal/schedule), shared with the advisor.
// Unresolved tokens are not checked.
func ValidateCron(expr string) error {
	if problems.IsToken(expr) {
		return nil
	}
	return schedule.ValidateCron(expr)
}
