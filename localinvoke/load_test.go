package localinvoke

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestRampArrivals(t *testing.T) {
	t.Run("the playbook ramp sends the area under the rate", func(t *testing.T) {
		r := PlaybookRamp
		if n := r.Count(); n != 3300 {
			t.Errorf("Count = %d, want (10+100)/2*60 = 3300", n)
		}
		a := r.Arrivals(0)
		if len(a) != 3300 || a[0] != 0 || a[len(a)-1] >= r.Duration {
			t.Fatalf("%d arrivals from %v to %v", len(a), a[0], a[len(a)-1])
		}
		for i := 1; i < len(a); i++ {
			if a[i] < a[i-1] {
				t.Fatalf("arrival %d at %v before %v", i, a[i], a[i-1])
			}
		}
		// The rate rises: 10 requests in the first second, about 100 in the last.
		first, last := 0, 0
		for _, at := range a {
			switch {
			case at < time.Second:
				first++
			case at >= r.Duration-time.Second:
				last++
			}
		}
		if first < 10 || first > 12 || last < 97 || last > 100 {
			t.Errorf("first second %d requests, last second %d", first, last)
		}
	})
	t.Run("a constant rate is evenly spaced", func(t *testing.T) {
		a := Ramp{From: 4, To: 4, Duration: time.Second}.Arrivals(0)
		want := []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond}
		if len(a) != len(want) {
			t.Fatalf("arrivals %v", a)
		}
		for i := range a {
			if (a[i] - want[i]).Abs() > time.Microsecond {
				t.Errorf("arrivals %v, want %v", a, want)
			}
		}
	})
	t.Run("a ramp from zero starts at once", func(t *testing.T) {
		a := Ramp{From: 0, To: 20, Duration: time.Second}.Arrivals(0)
		if len(a) != 10 || a[0] != 0 || a[1] < 200*time.Millisecond {
			t.Errorf("arrivals %v", a)
		}
	})
	t.Run("a cap bounds the count", func(t *testing.T) {
		if n := len(PlaybookRamp.Arrivals(50)); n != 50 {
			t.Errorf("%d arrivals, want 50", n)
		}
	})
	t.Run("validation names each bad value", func(t *testing.T) {
		err := Ramp{From: -1, To: 2000, Duration: 0}.Validate()
		for _, want := range []string{"rate must be 0..1000 requests/s, got -1", "ramp-to must be 0..1000 requests/s, got 2000", "duration must be more than 0 and at most 15m0s, got 0s"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want %q", err, want)
			}
		}
		if err := (Ramp{Duration: time.Second}).Validate(); err == nil || !strings.Contains(err.Error(), "nothing to send") {
			t.Errorf("err = %v", err)
		}
		if err := (Ramp{From: math.NaN(), To: 1, Duration: time.Second}).Validate(); err == nil {
			t.Error("NaN accepted")
		}
	})
}

func TestNewStats(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := NewStats(ds)
	if s.Count != 100 || s.P50 != 50 || s.P95 != 95 || s.P99 != 99 || s.Max != 100 || s.Mean != 50.5 {
		t.Errorf("stats %+v", s)
	}
	if one := NewStats([]time.Duration{3 * time.Millisecond}); one.P50 != 3 || one.P99 != 3 || one.Max != 3 {
		t.Errorf("one sample: %+v", one)
	}
	if (NewStats(nil) != Stats{}) {
		t.Error("no samples should give zero stats")
	}
}

func loadFn(t *testing.T) *Function {
	t.Helper()
	fn, err := Load(writeAssembly(t, echoFn(t, "Echo")), "EchoFunction")
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

func TestRunLoad(t *testing.T) {
	fn := loadFn(t)
	began := time.Now()
	rep, err := RunLoad(context.Background(), fn, LoadOptions{
		Options:   Options{Emulator: emulator(t)},
		Ramp:      Ramp{From: 10, To: 30, Duration: 2 * time.Second},
		Instances: 2,
		Event:     []byte(`{"echo": "x"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("a 2 s ramp took %v", took)
	}
	if rep.Scheduled != 40 || rep.Sent != 40 || rep.Answered != 40 || rep.Errors != 0 || rep.Dropped != 0 {
		t.Errorf("scheduled %d sent %d answered %d errors %d (%q) dropped %d", rep.Scheduled, rep.Sent, rep.Answered, rep.Errors, rep.ErrorExamples, rep.Dropped)
	}
	if rep.ColdStarts < 1 || rep.ColdStarts != rep.InstancesUsed || rep.InstancesUsed > 2 || rep.Init.Count != rep.ColdStarts {
		t.Errorf("cold starts %d, instances used %d, init stats %+v", rep.ColdStarts, rep.InstancesUsed, rep.Init)
	}
	for name, s := range map[string]Stats{"latency": rep.Latency, "duration": rep.Duration} {
		if s.Count != 40 || s.P50 <= 0 || s.P50 > s.P95 || s.P95 > s.P99 || s.P99 > s.Max {
			t.Errorf("%s stats %+v", name, s)
		}
	}
	if rep.Latency.P50 < rep.Duration.P50 {
		t.Errorf("latency p50 %v below the handler's duration p50 %v", rep.Latency.P50, rep.Duration.P50)
	}
	due := 0
	for _, s := range rep.Timeline {
		due += s.Due
	}
	if len(rep.Timeline) != 2 || due != 40 || rep.Timeline[0].Due >= rep.Timeline[1].Due {
		t.Errorf("timeline %+v: want two seconds, the second busier", rep.Timeline)
	}
	if rep.MaxMemoryUsedMB < 1 || rep.MemorySizeMB != 256 || rep.Function != "Test/Echo/Function" || rep.Instances != 2 {
		t.Errorf("report %+v", rep)
	}
	if len(rep.Samples) != 40 {
		t.Errorf("%d samples", len(rep.Samples))
	}
}

func TestRunLoadSaysWhyRequestsFailed(t *testing.T) {
	fn := loadFn(t)
	for _, c := range []struct {
		event, errorType string
		want             []string
	}{
		{`{"fail": "boom"}`, "EchoError", []string{"boom; last output: echo: request "}},
		{`{"crash": true}`, "Runtime.ExitError", []string{"exit status 3", "last output: echo: request "}},
	} {
		rep, err := RunLoad(context.Background(), fn, LoadOptions{
			Options: Options{Emulator: emulator(t)}, Ramp: Ramp{From: 3, To: 3, Duration: time.Second}, Instances: 1, Event: []byte(c.event),
		})
		if err != nil {
			t.Fatal(err)
		}
		ex := rep.ErrorExamples[c.errorType]
		if rep.ErrorTypes[c.errorType] != 3 || len(rep.ErrorExamples) != 1 {
			t.Errorf("%s: error types %v, examples %q", c.event, rep.ErrorTypes, rep.ErrorExamples)
		}
		for _, w := range c.want {
			if !strings.Contains(ex, w) {
				t.Errorf("%s: example %q misses %q", c.event, ex, w)
			}
		}
	}
}

func TestErrorDetail(t *testing.T) {
	var logs strings.Builder
	for i := range 8 {
		fmt.Fprintf(&logs, "line %d\n\n", i)
	}
	long := strings.Repeat("é", 400) // 800 bytes
	for _, c := range []struct {
		name string
		r    Result
		want string
	}{
		{"the error message and the last lines", Result{Payload: []byte(`{"errorType":"E","errorMessage":"boom"}`), Logs: logs.String()},
			"boom; last output: line 3 | line 4 | line 5 | line 6 | line 7"},
		{"a payload that is no error object", Result{Payload: []byte("Task timed out after 1.00 seconds")}, "Task timed out after 1.00 seconds"},
		{"bounded, on a rune boundary", Result{Payload: []byte(long), Logs: long},
			strings.Repeat("é", 256) + "...; last output: " + strings.Repeat("é", 100) + "..."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := errorDetail(&c.r); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestRunLoadIsBounded(t *testing.T) {
	fn := loadFn(t)
	t.Run("by the number of requests", func(t *testing.T) {
		rep, err := RunLoad(context.Background(), fn, LoadOptions{
			Options: Options{Emulator: emulator(t)}, Ramp: Ramp{From: 50, To: 50, Duration: time.Second}, MaxRequests: 5, Instances: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Scheduled != 5 || rep.Answered != 5 || !strings.Contains(strings.Join(rep.Notes, "\n"), "the ramp schedules 50 requests: capped at 5") {
			t.Errorf("scheduled %d answered %d notes %q", rep.Scheduled, rep.Answered, rep.Notes)
		}
	})
	t.Run("in time: what is still waiting when the drain ends is dropped", func(t *testing.T) {
		began := time.Now()
		// One instance, 300 ms per request, 10 requests in 1 s: 3 s of work.
		rep, err := RunLoad(context.Background(), fn, LoadOptions{
			Options: Options{Emulator: emulator(t)}, Ramp: Ramp{From: 10, To: 10, Duration: time.Second},
			Instances: 1, Event: []byte(`{"sleepMs": 300}`), Drain: 300 * time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(began); took > 4*time.Second {
			t.Errorf("took %v with a 1.3 s deadline", took)
		}
		if rep.Scheduled != 10 || rep.Answered >= 10 || rep.Dropped+rep.Sent != 10 || rep.Dropped == 0 {
			t.Errorf("scheduled %d sent %d answered %d dropped %d errors %v", rep.Scheduled, rep.Sent, rep.Answered, rep.Dropped, rep.ErrorTypes)
		}
		if rep.Wait.Max < 100 {
			t.Errorf("wait max %v ms: requests queued behind a busy instance", rep.Wait.Max)
		}
	})
	t.Run("options are checked", func(t *testing.T) {
		for _, c := range []struct {
			opts LoadOptions
			want string
		}{
			{LoadOptions{Ramp: PlaybookRamp, Instances: 65}, "instances must be 1..64, got 65"},
			{LoadOptions{Ramp: PlaybookRamp, Options: Options{Port: 9000}}, "leave Port at 0"},
			{LoadOptions{Ramp: Ramp{From: 1, To: 1}}, "duration must be more than 0"},
		} {
			if _, err := RunLoad(context.Background(), fn, c.opts); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		}
	})
}
