package schedule

import (
	"strings"
	"time"
)

// Next returns the first time after t at which a valid cron(...) or
// at(...) expression fires, reading its fields as wall-clock time in loc
// (nil: UTC), as Application Auto Scaling reads a scheduled action with
// that Timezone. ok is false when it never fires after t: an at() time or
// every year of a cron expression's year field is past, or its days never
// occur (cron(0 8 30 2 ? *)). known is false when this cannot tell: an
// invalid or rate() expression, or a cron with L, W or # (which
// cronTimes cannot expand); such an expression is not judged.
func Next(expr string, t time.Time, loc *time.Location) (next time.Time, ok, known bool) {
	if loc == nil {
		loc = time.UTC
	}
	if m := reAt.FindStringSubmatch(expr); m != nil {
		at, err := time.ParseInLocation("2006-01-02T15:04:05", m[1], loc)
		if err != nil {
			return time.Time{}, false, false
		}
		return at, at.After(t), true
	}
	if !strings.HasPrefix(expr, "cron(") || ValidateCron(expr) != nil || strings.ContainsAny(expr, "LW#") {
		return time.Time{}, false, false
	}
	local := t.In(loc)
	for year := max(local.Year(), cronFields[5].min); year <= cronFields[5].max; year++ {
		times, _ := cronTimes(expr, year)
		for _, wall := range times {
			// cronTimes gives wall-clock times as UTC values: the same
			// fields in loc (a time skipped by a DST change moves on, as
			// time.Date normalizes it).
			at := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, loc)
			if at.After(t) {
				return at, true, true
			}
		}
	}
	return time.Time{}, false, true
}
