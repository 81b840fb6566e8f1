package concurrency

import (
	"math"
	"testing"
	"time"
)

func TestForLoad(t *testing.T) {
	cases := []struct {
		name     string
		rps      float64
		duration time.Duration
		target   []float64
		want     int
	}{
		{"the playbook: 100 req/s of 100 ms at the default 0.7 target: 15", 100, 100 * time.Millisecond, nil, 15},
		{"the playbook at an explicit 0.7 target: 15", 100, 100 * time.Millisecond, []float64{0.7}, 15},
		{"the default target constant is the playbook's", 100, 100 * time.Millisecond, []float64{DefaultTargetUtilization}, 15},
		{"target 1 is Little's law with no headroom: 10 busy", 100, 100 * time.Millisecond, []float64{1}, 10},
		{"a fraction of an environment rounds up", 1000, 250 * time.Millisecond, []float64{0.7}, 358},
		{"one long request per second needs one environment per second of duration", 2, 3 * time.Second, []float64{1}, 6},
		{"a trickle still needs one environment", 0.5, 10 * time.Millisecond, nil, 1},
		{"binary rounding does not add an environment (0.3 s x 10 = 3)", 10, 300 * time.Millisecond, []float64{1}, 3},
		{"nor at the default target (0.35 s x 14 / 0.7 = 7)", 14, 350 * time.Millisecond, nil, 7},
		{"no load sizes nothing", 0, time.Second, nil, 0},
		{"negative load sizes nothing", -5, time.Second, nil, 0},
		{"NaN load sizes nothing", math.NaN(), time.Second, nil, 0},
		{"infinite load sizes nothing", math.Inf(1), time.Second, nil, 0},
		{"zero duration sizes nothing", 100, 0, nil, 0},
		{"a target of 0 sizes nothing", 100, time.Second, []float64{0}, 0},
		{"a target above 1 sizes nothing", 100, time.Second, []float64{1.5}, 0},
		{"two targets size nothing", 100, time.Second, []float64{0.7, 0.5}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ForLoad(c.rps, c.duration, c.target...); got != c.want {
				t.Errorf("ForLoad(%v, %v, %v) = %d, want %d", c.rps, c.duration, c.target, got, c.want)
			}
		})
	}
}

func TestForLoadFeedsResolve(t *testing.T) {
	if _, err := Resolve("ProvisionedConcurrency", &Config{Min: ForLoad(0, time.Second)}, nil); err == nil {
		t.Error("a Min of ForLoad(0, ...) must be refused, not deployed as no provisioned concurrency")
	}
}
