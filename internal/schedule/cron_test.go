package schedule

import (
	"strings"
	"testing"
)

func TestValidateCronAccepts(t *testing.T) {
	for _, expr := range []string{
		"cron(0 8 ? * MON-FRI *)",
		"cron(0 18 ? * MON-FRI *)",
		"cron(30 7 ? * 2-6 *)",
		"cron(0 0 1 * ? *)",
		"cron(0/15 * * * ? *)",
		"cron(*/5 9-17 ? * mon-fri *)",
		"cron(0 12 L * ? *)",
		"cron(0 12 LW * ? *)",
		"cron(0 12 15W * ? *)",
		"cron(0 12 ? * 6L *)",
		"cron(0 12 ? * L *)",
		"cron(0 12 ? * FRI#2 *)",
		"cron(0 12 ? JAN,JUL MON 2027)",
		"cron(0,30 8,12,18 ? * * 2026-2030)",
		"cron(0 8 ? * SUN,SAT *)",
	} {
		if err := ValidateCron(expr); err != nil {
			t.Errorf("%s: %v", expr, err)
		}
	}
}

func TestValidateCronRejects(t *testing.T) {
	cases := []struct {
		name, expr, want string
	}{
		{"not a cron expression", "0 8 * * MON-FRI", "is not a cron expression: write cron(minutes hours day-of-month month day-of-week year)"},
		{"rate expressions are not cron", "rate(1 hour)", "is not a cron expression"},
		{"five Unix fields", "cron(0 8 * * MON-FRI)", "has 5 fields, AWS cron has 6"},
		{"seven fields", "cron(0 0 8 ? * MON-FRI *)", "has 7 fields"},
		{"both day fields set (the ?-rule)", "cron(0 8 * * MON-FRI *)", `day-of-month "*" and day-of-week "MON-FRI" are both set: AWS cron needs ? in one of them`},
		{"both day fields ?", "cron(0 8 ? * ? *)", "day-of-month and day-of-week are both ?"},
		{"? outside the day fields", "cron(? 8 ? * MON *)", `minutes field "?" uses ?, which only day-of-month and day-of-week allow`},
		{"? in a list", "cron(0 8 ?,1 * MON *)", "mixes ? with other values"},
		{"minute 60", "cron(60 8 ? * MON *)", `minutes field "60" has "60": allowed values are 0..59`},
		{"hour 24", "cron(0 24 ? * MON *)", `hours field "24" has "24": allowed values are 0..23`},
		{"day 0", "cron(0 8 0 * ? *)", `day-of-month field "0" has "0": allowed values are 1..31`},
		{"month 13", "cron(0 8 1 13 ? *)", "allowed values are 1..12 or JAN..DEC"},
		{"weekday 8", "cron(0 8 ? * 8 *)", "allowed values are 1..7 or SUN..SAT"},
		{"an unknown name", "cron(0 8 ? * MOM *)", `has "MOM"`},
		{"year 1969", "cron(0 8 ? * MON 1969)", "allowed values are 1970..2199"},
		{"a backwards range", "cron(0 17-9 ? * MON *)", "has range 17-9: it runs backwards (17 > 9)"},
		{"a zero step", "cron(0/0 8 ? * MON *)", `has step "0": a step is a whole number of 1 or more`},
		{"an empty list item", "cron(0, 8 ? * MON *)", "has an empty list item"},
		{"W in day-of-week", "cron(0 8 ? * 2W *)", `day-of-week field "2W"`},
		{"# beyond the fifth", "cron(0 8 ? * MON#6 *)", "the n in day#n is 1..5"},
		{"a sign", "cron(+5 8 ? * MON *)", `has "+5"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateCron(c.expr)
			if err == nil {
				t.Fatalf("%s accepted, want %q", c.expr, c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{"cron(0 8 ? * MON-FRI *)", ""},
		{"rate(5 minutes)", ""},
		{"rate(1 hour)", ""},
		{"at(2027-01-31T08:00:00)", ""},
		{"cron(0 11 ? * MON-FRI *))", "has an unbalanced parenthesis"},
		{"rate(0 minutes)", "positive whole number"},
		{"rate(1 hours)", "singular for 1"},
		{"rate(5 weeks)", "is not a rate expression"},
		{"at(2027-02-30T08:00:00)", "is not a date and time"},
		{"at(2027-01-31 08:00)", "is not an at expression"},
		{"every day at 8", "is not a schedule expression"},
	} {
		err := Validate(c.expr)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.expr, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.expr, err, c.want)
		}
	}
}

func TestAverageCapacity(t *testing.T) {
	ten, one, zero := 10, 1, 0
	for _, c := range []struct {
		name    string
		initial int
		actions []Action
		floats  bool
		lo, hi  float64
		ok      bool
	}{
		{"no schedule keeps the initial capacity", 3, nil, false, 3, 3, true},
		// 10 environments 08:00-18:00 on weekdays (261 of 365 days), 1 otherwise.
		{"office hours with a policy", 1, []Action{{"cron(0 8 ? * MON-FRI *)", &ten, nil}, {"cron(0 18 ? * MON-FRI *)", &one, nil}}, true, 1 + 9*10*261/8760.0 - 0.01, 1 + 9*10*261/8760.0 + 0.01, true},
		// One environment for one hour a weekday: about 1/34 of the month.
		{"one hour a weekday with a policy", 0, []Action{{"cron(0 8 ? * MON-FRI *)", &one, nil}, {"cron(0 9 ? * MON-FRI *)", &zero, nil}}, true, 0.029, 0.031, true},
		// Without a policy, lowering the minimum scales nothing in.
		{"one hour a weekday without a policy stays up", 0, []Action{{"cron(0 8 ? * MON-FRI *)", &one, nil}, {"cron(0 9 ? * MON-FRI *)", &zero, nil}}, false, 1, 1, true},
		{"a maximum scales in without a policy", 0, []Action{{"cron(0 8 ? * MON-FRI *)", &one, &one}, {"cron(0 9 ? * MON-FRI *)", &zero, &zero}}, false, 0.029, 0.031, true},
		{"every 15 minutes of hour 8 only", 0, []Action{{"cron(0/15 8 ? * * *)", &one, nil}, {"cron(0 9 * * ? *)", &zero, nil}}, true, 1.0/24 - 0.001, 1.0/24 + 0.001, true},
		{"a rate keeps its floor", 5, []Action{{"rate(1 hour)", &one, nil}}, true, 1, 1, true},
		{"at() cannot be priced", 1, []Action{{"at(2027-01-01T00:00:00)", &one, nil}}, true, 0, 0, false},
		{"L cannot be priced", 1, []Action{{"cron(0 8 L * ? *)", &one, nil}}, true, 0, 0, false},
	} {
		avg, ok := AverageCapacity(c.initial, c.actions, c.floats)
		if ok != c.ok || (ok && (avg < c.lo || avg > c.hi)) {
			t.Errorf("%s: %v %v, want %v in %v..%v", c.name, avg, ok, c.ok, c.lo, c.hi)
		}
	}
}
