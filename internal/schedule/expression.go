package schedule

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	reRate = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)
	reAt   = regexp.MustCompile(`^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$`)
)

// Validate checks a scheduled action's Schedule as Application Auto
// Scaling reads it: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or a
// six-field cron(...), from
// https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
func Validate(expr string) error {
	switch {
	case strings.HasPrefix(expr, "cron("):
		return ValidateCron(expr)
	case strings.HasPrefix(expr, "rate("):
		m := reRate.FindStringSubmatch(expr)
		if m == nil {
			return fmt.Errorf("%q is not a rate expression: write rate(value unit) with unit minute(s), hour(s) or day(s), e.g. rate(5 minutes)", expr)
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 {
			return fmt.Errorf("%s: the value must be a positive whole number", expr)
		}
		if (n == 1) != !strings.HasSuffix(m[2], "s") {
			return fmt.Errorf("%s: write the unit singular for 1 and plural otherwise (rate(1 hour), rate(2 hours))", expr)
		}
		return nil
	case strings.HasPrefix(expr, "at("):
		m := reAt.FindStringSubmatch(expr)
		if m == nil {
			return fmt.Errorf("%q is not an at expression: write at(yyyy-mm-ddThh:mm:ss), e.g. at(2027-01-31T08:00:00)", expr)
		}
		if _, err := time.Parse("2006-01-02T15:04:05", m[1]); err != nil {
			return fmt.Errorf("%s: %q is not a date and time", expr, m[1])
		}
		return nil
	}
	return fmt.Errorf("%q is not a schedule expression: write cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)", expr)
}
