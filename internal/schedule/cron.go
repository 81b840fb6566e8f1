package schedule

import (
	"fmt"
	"strconv"
	"strings"
)

// cronField is one field of an AWS cron expression.
type cronField struct {
	name     string
	min, max int
	names    []string // names for min, min+1, ... (months, weekdays)
}

// cronFields are the six fields of an AWS cron expression, from
// https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
var cronFields = [6]cronField{
	{name: "minutes", min: 0, max: 59},
	{name: "hours", min: 0, max: 23},
	{name: "day-of-month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day-of-week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
	{name: "year", min: 1970, max: 2199},
}

const (
	dayOfMonth = 2
	dayOfWeek  = 4
)

// ValidateCron checks an AWS cron expression as Application Auto Scaling
// reads it (the one implementation: the concurrency construct checks a
// user's schedules with it, the advisor a template's scheduled actions): cron(minutes hours day-of-month month day-of-week year), six
// fields; `,` `-` `*` `/` in every field; `L` and `W` in day-of-month; `L`
// and `#` in day-of-week; and `?` in exactly one of the two day fields
// (AWS cannot honour both at once).
func ValidateCron(expr string) error {
	inner, ok := strings.CutPrefix(expr, "cron(")
	if ok {
		inner, ok = strings.CutSuffix(inner, ")")
	}
	if !ok {
		return fmt.Errorf("%q is not a cron expression: write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 8 ? * MON-FRI *)", expr)
	}
	if strings.ContainsAny(inner, "()") {
		return fmt.Errorf("%s has an unbalanced parenthesis: write cron(...) with one ( and one ), e.g. cron(0 8 ? * MON-FRI *)", expr)
	}
	fields := strings.Fields(inner)
	if len(fields) != 6 {
		return fmt.Errorf("%s has %d fields, AWS cron has 6: cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 8 ? * MON-FRI *)", expr, len(fields))
	}
	for i, f := range fields {
		if err := cronFields[i].check(f); err != nil {
			return fmt.Errorf("%s: %s field %q %v", expr, cronFields[i].name, f, err)
		}
	}
	dom, dow := fields[dayOfMonth] == "?", fields[dayOfWeek] == "?"
	switch {
	case dom && dow:
		return fmt.Errorf("%s: day-of-month and day-of-week are both ?: set one of them (e.g. * for every day of the month)", expr)
	case !dom && !dow:
		return fmt.Errorf("%s: day-of-month %q and day-of-week %q are both set: AWS cron needs ? in one of them, e.g. cron(0 8 ? * MON-FRI *)", expr, fields[dayOfMonth], fields[dayOfWeek])
	}
	return nil
}

func (c cronField) check(field string) error {
	if field == "?" {
		if c.name != cronFields[dayOfMonth].name && c.name != cronFields[dayOfWeek].name {
			return fmt.Errorf("uses ?, which only day-of-month and day-of-week allow")
		}
		return nil
	}
	for _, item := range strings.Split(field, ",") {
		if err := c.checkItem(item); err != nil {
			return err
		}
	}
	return nil
}

func (c cronField) checkItem(item string) error {
	if item == "" {
		return fmt.Errorf("has an empty list item")
	}
	if item == "?" {
		return fmt.Errorf("mixes ? with other values: ? stands alone")
	}
	switch c.name {
	case "day-of-month":
		switch {
		case item == "L" || item == "LW":
			return nil
		case strings.HasSuffix(item, "W"):
			return c.checkValue(strings.TrimSuffix(item, "W"))
		}
	case "day-of-week":
		switch {
		case item == "L":
			return nil
		case strings.HasSuffix(item, "L"):
			return c.checkValue(strings.TrimSuffix(item, "L"))
		case strings.Contains(item, "#"):
			day, nth, _ := strings.Cut(item, "#")
			if n, err := strconv.Atoi(nth); err != nil || n < 1 || n > 5 {
				return fmt.Errorf("has %q: the n in day#n is 1..5", item)
			}
			return c.checkValue(day)
		}
	}
	rng, step, hasStep := strings.Cut(item, "/")
	if hasStep {
		if n, err := strconv.Atoi(step); err != nil || n < 1 {
			return fmt.Errorf("has step %q: a step is a whole number of 1 or more", step)
		}
	}
	if rng == "*" {
		return nil
	}
	lo, hi, isRange := strings.Cut(rng, "-")
	if err := c.checkValue(lo); err != nil {
		return err
	}
	if !isRange {
		return nil
	}
	if err := c.checkValue(hi); err != nil {
		return err
	}
	if a, b := c.value(lo), c.value(hi); a > b {
		return fmt.Errorf("has range %s: it runs backwards (%d > %d)", rng, a, b)
	}
	return nil
}

func (c cronField) checkValue(s string) error {
	if v := c.value(s); v < c.min || v > c.max {
		allowed := fmt.Sprintf("%d..%d", c.min, c.max)
		if c.names != nil {
			allowed += fmt.Sprintf(" or %s..%s", c.names[0], c.names[len(c.names)-1])
		}
		return fmt.Errorf("has %q: allowed values are %s", s, allowed)
	}
	return nil
}

// value is a field value as a number (names count from min), or -1.
func (c cronField) value(s string) int {
	for i, n := range c.names {
		if strings.EqualFold(s, n) {
			return c.min + i
		}
	}
	if s == "" || strings.Trim(s, "0123456789") != "" || len(s) > 4 {
		return -1
	}
	v, _ := strconv.Atoi(s)
	return v
}
