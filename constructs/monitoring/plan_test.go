package monitoring

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
)

// These tests resolve plans in plain Go: no jsii, milliseconds each.

// fakeFunction stands in for a function in pure tests: resolve only checks
// that Target.Function is set.
type fakeFunction struct{ awslambda.IFunction }

func target(timeout time.Duration) Target {
	return Target{Function: fakeFunction{}, Label: "Api", Timeout: timeout}
}

// detected are the facts synthesis would read from a function with an
// alias.
func detected(pc, stream, async bool) facts {
	return facts{id: "Api", functionName: "fn", aliasName: "live", attached: true, pc: pc, stream: stream, async: async}
}

func resolveOne(t *testing.T, tg Target, f facts) FunctionPlan {
	t.Helper()
	p, err := resolve("S/Monitoring", &Props{Functions: []Target{tg}}, []facts{f}, "")
	if err != nil {
		t.Fatal(err)
	}
	return p.Functions[0]
}

// alarmSummary lists alarms as "Kind/Label>threshold periods/datapoints".
func alarmSummary(fp FunctionPlan) []string {
	var out []string
	for _, a := range fp.Alarms {
		out = append(out, fmt.Sprintf("%s/%s>%s %d/%d", a.Kind, a.Label, formatNumber(a.Threshold), a.Periods, a.DatapointsToAlarm))
	}
	return out
}

func TestDefaultAlarmsFollowTheFunction(t *testing.T) {
	for _, c := range []struct {
		name  string
		tg    Target
		facts facts
		want  []string
	}{{
		name:  "an on-demand function gets latency at 80 % of its timeout, 1 % errors and any throttle",
		tg:    target(10 * time.Second),
		facts: detected(false, false, false),
		want:  []string{"LatencyP99/Critical>8000 5/3", "ErrorRate/Critical>1 5/3", "Throttles/Critical>0 1/1"},
	}, {
		name:  "a latency objective replaces 80 % of the timeout",
		tg:    Target{Function: fakeFunction{}, Timeout: 10 * time.Second, LatencySLO: 750 * time.Millisecond},
		facts: detected(false, false, false),
		want:  []string{"LatencyP99/Critical>750 5/3", "ErrorRate/Critical>1 5/3", "Throttles/Critical>0 1/1"},
	}, {
		name:  "provisioned concurrency adds the spillover alarm",
		tg:    target(3 * time.Second),
		facts: detected(true, false, false),
		want:  []string{"LatencyP99/Critical>2400 5/3", "ErrorRate/Critical>1 5/3", "Throttles/Critical>0 1/1", "Spillover/Critical>0 1/1"},
	}, {
		name:  "a stream source adds the iterator-age alarm at one minute, async invocations the dropped-events and event-age alarms",
		tg:    target(time.Minute),
		facts: detected(false, true, true),
		want:  []string{"LatencyP99/Critical>48000 5/3", "ErrorRate/Critical>1 5/3", "Throttles/Critical>0 1/1", "IteratorAge/Critical>60000 5/3", "AsyncDropped/Critical>0 1/1", "AsyncEventAge/Critical>300000 5/3"},
	}, {
		name: "an explicit setting wins over detection",
		tg: func() Target {
			tg := target(10 * time.Second)
			no := false
			tg.ProvisionedConcurrency = &no
			return tg
		}(),
		facts: detected(true, false, false),
		want:  []string{"LatencyP99/Critical>8000 5/3", "ErrorRate/Critical>1 5/3", "Throttles/Critical>0 1/1"},
	}, {
		name: "labelled thresholds make one alarm each, sorted by label; an empty map turns a kind off",
		tg: func() Target {
			tg := target(10 * time.Second)
			tg.Alarms = Alarms{
				LatencyP99: map[string]LatencyThreshold{"Warning": {Max: time.Second}, "Critical": {Max: 5 * time.Second, Evaluation: Evaluation{Periods: 2}}},
				ErrorRate:  map[string]ErrorRateThreshold{},
				Throttles:  map[string]CountThreshold{"Critical": {Max: 10, Evaluation: Evaluation{Periods: 5, DatapointsToAlarm: 2}}},
			}
			return tg
		}(),
		facts: detected(false, false, false),
		want:  []string{"LatencyP99/Critical>5000 2/2", "LatencyP99/Warning>1000 5/3", "Throttles/Critical>10 5/2"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			got := alarmSummary(resolveOne(t, c.tg, c.facts))
			if strings.Join(got, ", ") != strings.Join(c.want, ", ") {
				t.Errorf("alarms\n got %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestDisableAlarms(t *testing.T) {
	p, err := resolve("S/M", &Props{Functions: []Target{target(time.Second)}, DisableAlarms: true}, []facts{detected(true, true, false)}, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Alarms || len(p.Functions[0].Alarms) != 0 {
		t.Errorf("DisableAlarms left alarms: %v", alarmSummary(p.Functions[0]))
	}
}

func TestAlarmDescriptionsSayWhatFires(t *testing.T) {
	fp := resolveOne(t, target(10*time.Second), detected(false, false, false))
	want := "Api: p99 duration (alias live) above 8000 ms (timeout 10s) in 3 of 5 periods of 1m0s"
	if got := fp.Alarms[0].Description; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
}

func TestValidation(t *testing.T) {
	ok := func() Target { return target(10 * time.Second) }
	with := func(f func(*Target)) Target { tg := ok(); f(&tg); return tg }
	for _, c := range []struct {
		name  string
		props *Props
		facts []facts
		want  []string // every one must be in the error
	}{
		{"no functions", &Props{}, nil, []string{`monitoring "S/M": Functions is empty`}},
		{"nil props", nil, nil, []string{"Functions is empty"}},
		{"no function", &Props{Functions: []Target{{Timeout: time.Second}}}, nil,
			[]string{`Functions[0]: Function is required: build the target with monitoring.FromOptimized(fn)`}},
		{"no timeout", &Props{Functions: []Target{with(func(t *Target) { t.Timeout = 0 })}}, nil,
			[]string{`Functions[0] "Api": Timeout is required`}},
		{"timeout beyond Lambda's", &Props{Functions: []Target{with(func(t *Target) { t.Timeout = 20 * time.Minute })}}, nil,
			[]string{"Timeout must be 1s..900s, got 20m0s"}},
		{"memory out of range", &Props{Functions: []Target{with(func(t *Target) { t.MemoryMiB = 64 })}}, nil,
			[]string{"MemoryMiB must be 128..10240, got 64"}},
		{"unknown architecture", &Props{Functions: []Target{with(func(t *Target) { t.Architecture = "sparc" })}}, nil,
			[]string{`Architecture "sparc" is not a Lambda architecture`}},
		{"SLO not below the timeout names both", &Props{Functions: []Target{with(func(t *Target) { t.LatencySLO = 12 * time.Second })}}, nil,
			[]string{"LatencySLO 12s is not between 0 and Timeout 10s"}},
		{"latency threshold not below the timeout names both", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.LatencyP99 = map[string]LatencyThreshold{"Critical": {Max: 10 * time.Second}}
		})}}, nil, []string{`Alarms.LatencyP99["Critical"].Max 10s is not between 0 and Timeout 10s`}},
		{"error rate out of range", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.ErrorRate = map[string]ErrorRateThreshold{"Critical": {MaxPercent: 150}}
		})}}, nil, []string{`Alarms.ErrorRate["Critical"].MaxPercent must be above 0 and below 100, got 150`}},
		{"negative count", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.Throttles = map[string]CountThreshold{"Critical": {Max: -1}}
		})}}, nil, []string{`Alarms.Throttles["Critical"].Max must be 0 or more, got -1`}},
		{"bad label", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.Throttles = map[string]CountThreshold{"very bad!": {}}
		})}}, nil, []string{`Alarms.Throttles has the label "very bad!"`}},
		{"datapoints above periods names both", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.ErrorRate = map[string]ErrorRateThreshold{"Critical": {MaxPercent: 1, Evaluation: Evaluation{Periods: 2, DatapointsToAlarm: 3}}}
		})}}, nil, []string{`Alarms.ErrorRate["Critical"]: DatapointsToAlarm 3 is more than Periods 2`}},
		{"evaluation beyond a day names both", &Props{Period: time.Hour, Functions: []Target{with(func(t *Target) {
			t.Alarms.Throttles = map[string]CountThreshold{"Critical": {Evaluation: Evaluation{Periods: 25}}}
		})}}, nil, []string{`Alarms.Throttles["Critical"]: Periods 25 × Period 1h0m0s is more than CloudWatch's 24h`}},
		{"spillover without provisioned concurrency names both", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.Spillover = map[string]CountThreshold{"Critical": {}}
		})}}, []facts{detected(false, false, false)}, []string{"Alarms.Spillover is set but ProvisionedConcurrency is false"}},
		{"iterator age without a stream names both", &Props{Functions: []Target{with(func(t *Target) {
			t.Alarms.IteratorAge = map[string]AgeThreshold{"Critical": {Max: time.Minute}}
		})}}, []facts{detected(false, false, true)}, []string{"Alarms.IteratorAge is set but StreamSource is false"}},
		{"sub-minute period", &Props{Period: 30 * time.Second, Functions: []Target{ok()}}, nil,
			[]string{"Period must be whole minutes from 1m to 24h, got 30s"}},
		{"unknown price region", &Props{PriceRegion: "mars-1", Functions: []Target{ok()}}, nil,
			[]string{`PriceRegion "mars-1" has no prices in costmodel (known: us-east-1)`}},
		{"labels differing in case are distinct", &Props{Functions: []Target{ok(), with(func(t *Target) { t.Label = "api" })}}, nil, nil},
		{"duplicate labels", &Props{Functions: []Target{ok(), ok()}}, nil,
			[]string{`Functions[1] Label "Api" and Functions[0] share the construct ID "Api": give one of them another Label`}},
		{"labels that reduce to one ID", &Props{Functions: []Target{with(func(t *Target) { t.Label = "node-api" }), with(func(t *Target) { t.Label = "node_api" })}}, nil,
			[]string{`Functions[1] Label "node_api" and Functions[0] share the construct ID "nodeApi"`}},
		{"every problem at once", &Props{Period: time.Second, Functions: []Target{with(func(t *Target) { t.Timeout = 0; t.MemoryMiB = 1 })}}, nil,
			[]string{"Period must be", "Timeout is required", "MemoryMiB must be"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := resolve("S/M", c.props, c.facts, "")
			if c.want == nil {
				if err != nil {
					t.Errorf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// Validate runs before anything is detected: checks that need detection
// (is there provisioned concurrency? a stream?) wait for synthesis.
func TestValidateLeavesDetectionToNew(t *testing.T) {
	tg := target(10 * time.Second)
	tg.Alarms.Spillover = map[string]CountThreshold{"Critical": {}}
	tg.Alarms.IteratorAge = map[string]AgeThreshold{"Critical": {Max: time.Minute}}
	if err := (&Props{Functions: []Target{tg}}).Validate(); err != nil {
		t.Errorf("Validate failed on facts it cannot know: %v", err)
	}
	yes := true
	tg.ProvisionedConcurrency, tg.StreamSource = &yes, &yes
	if err := (&Props{Functions: []Target{tg}}).Validate(); err != nil {
		t.Errorf("Validate with explicit facts: %v", err)
	}
}

func TestPriceRegion(t *testing.T) {
	for _, c := range []struct {
		name, set, stack, want string
		warns                  bool
	}{
		{"an environment-agnostic stack uses the default region", "", "", "us-east-1", false},
		{"a stack region costmodel knows is used", "", "us-east-1", "us-east-1", false},
		{"an unknown stack region falls back with a warning", "", "eu-west-1", "us-east-1", true},
		{"PriceRegion wins over the stack's", "us-east-1", "eu-west-1", "us-east-1", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tg := target(time.Second)
			tg.MemoryMiB, tg.Architecture = 1024, "arm64"
			p, err := resolve("S/M", &Props{PriceRegion: c.set, Functions: []Target{tg}}, []facts{detected(false, false, false)}, c.stack)
			if err != nil {
				t.Fatal(err)
			}
			if p.PriceRegion != c.want || p.Functions[0].Cost.Region != c.want {
				t.Errorf("prices of %s (cost %s), want %s", p.PriceRegion, p.Functions[0].Cost.Region, c.want)
			}
			if warned := len(p.Warnings) == 1 && p.Warnings[0].ID == WarnPriceRegion; warned != c.warns {
				t.Errorf("warnings %v, want a %s warning: %v", p.Warnings, WarnPriceRegion, c.warns)
			}
		})
	}
}

func TestConstructID(t *testing.T) {
	for in, want := range map[string]string{"NodeApi": "NodeApi", "node-api": "nodeApi", "orders / v2": "ordersV2", "--": ""} {
		if got := constructID(in); got != want {
			t.Errorf("constructID(%q) = %q, want %q", in, got, want)
		}
	}
}
