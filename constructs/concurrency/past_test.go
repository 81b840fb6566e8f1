package concurrency

import (
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// at sets the synthesis clock to t for the test.
func at(t *testing.T, synth time.Time) {
	t.Helper()
	old := now
	now = func() time.Time { return synth }
	t.Cleanup(func() { now = old })
}

func scheduled(s ...Schedule) *Config {
	return &Config{Min: 1, AutoScaling: &AutoScaling{Max: 10, Schedules: s}}
}

// TestSchedulesMustFireAfterSynthesis: a schedule whose every firing is
// before synthesis (and so before any deployment of it) is refused; one
// with a firing left is kept, whatever the clock says about the others.
func TestSchedulesMustFireAfterSynthesis(t *testing.T) {
	at(t, time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cases := []struct {
		name string
		s    Schedule
		want string // "" when the schedule is valid
	}{
		{"a one-time action tomorrow", Schedule{At: time.Date(2027, 6, 16, 8, 0, 0, 0, time.UTC), Min: 5}, ""},
		{"a one-time action a second from now", Schedule{At: time.Date(2027, 6, 15, 12, 0, 1, 0, time.UTC), Min: 5}, ""},
		{"a one-time action at the synthesis second", Schedule{At: time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC), Min: 5},
			"PC.AutoScaling.Schedules[0] (Schedule1).At 2027-06-15T12:00:00Z is in the past, so the one-time action would never run"},
		{"a one-time action yesterday", Schedule{At: time.Date(2027, 6, 14, 8, 0, 0, 0, time.UTC), Min: 5}, "At 2027-06-14T08:00:00Z is in the past"},
		{"a one-time action given in another zone is an instant", Schedule{At: time.Date(2027, 6, 15, 13, 30, 0, 0, berlin), Min: 5}, "At 2027-06-15T11:30:00Z is in the past"},
		{"a cron for last year", Schedule{Cron: "cron(0 8 ? * MON-FRI 2026)", Min: 5},
			"Schedules[0] (Schedule1).Cron cron(0 8 ? * MON-FRI 2026) has no firing left: every time in its year field 2026 is past"},
		{"a cron for a list of past years", Schedule{Cron: "cron(0 8 1 * ? 2020,2024-2026)", Min: 5}, "year field 2020,2024-2026 is past"},
		{"a cron whose dates this year are done", Schedule{Cron: "cron(0 8 1 JAN-MAY ? 2027)", Min: 5}, "has no firing left"},
		{"a cron with this year's last firing still to come", Schedule{Cron: "cron(0 8 1 JAN-JUL ? 2027)", Min: 5}, ""},
		{"a cron firing later today", Schedule{Cron: "cron(0 13 15 6 ? 2027)", Min: 5}, ""},
		{"a cron that fired earlier today, in its time zone", Schedule{Cron: "cron(0 13 15 6 ? 2027)", Min: 5, TimeZone: "Europe/Berlin"}, "has no firing left"},
		{"a cron for next year", Schedule{Cron: "cron(0 8 ? * MON-FRI 2028)", Min: 5}, ""},
		{"a cron on 30 February", Schedule{Cron: "cron(0 8 30 2 ? *)", Min: 5},
			"Cron cron(0 8 30 2 ? *) never fires: no date has the day-of-month and month it names"},
		{"a cron on 31 April of a year to come", Schedule{Cron: "cron(0 8 31 4 ? 2030)", Min: 5}, "never fires"},
		{"a cron on 29 February fires in leap years", Schedule{Cron: "cron(0 8 29 2 ? *)", Min: 5}, ""},
		{"a cron with L is not judged", Schedule{Cron: "cron(0 8 L * ? 2020)", Min: 5}, ""},
		{"a token is not judged", Schedule{Cron: "${Token[TOKEN.9]}", Min: 5}, ""},
		{"a cron in a token time zone is not judged", Schedule{Cron: "cron(0 8 ? * MON 2020)", Min: 5, TimeZone: "${Token[TOKEN.4]}"}, ""},
		{"Cron and At together", Schedule{Cron: "cron(0 8 ? * MON *)", At: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), Min: 5}, "sets both Cron and At"},
		{"At with a time zone", Schedule{At: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), TimeZone: "Europe/Berlin", Min: 5}, `TimeZone "Europe/Berlin" is set with At, which is an instant`},
		{"At with a fraction of a second", Schedule{At: time.Date(2028, 1, 1, 0, 0, 0, 5e8, time.UTC), Min: 5}, "has a fraction of a second"},
		{"neither Cron nor At", Schedule{Min: 5}, "Cron is required: write an AWS cron expression such as cron(0 8 ? * MON-FRI *), or set At for a one-time action"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Resolve("PC", scheduled(c.s), nil)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
		})
	}
}

// TestSchedulesUseTheClock: the same schedule passes before its time and
// is refused after it, so the check reads the clock at synthesis and not
// a date fixed in the code.
func TestSchedulesUseTheClock(t *testing.T) {
	launch := Schedule{Name: "Launch", At: time.Date(2027, 3, 1, 7, 0, 0, 0, time.UTC), Min: 8}
	at(t, launch.At.Add(-time.Hour))
	if _, err := Resolve("PC", scheduled(launch), nil); err != nil {
		t.Fatalf("an hour before: %v", err)
	}
	at(t, launch.At.Add(time.Hour))
	if _, err := Resolve("PC", scheduled(launch), nil); err == nil {
		t.Fatal("an hour after: accepted")
	}
	static, _ := Resolve("PC", &Config{Min: 1}, nil)
	if _, err := static.WithAutoScaling("EnableAutoScaling", &AutoScaling{Max: 10, Schedules: []Schedule{launch}}, nil); err == nil ||
		!strings.Contains(err.Error(), "EnableAutoScaling.Schedules[0] (Launch).At 2027-03-01T07:00:00Z is in the past") {
		t.Errorf("EnableAutoScaling: %v", err)
	}
}

func TestOneTimeScheduleExpression(t *testing.T) {
	at(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	p, err := Resolve("PC", scheduled(Schedule{Name: "Launch", At: time.Date(2027, 3, 1, 8, 0, 0, 0, berlin), Min: 8}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Schedules[0].Expression(), "at(2027-03-01T07:00:00)"; got != want {
		t.Errorf("Expression() = %q, want %q (the instant in UTC)", got, want)
	}
	if got := (ScheduledAction{Cron: "cron(0 8 ? * MON *)"}).Expression(); got != "cron(0 8 ? * MON *)" {
		t.Errorf("a cron action's Expression() = %q", got)
	}
}

// TestProvisioningAboveAnyAccountIsRefused: beyond what any account's
// quota allows, the deploy always fails: an error, where above the
// default quota it is a warning.
func TestProvisioningAboveAnyAccountIsRefused(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"a static Min", Config{Min: lambda.MaxReservableConcurrency + 1},
			"PC may provision 99900 environments, more than any account can: concurrency quotas go up to tens of thousands (below 100000) and Lambda keeps 100 unreserved, so the deploy always fails; provision at most 99899"},
		{"an autoscaling Max", Config{Min: 1, AutoScaling: &AutoScaling{Max: 250000}}, "PC may provision 250000 environments"},
		{"a schedule's Max", Config{Min: 1, AutoScaling: &AutoScaling{Max: 10, Schedules: []Schedule{{Cron: "cron(0 8 ? * MON *)", Max: 100000}}}}, "PC may provision 100000 environments"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Resolve("PC", &c.cfg, nil); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
		})
	}
	p, err := Resolve("PC", &Config{Min: lambda.MaxReservableConcurrency}, nil)
	if err != nil || len(p.Warnings) != 1 || p.Warnings[0].ID != WarnAboveAccountPool {
		t.Errorf("the most any account can provision is a warning, not an error: %v %v", p, err)
	}
}
