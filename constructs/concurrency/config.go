package concurrency

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // schedule time zones validate the same on every machine

	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/internal/schedule"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Config is provisioned concurrency on an alias: Min execution environments
// kept initialized, optionally auto-scaled up to AutoScaling.Max.
type Config struct {
	// Min environments kept initialized, at least 1. The alias is created
	// with this many, and autoscaling starts from it, so CloudFormation and
	// Application Auto Scaling never fight over the value. ForLoad sizes
	// it from peak requests/s and duration. Required.
	Min int

	// AutoScaling lets Application Auto Scaling move provisioned
	// concurrency between Min and AutoScaling.Max with target tracking,
	// and on schedules. Default: nil, a static Min.
	AutoScaling *AutoScaling
}

// AutoScaling is target tracking on provisioned-concurrency utilization
// (LambdaProvisionedConcurrencyUtilization), with optional schedules on top.
type AutoScaling struct {
	// Max environments target tracking may provision, at least Min and at
	// most the function's reserved concurrency. Required.
	Max int

	// TargetUtilization is the share of provisioned environments in use
	// that target tracking holds, 0.1..0.9: it adds environments above it
	// and removes them below. Default: 0 for DefaultTargetUtilization (0.7).
	TargetUtilization float64

	// Schedules raise or lower Min and Max at fixed times (business hours,
	// batch windows); target tracking keeps working inside the new
	// bounds. Default: none.
	Schedules []Schedule
}

// Schedule is one scheduled action: from the times its cron expression
// matches, capacity stays within its Min and Max until another schedule
// changes them.
type Schedule struct {
	// Name identifies the action within the function: letters and digits,
	// starting with a letter. Default: "Schedule1", "Schedule2", ... by
	// position.
	Name string

	// Cron is an AWS cron expression with six fields,
	// cron(minutes hours day-of-month month day-of-week year), and ? in
	// exactly one of the day fields, e.g. "cron(0 8 ? * MON-FRI *)" for
	// 08:00 on weekdays. A year field must leave a firing after synthesis.
	// Required unless At is set.
	Cron string

	// At makes the schedule fire once, at this instant (an at(...)
	// action, written in UTC), e.g. before a launch; in whole seconds and
	// after synthesis (a one-time action in the past never runs). Not
	// with Cron or TimeZone. Default: zero, the schedule repeats on Cron.
	At time.Time

	// Min environments from this time on, at least 1. Default: 0, Min is
	// left as it is.
	Min int

	// Max environments from this time on, at least 1. Default: 0, Max is
	// left as it is.
	Max int

	// TimeZone the cron expression is read in, an IANA name such as
	// "Europe/Berlin" (daylight saving time included). Default: "", UTC.
	TimeZone string
}

// now is the time synthesis runs, which schedules must still fire after;
// tests set it.
var now = time.Now

// Plan is provisioned concurrency fully resolved: defaults applied, every
// rule checked. It is plain Go, so reports and dashboards read it without
// synthesis.
type Plan struct {
	// Min environments the alias starts with.
	Min int
	// Max environments autoscaling may provision; equal to Min when Static.
	Max int
	// Static is true when no autoscaling moves the value.
	Static bool
	// TargetUtilization of target tracking; 0 when Static.
	TargetUtilization float64
	// Schedules of the autoscaling, in order.
	Schedules []ScheduledAction
	// Warnings are soft problems, with stable IDs.
	Warnings []Warning
}

// ScheduledAction is a resolved Schedule. Min and Max are 0 when unchanged.
type ScheduledAction struct {
	// Name of the scheduled action.
	Name string
	// Cron is the Application Auto Scaling schedule expression, cron(...);
	// "" for a one-time action.
	Cron string
	// At is the time of a one-time action, at(...); zero for a cron action.
	At time.Time
	// Min and Max are the provisioned-concurrency bounds from the scheduled
	// time on.
	Min, Max int
	TimeZone string // "" for UTC
}

// Expression is the action's schedule as Application Auto Scaling reads
// it: Cron, or at(yyyy-mm-ddThh:mm:ss) in UTC for a one-time action.
func (s ScheduledAction) Expression() string {
	if s.Cron == "" && !s.At.IsZero() {
		return "at(" + s.At.UTC().Format("2006-01-02T15:04:05") + ")"
	}
	return s.Cron
}

// Ceiling is the most environments the plan may ever provision: Max, or a
// schedule's higher bound.
func (p *Plan) Ceiling() int {
	n := p.Max
	for _, s := range p.Schedules {
		n = max(n, s.Min, s.Max)
	}
	return n
}

// Clone returns a deep copy, so a reader cannot change the plan it was given.
func (p *Plan) Clone() *Plan {
	if p == nil {
		return nil
	}
	c := *p
	c.Schedules = slices.Clone(p.Schedules)
	c.Warnings = slices.Clone(p.Warnings)
	return &c
}

// Warning is a soft problem with a stable ID (problems.Warning, one type
// for every lambdaperf construct).
type Warning = problems.Warning

// WarnAboveAccountPool is the ID of the warning for a maximum above
// AccountPoolLimit.
const WarnAboveAccountPool = "lambdaperf:concurrency:above-account-pool"

// AccountPoolLimit is the most provisioned concurrency one function can get
// under the default quotas: 1,000 concurrent executions per account and
// Region, of which Lambda keeps 100 unreserved for every other function.
const AccountPoolLimit = lambda.DefaultAccountConcurrency - lambda.UnreservedConcurrency

var scheduleName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// Resolve applies defaults to cfg and checks every rule without synthesis,
// returning every problem at once (errors.Join), or nil. field names cfg in
// messages (e.g. "ProvisionedConcurrency"); reserved is the function's
// reserved concurrency, nil when it has none. A nil cfg resolves to a nil
// plan: no provisioned concurrency. cfg is never modified.
func Resolve(field string, cfg *Config, reserved *int) (*Plan, error) {
	if cfg == nil {
		return nil, nil
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if cfg.Min < 1 {
		fail("%s.Min must be at least 1, got %d: Lambda drops a provisioned concurrency of 0 without a word, leaving every request on demand; size Min with concurrency.ForLoad, or remove %s", field, cfg.Min, field)
	}
	if reserved != nil && cfg.Min > *reserved {
		fail("%s.Min %d exceeds the function's reserved concurrency of %d: Lambda refuses provisioned concurrency above it; raise the reserved concurrency to at least %d or lower Min", field, cfg.Min, *reserved, cfg.Min)
	}
	p := &Plan{Min: cfg.Min, Max: cfg.Min, Static: true}
	if cfg.AutoScaling != nil {
		resolveAutoScaling(p, field+".AutoScaling", cfg.AutoScaling, reserved, fail)
	}
	checkCeiling(p, field, fail)
	p.Warnings = warnings(p, field)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return p, nil
}

// WithAutoScaling returns a copy of a static plan with autoscaling added:
// the one-shot way to enable it after the alias exists. It refuses a plan
// that already scales. field names the caller in messages.
func (p *Plan) WithAutoScaling(field string, a *AutoScaling, reserved *int) (*Plan, error) {
	if !p.Static {
		return nil, fmt.Errorf("%s: autoscaling is already enabled (Min %d, Max %d, target %.2g): enable it once, with every schedule in the same AutoScaling", field, p.Min, p.Max, p.TargetUtilization)
	}
	if a == nil {
		return nil, fmt.Errorf("%s: AutoScaling is nil: pass &concurrency.AutoScaling{Max: n}", field)
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	q := p.Clone()
	resolveAutoScaling(q, field, a, reserved, fail)
	checkCeiling(q, field, fail)
	q.Warnings = warnings(q, field)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return q, nil
}

func resolveAutoScaling(p *Plan, field string, a *AutoScaling, reserved *int, fail func(string, ...any)) {
	p.Static = false
	p.Max = a.Max
	if a.Max < p.Min {
		fail("%s.Max %d is below Min %d: raise Max to at least %d, or leave AutoScaling nil for a static Min", field, a.Max, p.Min, p.Min)
	}
	if reserved != nil && a.Max > *reserved {
		fail("%s.Max %d exceeds the function's reserved concurrency of %d: Application Auto Scaling could never provision it; lower Max to %d or raise the reserved concurrency", field, a.Max, *reserved, *reserved)
	}

	p.TargetUtilization = a.TargetUtilization
	if p.TargetUtilization == 0 {
		p.TargetUtilization = DefaultTargetUtilization
	} else if math.IsNaN(p.TargetUtilization) || p.TargetUtilization < 0.1 || p.TargetUtilization > 0.9 {
		fail("%s.TargetUtilization must be 0.1..0.9, got %g: it is the share of provisioned environments kept busy; leave it 0 for %g", field, a.TargetUtilization, DefaultTargetUtilization)
	}

	p.Schedules = nil
	seen := map[string]bool{}
	for i, s := range a.Schedules {
		at := fmt.Sprintf("%s.Schedules[%d]", field, i)
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("Schedule%d", i+1)
		} else if !scheduleName.MatchString(name) {
			fail("%s.Name %q is not a valid name: use letters and digits, starting with a letter (e.g. BusinessHoursStart)", at, name)
		}
		if seen[name] {
			fail("%s.Name %q is used twice: give each schedule its own name", at, name)
		}
		seen[name] = true
		at = fmt.Sprintf("%s (%s)", at, name)

		switch {
		case !s.At.IsZero():
			checkAt(at, s, fail)
		case s.Cron == "":
			fail("%s.Cron is required: write an AWS cron expression such as cron(0 8 ? * MON-FRI *), or set At for a one-time action", at)
		default:
			if err := ValidateCron(s.Cron); err != nil {
				fail("%s.Cron: %v", at, err)
			} else {
				checkCronFires(at, s, fail)
			}
		}
		if s.Min < 0 || s.Max < 0 {
			fail("%s: Min and Max must be 1 or more, or 0 to leave them unchanged; got Min %d, Max %d", at, s.Min, s.Max)
		}
		switch lo, hi := orCurrent(s.Min, p.Min), orCurrent(s.Max, p.Max); {
		case s.Min == 0 && s.Max == 0:
			fail("%s sets neither Min nor Max, so it would change nothing: set one of them or remove the schedule", at)
		case s.Min > 0 && s.Max > 0 && s.Min > s.Max:
			fail("%s: Min %d is above its Max %d: lower Min or raise Max", at, s.Min, s.Max)
		case lo > hi && s.Max == 0:
			fail("%s: Min %d is above AutoScaling.Max %d: set Max in this schedule to at least %d too", at, s.Min, p.Max, s.Min)
		case lo > hi && s.Min == 0:
			fail("%s: Max %d is below AutoScaling.Min %d: set Min in this schedule to at most %d too", at, s.Max, p.Min, s.Max)
		}
		if reserved != nil && max(s.Min, s.Max) > *reserved {
			fail("%s raises capacity to %d, above the function's reserved concurrency of %d: lower it or raise the reserved concurrency", at, max(s.Min, s.Max), *reserved)
		}
		if tz := s.TimeZone; tz != "" && !problems.IsToken(tz) {
			if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
				fail("%s.TimeZone %q is not an IANA time zone name: use one such as Europe/Berlin or America/New_York, or leave it empty for UTC", at, tz)
			}
		}
		p.Schedules = append(p.Schedules, ScheduledAction{Name: name, Cron: s.Cron, At: s.At, Min: s.Min, Max: s.Max, TimeZone: s.TimeZone})
	}
}

// checkAt refuses a one-time schedule that cannot run: one that is also a
// cron schedule, one in a time zone of its own (At is an instant, written
// in UTC), one with a fraction of a second (at() has none), and one at or
// before now, which Application Auto Scaling would keep without ever
// running it.
func checkAt(at string, s Schedule, fail func(string, ...any)) {
	if s.Cron != "" {
		fail("%s sets both Cron and At: set Cron for a repeating action or At for a one-time one", at)
	}
	if s.TimeZone != "" {
		fail("%s.TimeZone %q is set with At, which is an instant (its time.Time carries its zone): remove TimeZone", at, s.TimeZone)
	}
	if s.At.Truncate(time.Second) != s.At {
		fail("%s.At %s has a fraction of a second, which at() expressions cannot hold: use s.At.Truncate(time.Second)", at, s.At.Format(time.RFC3339Nano))
	}
	if !s.At.After(now()) {
		fail("%s.At %s is in the past, so the one-time action would never run: move At after the deployment, or remove the schedule",
			at, s.At.UTC().Format(time.RFC3339))
	}
}

// checkCronFires refuses a valid cron expression that never fires after
// now: every year in its year field is past, or the days it names never
// occur (30 February). Synthesis runs before the deployment, so what is
// past now is past then too. Tokens, and cron expressions with L, W or #
// (which schedule.Next does not expand), are not judged.
func checkCronFires(at string, s Schedule, fail func(string, ...any)) {
	loc := time.UTC
	if tz := s.TimeZone; tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil || problems.IsToken(tz) || tz == "Local" {
			return // a token zone is known at deployment; a bad one is refused above
		}
		loc = l
	}
	if _, fires, known := schedule.Next(s.Cron, now(), loc); !known || fires {
		return
	}
	fields := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(s.Cron, "cron("), ")"))
	year := fields[len(fields)-1]
	fields[len(fields)-1] = "*"
	if _, fires, _ := schedule.Next("cron("+strings.Join(fields, " ")+")", now(), loc); fires {
		fail("%s.Cron %s has no firing left: every time in its year field %s is past, so the action would never run; write a year to come, or * for every year", at, s.Cron, year)
		return
	}
	fail("%s.Cron %s never fires: no date has the day-of-month and month it names, so the action would never run; name a day that exists", at, s.Cron)
}

// orCurrent is a schedule's bound, or the plan's where the schedule leaves it.
func orCurrent(scheduled, current int) int {
	if scheduled > 0 {
		return scheduled
	}
	return current
}

// checkCeiling refuses a plan that may provision more environments than
// any account can: the warning above AccountPoolLimit is for accounts at
// the default quota, this is for all of them.
func checkCeiling(p *Plan, field string, fail func(string, ...any)) {
	if n := p.Ceiling(); n > lambda.MaxReservableConcurrency {
		fail("%s may provision %d environments, more than any account can: concurrency quotas go up to tens of thousands (below %d) and Lambda keeps %d unreserved, so the deploy always fails; provision at most %d",
			field, n, lambda.MaxAccountConcurrency+1, lambda.UnreservedConcurrency, lambda.MaxReservableConcurrency)
	}
}

func warnings(p *Plan, field string) []Warning {
	var w []Warning
	if n := p.Ceiling(); n > AccountPoolLimit {
		w = append(w, Warning{ID: WarnAboveAccountPool, Message: fmt.Sprintf(
			"%s may provision %d environments, above %d: the default account limit is 1,000 concurrent executions per Region and Lambda keeps 100 unreserved, so ask for a higher \"Concurrent executions\" quota in Service Quotas before deploying",
			field, n, AccountPoolLimit)})
	}
	return w
}

// ForManagedInstances refuses provisioned concurrency on a function that
// runs on a capacity provider (Lambda Managed Instances), whose execution
// environments already run on the provider's instances before a version is
// active: field names the prop in the message. nil cfg is fine.
func ForManagedInstances(field string, cfg *Config) error {
	if cfg == nil {
		return nil
	}
	for _, p := range (lambda.ManagedInstancesFunction{MemoryUnknown: true, ProvisionedConcurrency: true}).Problems() {
		if p.Field == "ProvisionedConcurrency" {
			return fmt.Errorf("%s is set: %s", field, p.Message)
		}
	}
	return nil
}
