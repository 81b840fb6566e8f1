package localinvoke

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"time"
)

// The defaults of lambdaperf's monitoring (constructs/monitoring:
// DefaultLatencyShare, DefaultErrorRatePercent), used when the template has
// no alarm to read: the p99 alarm fires above 80 % of the timeout, the
// error-rate alarm above 1 % of invocations.
const (
	defaultLatencyShare     = 0.8
	defaultErrorRatePercent = 1.0
)

// Budget is what a load test of a function must stay within, the way a
// team gates a deploy: a p99 latency and an error rate. Artillery's
// `ensure` checks and `lambdaperf load` apply the same one.
type Budget struct {
	// P99 is the most the 99th percentile of latency may be; 0 for none.
	P99 time.Duration `json:"-"`
	// MaxErrorRatePercent is the most errors may be, in percent of the
	// requests sent; negative for none.
	MaxErrorRatePercent float64 `json:"maxErrorRatePercent"`
	// P99Source and ErrorRateSource say where each value came from.
	P99Source string `json:"p99Source,omitempty"`
	// ErrorRateSource says where MaxErrorRatePercent came from.
	ErrorRateSource string `json:"errorRateSource,omitempty"`
}

// MarshalJSON writes P99 in milliseconds.
func (b Budget) MarshalJSON() ([]byte, error) {
	type plain Budget
	return json.Marshal(struct {
		plain
		P99Ms float64 `json:"p99Ms"`
	}{plain(b), msFloat(b.P99)})
}

// Validate reports a budget that cannot be checked.
func (b Budget) Validate() error {
	switch {
	case b.P99 < 0:
		return fmt.Errorf("p99 must be 0 (no budget) or more, got %v", b.P99)
	case math.IsNaN(b.MaxErrorRatePercent) || b.MaxErrorRatePercent > 100:
		return fmt.Errorf("max-error-rate must be 0..100 percent (or negative for no budget), got %v", b.MaxErrorRatePercent)
	}
	return nil
}

// FunctionBudget is the budget the function's template sets: the
// threshold of its p99 duration alarm (the monitoring latency SLO), else
// 80 % of its timeout, and the threshold of its error-rate alarm, else
// 1 %. With several alarms of a kind (Warning, Critical) the lowest wins.
func FunctionBudget(fn *Function) Budget {
	b := Budget{
		P99:                 time.Duration(float64(fn.TimeoutSec) * defaultLatencyShare * float64(time.Second)),
		P99Source:           fmt.Sprintf("80 %% of the %d s timeout: no p99 duration alarm on the function in the template", fn.TimeoutSec),
		MaxErrorRatePercent: defaultErrorRatePercent,
		ErrorRateSource:     "1 %, lambdaperf monitoring's default: no error-rate alarm on the function in the template",
	}
	if fn.template == "" {
		return b
	}
	data, err := os.ReadFile(fn.template)
	if err != nil {
		return b
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string          `json:"Type"`
			Properties json.RawMessage `json:"Properties"`
		} `json:"Resources"`
	}
	if json.Unmarshal(data, &tpl) != nil {
		return b
	}
	ids := make([]string, 0, len(tpl.Resources))
	for id := range tpl.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	p99, rate := math.Inf(1), math.Inf(1)
	for _, id := range ids {
		r := tpl.Resources[id]
		if r.Type != "AWS::CloudWatch::Alarm" {
			continue
		}
		var a alarm
		if json.Unmarshal(r.Properties, &a) != nil || a.Threshold == nil || a.ComparisonOperator != "GreaterThanThreshold" && a.ComparisonOperator != "GreaterThanOrEqualToThreshold" {
			continue
		}
		switch a.kind(fn.LogicalID) {
		case "p99":
			if *a.Threshold > 0 && *a.Threshold < p99 {
				p99 = *a.Threshold
				b.P99 = time.Duration(p99 * float64(time.Millisecond))
				b.P99Source = fmt.Sprintf("the p99 duration alarm %s (%s ms)", id, fmtThreshold(p99))
			}
		case "errorRate":
			if *a.Threshold >= 0 && *a.Threshold < rate {
				rate = *a.Threshold
				b.MaxErrorRatePercent = rate
				b.ErrorRateSource = fmt.Sprintf("the error-rate alarm %s (%s %%)", id, fmtThreshold(rate))
			}
		}
	}
	return b
}

func fmtThreshold(v float64) string { return fmt.Sprint(math.Round(v*1000) / 1000) }

// alarm is what FunctionBudget reads of an AWS::CloudWatch::Alarm.
type alarm struct {
	ComparisonOperator string   `json:"ComparisonOperator"`
	Threshold          *float64 `json:"Threshold"`
	// A single-metric alarm.
	alarmMetric
	ExtendedStatistic string `json:"ExtendedStatistic"`
	// A metric-math alarm.
	Metrics []struct {
		Expression string `json:"Expression"`
		MetricStat *struct {
			Metric alarmMetric `json:"Metric"`
			Stat   string      `json:"Stat"`
		} `json:"MetricStat"`
	} `json:"Metrics"`
}

type alarmMetric struct {
	Namespace  string `json:"Namespace"`
	MetricName string `json:"MetricName"`
	Dimensions []struct {
		Name  string          `json:"Name"`
		Value json.RawMessage `json:"Value"`
	} `json:"Dimensions"`
}

// of tells whether the metric is an AWS/Lambda metric of the function with
// that logical id (FunctionName dimension: a Ref to it).
func (m alarmMetric) of(logicalID string) bool {
	if m.Namespace != "AWS/Lambda" {
		return false
	}
	for _, d := range m.Dimensions {
		var ref struct {
			Ref string `json:"Ref"`
		}
		if d.Name == "FunctionName" && json.Unmarshal(d.Value, &ref) == nil && ref.Ref == logicalID {
			return true
		}
	}
	return false
}

// kind is "p99" for an alarm on the function's p99 Duration, "errorRate"
// for one on an expression over its Errors and Invocations (lambdaperf's
// monitoring writes 100 * errors / invocations), else "".
func (a alarm) kind(logicalID string) string {
	if a.MetricName == "Duration" && a.ExtendedStatistic == "p99" && a.alarmMetric.of(logicalID) {
		return "p99"
	}
	var errs, invocations, expression bool
	for _, m := range a.Metrics {
		switch {
		case m.Expression != "":
			expression = true
		case m.MetricStat == nil || !m.MetricStat.Metric.of(logicalID):
		case m.MetricStat.Metric.MetricName == "Duration" && m.MetricStat.Stat == "p99" && len(a.Metrics) == 1:
			return "p99"
		case m.MetricStat.Metric.MetricName == "Errors":
			errs = true
		case m.MetricStat.Metric.MetricName == "Invocations":
			invocations = true
		}
	}
	if expression && errs && invocations {
		return "errorRate"
	}
	return ""
}

// BudgetCheck is a load run measured against a budget.
type BudgetCheck struct {
	// Budget is the budget checked.
	Budget Budget `json:"budget"`
	// P99Ms and ErrorRatePercent are the run's.
	P99Ms float64 `json:"p99Ms"`
	// ErrorRatePercent is the run's share of failed requests, in percent.
	ErrorRatePercent float64 `json:"errorRatePercent"`
	// Breaches say what was over budget, empty when nothing was.
	Breaches []string `json:"breaches"`
	// Skipped says what was not checked and why.
	Skipped []string `json:"skipped,omitempty"`
}

// CheckBudget measures the run against b: the p99 of latency, and the
// errors, unanswered and dropped requests in percent of those scheduled.
// Emulated timings are not checked against a latency budget.
func (rep *LoadReport) CheckBudget(b Budget) *BudgetCheck {
	c := &BudgetCheck{Budget: b, P99Ms: rep.Latency.P99, Breaches: []string{}}
	failed := rep.Errors + rep.Dropped
	if rep.Scheduled > 0 {
		c.ErrorRatePercent = math.Round(float64(failed)/float64(rep.Scheduled)*1e4) / 100
	}
	switch {
	case b.P99 <= 0:
	case rep.Emulated != "":
		c.Skipped = append(c.Skipped, fmt.Sprintf("p99 budget %s ms: the timings are emulated (%s), not checked", ms(b.P99), rep.Emulated))
	case rep.Latency.Count == 0:
		c.Breaches = append(c.Breaches, fmt.Sprintf("p99 budget %s ms: no request was answered", ms(b.P99)))
	case rep.Latency.P99 > msFloat(b.P99):
		c.Breaches = append(c.Breaches, fmt.Sprintf("p99 latency %s ms is above the budget of %s ms (%s)", ms(time.Duration(rep.Latency.P99*float64(time.Millisecond))), ms(b.P99), b.P99Source))
	}
	if b.MaxErrorRatePercent >= 0 && c.ErrorRatePercent > b.MaxErrorRatePercent {
		c.Breaches = append(c.Breaches, fmt.Sprintf("error rate %g %% (%d of %d requests failed, went unanswered or were dropped) is above the budget of %g %% (%s)",
			c.ErrorRatePercent, failed, rep.Scheduled, b.MaxErrorRatePercent, b.ErrorRateSource))
	}
	return c
}
