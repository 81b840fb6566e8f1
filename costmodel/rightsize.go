package costmodel

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Strategy is how [RightSize] picks a memory size, as in Lambda Power Tuning.
type Strategy string

// Strategies of Lambda Power Tuning.
const (
	// StrategyCost picks the cheapest size, the fastest among equals.
	StrategyCost Strategy = "cost"
	// StrategySpeed picks the fastest size, the cheapest among equals.
	StrategySpeed Strategy = "speed"
	// StrategyBalanced picks the lowest weight×cost/maxCost +
	// (1−weight)×duration/maxDuration.
	StrategyBalanced Strategy = "balanced"
)

// DefaultBalancedWeight is Power Tuning's default balancedWeight: cost and
// duration count equally.
const DefaultBalancedWeight = 0.5

// ParseStrategy accepts "cost", "speed" or "balanced".
func ParseStrategy(s string) (Strategy, error) {
	switch st := Strategy(s); st {
	case StrategyCost, StrategySpeed, StrategyBalanced:
		return st, nil
	}
	return "", fmt.Errorf("unknown strategy %q, want %s, %s or %s", s, StrategyCost, StrategySpeed, StrategyBalanced)
}

// Measurement is one memory size measured by Lambda Power Tuning (one
// element of its "stats"). Values stay float64, as Power Tuning reports
// them, so that ties break as they do there.
type Measurement struct {
	// MemoryMiB is the memory size tested ("value").
	MemoryMiB int
	// AverageDurationMs is the average duration in milliseconds
	// ("averageDuration"). Measurements with 0 are skipped, as Power Tuning
	// skips them.
	AverageDurationMs float64
	// AveragePriceUSD is the average duration cost of one invocation in
	// dollars, requests excluded ("averagePrice"). 0 counts as free, as in
	// Power Tuning: fill it (for example from [Monthly]'s Compute for one
	// invocation) when a result lacks it.
	AveragePriceUSD float64
}

// Ranking is the outcome of [RightSize].
type Ranking struct {
	// Strategy ranked by: cost, speed or balanced.
	Strategy Strategy
	// BalancedWeight is the weight used by StrategyBalanced.
	BalancedWeight float64
	// Best is the recommended measurement, Ranked[0].
	Best Measurement
	// Ranked holds the usable measurements, best first.
	Ranked []Measurement
}

// RightSize ranks measured memory sizes the way Lambda Power Tuning's
// analyzer does (lambda/analyzer.js in
// https://github.com/alexcasalboni/aws-lambda-power-tuning): a stable sort
// by cost then duration (cost), by duration then cost (speed), or by
// weight×cost/maxCost + (1−weight)×duration/maxDuration (balanced, weight
// 0..1, 1 meaning cost only; [DefaultBalancedWeight] is Power Tuning's
// default). Ties keep the input order.
func RightSize(ms []Measurement, strategy Strategy, balancedWeight float64) (Ranking, error) {
	if _, err := ParseStrategy(string(strategy)); err != nil {
		return Ranking{}, fmt.Errorf("costmodel: %w", err)
	}
	if math.IsNaN(balancedWeight) || balancedWeight < 0 || balancedWeight > 1 {
		return Ranking{}, fmt.Errorf("costmodel: balanced weight must be 0..1, got %v", balancedWeight)
	}
	var usable []Measurement
	for i, m := range ms {
		if m.AverageDurationMs < 0 || m.AveragePriceUSD < 0 || math.IsNaN(m.AverageDurationMs) || math.IsNaN(m.AveragePriceUSD) {
			return Ranking{}, fmt.Errorf("costmodel: measurement %d (%d MiB) has a negative or invalid duration or price", i, m.MemoryMiB)
		}
		if m.AverageDurationMs > 0 {
			usable = append(usable, m)
		}
	}
	if len(usable) == 0 {
		return Ranking{}, errors.New("costmodel: no measurement with a duration to rank")
	}
	var cmp func(a, b Measurement) int
	switch strategy {
	case StrategyCost:
		cmp = func(a, b Measurement) int {
			if a.AveragePriceUSD == b.AveragePriceUSD {
				return compareFloat(a.AverageDurationMs, b.AverageDurationMs)
			}
			return compareFloat(a.AveragePriceUSD, b.AveragePriceUSD)
		}
	case StrategySpeed:
		cmp = func(a, b Measurement) int {
			if a.AverageDurationMs == b.AverageDurationMs {
				return compareFloat(a.AveragePriceUSD, b.AveragePriceUSD)
			}
			return compareFloat(a.AverageDurationMs, b.AverageDurationMs)
		}
	case StrategyBalanced:
		var maxCost, maxDuration float64
		for _, m := range usable {
			maxCost = max(maxCost, m.AveragePriceUSD)
			maxDuration = max(maxDuration, m.AverageDurationMs)
		}
		cmp = func(a, b Measurement) int {
			return compareFloat(BalancedValue(a, balancedWeight, maxCost, maxDuration), BalancedValue(b, balancedWeight, maxCost, maxDuration))
		}
	}
	slices.SortStableFunc(usable, cmp)
	return Ranking{Strategy: strategy, BalancedWeight: balancedWeight, Best: usable[0], Ranked: usable}, nil
}

// BalancedValue is the score [RightSize] minimizes for StrategyBalanced,
// given the largest cost and duration among the measurements.
func BalancedValue(m Measurement, weight, maxCostUSD, maxDurationMs float64) float64 {
	return weight*ratio(m.AveragePriceUSD, maxCostUSD) + (1-weight)*ratio(m.AverageDurationMs, maxDurationMs)
}

// ratio is a/b, and 0 when b is 0 (where Power Tuning's NaN comparisons
// leave the order unchanged, as a constant 0 does).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
