package monitoring

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// The cost widget's metric math, evaluated over a known hour of traffic,
// must give what costmodel computes for the same traffic, INIT of the
// cold starts included.
func TestCostExpressionMatchesCostModel(t *testing.T) {
	for _, c := range []struct {
		arch       costmodel.Arch
		memory     int
		duration   time.Duration
		calls      int64
		init       time.Duration
		coldStarts int64
	}{
		{costmodel.ARM64, 512, 120 * time.Millisecond, 36_000, 0, 0},
		{costmodel.X86_64, 1769, 800 * time.Millisecond, 1_000, 0, 0},
		{costmodel.ARM64, 128, 3 * time.Millisecond, 2_000_000, 0, 0},
		{costmodel.ARM64, 512, 120 * time.Millisecond, 36_000, 700 * time.Millisecond, 360},
		{costmodel.X86_64, 1024, 40 * time.Millisecond, 100_000, 2 * time.Second, 50},
	} {
		t.Run(fmt.Sprintf("%s %d MiB %s × %d, %d inits of %s", c.arch, c.memory, c.duration, c.calls, c.coldStarts, c.init), func(t *testing.T) {
			plan, err := newCostPlan("", c.arch, c.memory)
			if err != nil {
				t.Fatal(err)
			}
			prices, _ := costmodel.PricesFor("", c.arch)
			if plan.PerGBSecond != prices.Duration[0].PerGBSecond || plan.PerRequest != prices.PerRequest {
				t.Fatalf("cost plan prices %v/%v, costmodel %v/%v", plan.PerGBSecond, plan.PerRequest, prices.Duration[0].PerGBSecond, prices.PerRequest)
			}
			// One hour of traffic: Duration Sum in ms, Invocations Sum
			// and the init durations' Sum in ms.
			vars := map[string]float64{
				"d": float64(c.calls) * float64(c.duration/time.Millisecond),
				"i": float64(c.calls),
				"n": float64(c.coldStarts) * float64(c.init/time.Millisecond),
			}
			hour, err := evalMath(plan.Expression("d", "i", "n"), vars, 3600)
			if err != nil {
				t.Fatal(err)
			}
			p := costmodel.Profile{MemoryMiB: c.memory, Duration: c.duration, Invocations: c.calls, Arch: c.arch}
			if c.coldStarts > 0 {
				p.InitDuration, p.ColdStartRate = c.init, float64(c.coldStarts)/float64(c.calls)
			}
			want, err := costmodel.Monthly(p)
			if err != nil {
				t.Fatal(err)
			}
			if want.ColdStarts != c.coldStarts {
				t.Fatalf("costmodel priced %d cold starts, want %d", want.ColdStarts, c.coldStarts)
			}
			if math.Abs(hour-want.Total.Dollars()) > 1e-12 {
				t.Errorf("expression gives $%.12f for the hour, costmodel $%.12f", hour, want.Total.Dollars())
			}
			month, err := evalMath(plan.MonthlyExpression("d", "i", "n"), vars, 3600)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(month-hour*HoursPerMonth) > 1e-9 {
				t.Errorf("monthly projection $%f, want %d × $%f", month, HoursPerMonth, hour)
			}
		})
	}
}

func TestCostExpressionText(t *testing.T) {
	plan, err := newCostPlan("us-east-1", costmodel.ARM64, 512)
	if err != nil {
		t.Fatal(err)
	}
	want := "((d / 1000) * (512 / 1024) * 0.0000133334 + i * 0.0000002) * 2628000 / PERIOD(i)"
	if got := plan.MonthlyExpression("d", "i", ""); got != want {
		t.Errorf("expression\n got %s\nwant %s", got, want)
	}
	want = "(((d + FILL(n, 0)) / 1000) * (512 / 1024) * 0.0000133334 + i * 0.0000002) * 2628000 / PERIOD(i)"
	if got := plan.MonthlyExpression("d", "i", "n"); got != want {
		t.Errorf("expression with INIT\n got %s\nwant %s", got, want)
	}
}

// evalMath evaluates the metric-math subset the cost widget writes:
// numbers, identifiers, + - * /, parentheses and PERIOD(id).
func evalMath(expr string, vars map[string]float64, period float64) (float64, error) {
	e := &mathEval{s: expr, vars: vars, period: period}
	v, err := e.sum()
	if err == nil && strings.TrimSpace(e.s[e.pos:]) != "" {
		err = fmt.Errorf("trailing %q", e.s[e.pos:])
	}
	return v, err
}

type mathEval struct {
	s      string
	pos    int
	vars   map[string]float64
	period float64
}

func (e *mathEval) peek() byte {
	for e.pos < len(e.s) && e.s[e.pos] == ' ' {
		e.pos++
	}
	if e.pos == len(e.s) {
		return 0
	}
	return e.s[e.pos]
}

func (e *mathEval) sum() (float64, error) {
	v, err := e.product()
	for err == nil && (e.peek() == '+' || e.peek() == '-') {
		op := e.s[e.pos]
		e.pos++
		var r float64
		if r, err = e.product(); op == '+' {
			v += r
		} else {
			v -= r
		}
	}
	return v, err
}

func (e *mathEval) product() (float64, error) {
	v, err := e.atom()
	for err == nil && (e.peek() == '*' || e.peek() == '/') {
		op := e.s[e.pos]
		e.pos++
		var r float64
		if r, err = e.atom(); op == '*' {
			v *= r
		} else {
			v /= r
		}
	}
	return v, err
}

func (e *mathEval) atom() (float64, error) {
	switch c := e.peek(); {
	case c == '(':
		e.pos++
		v, err := e.sum()
		if e.peek() != ')' {
			return 0, fmt.Errorf("missing ) at %d in %s", e.pos, e.s)
		}
		e.pos++
		return v, err
	case c >= '0' && c <= '9':
		start := e.pos
		for e.pos < len(e.s) && (e.s[e.pos] == '.' || e.s[e.pos] >= '0' && e.s[e.pos] <= '9') {
			e.pos++
		}
		return strconv.ParseFloat(e.s[start:e.pos], 64)
	case unicode.IsLetter(rune(c)):
		start := e.pos
		for e.pos < len(e.s) && (unicode.IsLetter(rune(e.s[e.pos])) || unicode.IsDigit(rune(e.s[e.pos]))) {
			e.pos++
		}
		name := e.s[start:e.pos]
		if name == "FILL" { // FILL(m, 0): the series has data here
			if e.peek() != '(' {
				return 0, fmt.Errorf("FILL without ( in %s", e.s)
			}
			e.pos++
			v, err := e.sum()
			if err != nil || e.peek() != ',' {
				return 0, fmt.Errorf("FILL(m, 0) expected in %s: %v", e.s, err)
			}
			e.pos++
			if _, err := e.sum(); err != nil || e.peek() != ')' {
				return 0, fmt.Errorf("FILL(m, 0) expected in %s: %v", e.s, err)
			}
			e.pos++
			return v, nil
		}
		if name == "PERIOD" {
			if _, err := e.atom(); err != nil {
				return 0, err
			}
			return e.period, nil
		}
		v, ok := e.vars[name]
		if !ok {
			return 0, fmt.Errorf("unknown metric %q in %s", name, e.s)
		}
		return v, nil
	}
	return 0, fmt.Errorf("unexpected %q at %d in %s", e.s[e.pos:], e.pos, e.s)
}
