package costmodel

import (
	"math"
	"strings"
	"testing"
)

// sample is the playbook's curve extended to 3,008 MiB, priced as Power
// Tuning prices it (duration only).
var sample = []Measurement{
	{128, 11720, 0.0000244167},
	{256, 6680, 0.0000278334},
	{512, 3190, 0.0000265834},
	{1024, 1460, 0.0000243334},
	{1536, 1010, 0.0000252500},
	{1769, 905, 0.0000260577},
	{3008, 620, 0.0000303543},
}

func TestRightSize(t *testing.T) {
	for _, c := range []struct {
		name     string
		strategy Strategy
		weight   float64
		want     int
	}{
		{"picks the cheapest size for cost", StrategyCost, DefaultBalancedWeight, 1024},
		{"picks the fastest size for speed", StrategySpeed, DefaultBalancedWeight, 3008},
		{"picks the best normalized trade-off for balanced", StrategyBalanced, DefaultBalancedWeight, 1536},
		{"picks like cost when the balanced weight is 1", StrategyBalanced, 1, 1024},
		{"picks like speed when the balanced weight is 0", StrategyBalanced, 0, 3008},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := append([]Measurement(nil), sample...)
			r, err := RightSize(in, c.strategy, c.weight)
			if err != nil {
				t.Fatal(err)
			}
			if r.Best.MemoryMiB != c.want || r.Ranked[0] != r.Best || len(r.Ranked) != len(sample) {
				t.Errorf("best = %d MiB, want %d; ranking %v", r.Best.MemoryMiB, c.want, r.Ranked)
			}
			for i := range sample {
				if in[i] != sample[i] {
					t.Fatal("RightSize reordered its input")
				}
			}
		})
	}
	t.Run("scores balanced as Power Tuning's weighted normalized sum", func(t *testing.T) {
		// max cost 4, max duration 4, weight 0.5: 0.625, 0.5, 0.625.
		ms := []Measurement{{128, 4, 1}, {256, 2, 2}, {512, 1, 4}}
		for i, want := range []float64{0.625, 0.5, 0.625} {
			if got := BalancedValue(ms[i], 0.5, 4, 4); math.Abs(got-want) > 1e-12 {
				t.Errorf("value of %d MiB = %v, want %v", ms[i].MemoryMiB, got, want)
			}
		}
		r, _ := RightSize(ms, StrategyBalanced, 0.5)
		if r.Best.MemoryMiB != 256 {
			t.Errorf("best = %d", r.Best.MemoryMiB)
		}
	})
	t.Run("breaks cost ties by speed", func(t *testing.T) {
		r, _ := RightSize([]Measurement{{128, 20, 1}, {256, 10, 1}}, StrategyCost, 0.5)
		if r.Best.MemoryMiB != 256 {
			t.Errorf("best = %d", r.Best.MemoryMiB)
		}
	})
	t.Run("breaks speed ties by cost", func(t *testing.T) {
		r, _ := RightSize([]Measurement{{512, 10, 2}, {256, 10, 1}}, StrategySpeed, 0.5)
		if r.Best.MemoryMiB != 256 {
			t.Errorf("best = %d", r.Best.MemoryMiB)
		}
	})
	t.Run("keeps the input order of balanced ties", func(t *testing.T) {
		r, _ := RightSize([]Measurement{{512, 1, 2}, {256, 2, 1}}, StrategyBalanced, 0.5)
		if r.Best.MemoryMiB != 512 {
			t.Errorf("best = %d", r.Best.MemoryMiB)
		}
	})
	t.Run("skips sizes without a duration as Power Tuning does", func(t *testing.T) {
		r, _ := RightSize([]Measurement{{128, 0, 0}, {256, 10, 1}}, StrategyCost, 0.5)
		if r.Best.MemoryMiB != 256 || len(r.Ranked) != 1 {
			t.Errorf("ranking = %v", r.Ranked)
		}
	})
	for _, c := range []struct {
		name     string
		ms       []Measurement
		strategy Strategy
		weight   float64
		want     string
	}{
		{"rejects an unknown strategy", sample, "fastest", 0.5, `unknown strategy "fastest", want cost, speed or balanced`},
		{"rejects a weight above 1", sample, StrategyBalanced, 1.5, "balanced weight must be 0..1, got 1.5"},
		{"rejects a negative duration", []Measurement{{128, -1, 1}}, StrategyCost, 0.5, "measurement 0 (128 MiB) has a negative"},
		{"rejects a result with nothing to rank", []Measurement{{128, 0, 1}}, StrategyCost, 0.5, "no measurement with a duration"},
		{"rejects an empty result", nil, StrategyCost, 0.5, "no measurement with a duration"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := RightSize(c.ms, c.strategy, c.weight)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
