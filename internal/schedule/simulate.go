package schedule

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Action is a scheduled action as the simulation needs it: its schedule
// expression and the minimum and maximum capacity it sets (nil: it
// leaves them).
type Action struct {
	Expr     string
	Min, Max *int
}

// AverageCapacity returns the time-weighted average capacity a schedule
// keeps over a year, starting from initial: the provisioned environments
// it pays for on average. At its time an action raises the capacity to
// its minimum and lowers it to its maximum, nothing more
// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ScalableTargetAction.html).
// With floats, a scaling policy moves the capacity between the bounds
// with the load: the average is then the floor the minimums keep. ok is
// false when an expression cannot be simulated (invalid, at(), or cron
// with L, W or #): the caller then cannot price the schedule.
func AverageCapacity(initial int, actions []Action, floats bool) (avg float64, ok bool) {
	type event struct {
		at       time.Time
		min, max *int
	}
	const year = 2027 // any non-leap year: a schedule repeats by week and month
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	var events []event
	for _, a := range actions {
		if a.Min == nil && a.Max == nil {
			continue
		}
		switch {
		case strings.HasPrefix(a.Expr, "rate("):
			if Validate(a.Expr) != nil {
				return 0, false
			}
			events = append(events, event{start, a.Min, a.Max}) // the same bounds, again and again
		case strings.HasPrefix(a.Expr, "cron("):
			times, ok := cronTimes(a.Expr, year)
			if !ok {
				return 0, false
			}
			for _, t := range times {
				events = append(events, event{t, a.Min, a.Max})
			}
		default:
			return 0, false
		}
	}
	if len(events) == 0 {
		return float64(initial), true
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.at.Compare(b.at) })
	apply := func(cur int, e event) int {
		switch {
		case floats && e.min != nil:
			return *e.min
		case floats:
			return min(cur, *e.max)
		}
		if e.min != nil && cur < *e.min {
			cur = *e.min
		}
		if e.max != nil && cur > *e.max {
			cur = *e.max
		}
		return cur
	}
	// The year wraps: run it twice and measure the second, whose start
	// carries what the first one's end left.
	cur := initial
	var total float64
	for pass := 0; pass < 2; pass++ {
		at := start
		total = 0
		for _, e := range events {
			total += float64(cur) * e.at.Sub(at).Hours()
			cur, at = apply(cur, e), e.at
		}
		total += float64(cur) * end.Sub(at).Hours()
	}
	return total / end.Sub(start).Hours(), true
}

// cronTimes lists when a cron expression fires in the year (UTC).
func cronTimes(expr string, year int) ([]time.Time, bool) {
	if ValidateCron(expr) != nil || strings.ContainsAny(expr, "LW#") {
		return nil, false
	}
	fields := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")"))
	var sets [6][]bool
	for i, f := range fields {
		sets[i] = cronFields[i].set(f)
	}
	if !sets[5][year-cronFields[5].min] {
		return nil, true
	}
	var clock []time.Duration // the times of day it fires
	for h, hok := range sets[1] {
		for m, mok := range sets[0] {
			if hok && mok {
				clock = append(clock, time.Duration(h)*time.Hour+time.Duration(m)*time.Minute)
			}
		}
	}
	var out []time.Time
	for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
		if !sets[3][int(d.Month())-1] {
			continue
		}
		dom := fields[dayOfMonth] == "?" || sets[2][d.Day()-1]
		dow := fields[dayOfWeek] == "?" || sets[4][int(d.Weekday())]
		if !dom || !dow {
			continue
		}
		for _, c := range clock {
			out = append(out, d.Add(c))
		}
	}
	return out, true
}

// set expands a checked field (no ?, L, W or #) into the values it
// matches, indexed from the field's minimum.
func (c cronField) set(field string) []bool {
	s := make([]bool, c.max-c.min+1)
	if field == "?" {
		return s
	}
	for _, item := range strings.Split(field, ",") {
		rng, stepStr, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			step, _ = strconv.Atoi(stepStr)
		}
		lo, hi := c.min, c.max
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			lo = c.value(a)
			hi = lo
			if isRange {
				hi = c.value(b)
			} else if hasStep {
				hi = c.max
			}
		}
		for v := lo; v <= hi; v += step {
			s[v-c.min] = true
		}
	}
	return s
}
