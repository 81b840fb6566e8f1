package costmodel

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// PowerTuningResult is what a Lambda Power Tuning execution measured.
type PowerTuningResult struct {
	// Measurements are the memory sizes tried, in the order of the result.
	Measurements []Measurement
	// Power is Power Tuning's own pick when it ran, 0 if absent
	// (results.power, a number or a string such as "128").
	Power int
	// Cost and DurationMs are the pick's average cost per invocation, in
	// USD, and average duration, in ms (results.cost, results.duration).
	Cost float64
	// DurationMs is the pick's average duration, in milliseconds.
	DurationMs float64
	// ExecutionCostUSD is the Step Functions cost of the run and
	// LambdaCostUSD the Lambda cost of its invocations
	// (results.stateMachine.executionCost and .lambdaCost).
	ExecutionCostUSD float64
	// LambdaCostUSD is the Lambda cost of the run's invocations, in USD.
	LambdaCostUSD float64
	// Visualization is the lambda-power-tuning.show URL of the run
	// (results.stateMachine.visualization); "" if absent.
	Visualization string
	// Priced counts the sizes priced here for lack of an averagePrice.
	Priced int
}

// ReadPowerTuning reads a Power Tuning result in the shape its
// README-INPUT-OUTPUT.md documents for the state machine output:
// {"results": {"power", "cost", "duration", "stateMachine": {"executionCost",
// "lambdaCost", "visualization"}, "stats": [{"value", "averagePrice",
// "averageDuration"}]}}, where stats is there only with
// "includeOutputResults": true. It also reads the results object alone and
// {"output": "<json>"} (aws stepfunctions describe-execution).
func ReadPowerTuning(path string, arch Arch) (PowerTuningResult, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return PowerTuningResult{}, fmt.Errorf("cannot read %s: %v", path, pathErr(err))
	}
	return ParsePowerTuning(path, b, arch)
}

// ParsePowerTuning reads the Power Tuning result b, as ReadPowerTuning
// reads a file; path names it in errors. A caller that reads untrusted
// files (lambdaperf tune) reads them itself, bounded.
func ParsePowerTuning(path string, b []byte, arch Arch) (PowerTuningResult, error) {
	var doc struct {
		Power        json.RawMessage `json:"power"`
		Cost         *float64        `json:"cost"`
		Duration     *float64        `json:"duration"`
		StateMachine *struct {
			ExecutionCost *float64 `json:"executionCost"`
			LambdaCost    *float64 `json:"lambdaCost"`
			Visualization string   `json:"visualization"`
		} `json:"stateMachine"`
		Stats   []json.RawMessage `json:"stats"`
		Results json.RawMessage   `json:"results"`
		Output  *string           `json:"output"`
	}
	for range 3 {
		doc.Results, doc.Output = nil, nil
		if err := json.Unmarshal(b, &doc); err != nil {
			return PowerTuningResult{}, fmt.Errorf("%s is not a JSON object: %v", path, jsonErr(err))
		}
		if doc.Stats != nil {
			break
		}
		switch {
		case len(doc.Results) > 0 && string(doc.Results) != "null":
			b = doc.Results
		case doc.Output != nil:
			b = []byte(*doc.Output)
		default:
			return PowerTuningResult{}, fmt.Errorf(`%s has no "stats" list: run Lambda Power Tuning with "includeOutputResults": true`, path)
		}
	}
	if len(doc.Stats) == 0 {
		return PowerTuningResult{}, fmt.Errorf(`%s has an empty "stats" list`, path)
	}
	var r PowerTuningResult
	if len(doc.Power) > 0 && string(doc.Power) != "null" {
		if p, err := memoryValue(doc.Power); err == nil {
			r.Power = p
		}
	}
	for _, f := range []struct {
		dst *float64
		src *float64
	}{{&r.Cost, doc.Cost}, {&r.DurationMs, doc.Duration}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if sm := doc.StateMachine; sm != nil {
		if sm.ExecutionCost != nil {
			r.ExecutionCostUSD = *sm.ExecutionCost
		}
		if sm.LambdaCost != nil {
			r.LambdaCostUSD = *sm.LambdaCost
		}
		r.Visualization = sm.Visualization
	}
	for i, raw := range doc.Stats {
		if string(raw) == "null" {
			continue // Power Tuning skips empty executor results too
		}
		var s struct {
			Value           json.RawMessage `json:"value"`
			AveragePrice    *float64        `json:"averagePrice"`
			AverageDuration *float64        `json:"averageDuration"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return PowerTuningResult{}, fmt.Errorf("%s: stats[%d] is not an object: %v", path, i, jsonErr(err))
		}
		mem, err := memoryValue(s.Value)
		if err != nil {
			return PowerTuningResult{}, fmt.Errorf("%s: stats[%d].value: %v", path, i, err)
		}
		m := Measurement{MemoryMiB: mem}
		if s.AverageDuration != nil {
			m.AverageDurationMs = *s.AverageDuration
		}
		if m.AverageDurationMs < 0 || m.AverageDurationMs > float64(MaxDuration/time.Millisecond) {
			return PowerTuningResult{}, fmt.Errorf("%s: stats[%d].averageDuration must be 0..900000 ms, got %v", path, i, m.AverageDurationMs)
		}
		if s.AveragePrice != nil {
			if *s.AveragePrice < 0 {
				return PowerTuningResult{}, fmt.Errorf("%s: stats[%d].averagePrice must not be negative, got %v", path, i, *s.AveragePrice)
			}
			m.AveragePriceUSD = *s.AveragePrice
		} else if m.AverageDurationMs > 0 {
			// Price it as Power Tuning would: duration only, per invocation.
			d := time.Duration(math.Ceil(m.AverageDurationMs * float64(time.Millisecond)))
			e, err := InvocationsCost(mem, d, 1, arch)
			if err != nil {
				return PowerTuningResult{}, fmt.Errorf("%s: stats[%d]: %s", path, i, strings.TrimPrefix(err.Error(), "costmodel: "))
			}
			m.AveragePriceUSD = e.Compute.Dollars()
			r.Priced++
		}
		r.Measurements = append(r.Measurements, m)
	}
	return r, nil
}

// memoryValue reads a memory size given as a JSON number or string ("128").
func memoryValue(raw json.RawMessage) (int, error) {
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s is not a memory size in MiB", raw)
	}
	if !lambda.MemoryInRange(n) {
		return 0, fmt.Errorf("memory must be %d..%d MiB, got %d", MinMemoryMiB, MaxMemoryMiB, n)
	}
	return n, nil
}

// pathErr drops the path and operation an *fs.PathError repeats.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// jsonErr adds the byte offset to JSON syntax errors.
func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", err, se.Offset)
	}
	return err.Error()
}
