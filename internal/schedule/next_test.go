package schedule

import (
	"testing"
	"time"
)

func TestNext(t *testing.T) {
	from := time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC) // a Tuesday
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	cases := []struct {
		name      string
		expr      string
		loc       *time.Location
		next      time.Time
		ok, known bool
	}{
		{"at() to come", "at(2027-06-15T12:30:00)", nil, time.Date(2027, 6, 15, 12, 30, 0, 0, time.UTC), true, true},
		{"at() past", "at(2027-06-15T11:59:59)", nil, time.Date(2027, 6, 15, 11, 59, 59, 0, time.UTC), false, true},
		{"at() read in its zone", "at(2027-06-15T20:00:00)", tokyo, time.Date(2027, 6, 15, 11, 0, 0, 0, time.UTC), false, true},
		{"weekdays at 08:00: tomorrow", "cron(0 8 ? * MON-FRI *)", nil, time.Date(2027, 6, 16, 8, 0, 0, 0, time.UTC), true, true},
		{"every 15 minutes: the next quarter", "cron(0/15 * * * ? *)", nil, time.Date(2027, 6, 15, 12, 15, 0, 0, time.UTC), true, true},
		{"a later year", "cron(0 0 1 1 ? 2030)", nil, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), true, true},
		{"past years only", "cron(0 0 1 1 ? 2020-2026)", nil, time.Time{}, false, true},
		{"this year, done", "cron(0 0 1 JAN-JUN ? 2027)", nil, time.Time{}, false, true},
		{"30 February", "cron(0 8 30 2 ? *)", nil, time.Time{}, false, true},
		{"29 February: the next leap year", "cron(0 8 29 2 ? *)", nil, time.Date(2028, 2, 29, 8, 0, 0, 0, time.UTC), true, true},
		{"fields read in the zone", "cron(0 21 15 6 ? 2027)", tokyo, time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC), false, true},
		{"L is not expanded", "cron(0 8 L * ? 2020)", nil, time.Time{}, false, false},
		{"rate() is not judged", "rate(1 hour)", nil, time.Time{}, false, false},
		{"an invalid cron is not judged", "cron(0 8 * * MON *)", nil, time.Time{}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			next, ok, known := Next(c.expr, from, c.loc)
			if ok != c.ok || known != c.known || (ok && !next.Equal(c.next)) {
				t.Errorf("Next = %v, %v, %v; want %v, %v, %v", next, ok, known, c.next, c.ok, c.known)
			}
		})
	}
}
