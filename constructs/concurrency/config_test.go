package concurrency

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func intp(n int) *int { return &n }

func TestResolveStatic(t *testing.T) {
	p, err := Resolve("PC", &Config{Min: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &Plan{Min: 3, Max: 3, Static: true}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("plan %+v, want %+v", p, want)
	}
	if p, err := Resolve("PC", nil, nil); p != nil || err != nil {
		t.Errorf("no config must resolve to no plan: %+v %v", p, err)
	}
}

func TestResolveAutoScalingDefaults(t *testing.T) {
	cfg := &Config{Min: 1, AutoScaling: &AutoScaling{Max: 10, Schedules: []Schedule{
		{Cron: "cron(0 8 ? * MON-FRI *)", Min: 5},
		{Name: "Evening", Cron: "cron(0 18 ? * MON-FRI *)", Min: 1, TimeZone: "Europe/Berlin"},
	}}}
	p, err := Resolve("PC", cfg, intp(10))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"the alias starts at Min", p.Min, 1},
		{"Max is the autoscaling ceiling", p.Max, 10},
		{"it is not static", p.Static, false},
		{"the target is the playbook's 0.7", p.TargetUtilization, 0.7},
		{"an unnamed schedule is named by position", p.Schedules[0].Name, "Schedule1"},
		{"a named schedule keeps its name", p.Schedules[1].Name, "Evening"},
		{"a schedule keeps its time zone", p.Schedules[1].TimeZone, "Europe/Berlin"},
		{"a schedule leaves Max unchanged", p.Schedules[0].Max, 0},
		{"no warnings", len(p.Warnings), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if cfg.AutoScaling.TargetUtilization != 0 || cfg.AutoScaling.Schedules[0].Name != "" {
		t.Error("Resolve modified the caller's config")
	}
}

// TestResolveRejects is the table of invalid configurations and the error
// each gives.
func TestResolveRejects(t *testing.T) {
	scaling := func(a AutoScaling) *AutoScaling { return &a }
	cron := "cron(0 8 ? * MON-FRI *)"
	cases := []struct {
		name     string
		cfg      Config
		reserved *int
		want     string
	}{
		{"a Min of 0 (Lambda would drop it silently)", Config{}, nil, "PC.Min must be at least 1, got 0: Lambda drops a provisioned concurrency of 0 without a word"},
		{"a negative Min", Config{Min: -2}, nil, "PC.Min must be at least 1, got -2"},
		{"Min above Max", Config{Min: 5, AutoScaling: scaling(AutoScaling{Max: 3})}, nil, "PC.AutoScaling.Max 3 is below Min 5: raise Max to at least 5"},
		{"a target above 0.9", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, TargetUtilization: 0.95})}, nil, "PC.AutoScaling.TargetUtilization must be 0.1..0.9, got 0.95"},
		{"a target below 0.1", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, TargetUtilization: 0.05})}, nil, "TargetUtilization must be 0.1..0.9, got 0.05"},
		{"a target given as a percentage", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, TargetUtilization: 70})}, nil, "TargetUtilization must be 0.1..0.9, got 70"},
		{"a negative target", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, TargetUtilization: -0.5})}, nil, "got -0.5"},
		{"Min above reserved concurrency", Config{Min: 10}, intp(5), "PC.Min 10 exceeds the function's reserved concurrency of 5: Lambda refuses provisioned concurrency above it"},
		{"Max above reserved concurrency", Config{Min: 2, AutoScaling: scaling(AutoScaling{Max: 20})}, intp(10), "PC.AutoScaling.Max 20 exceeds the function's reserved concurrency of 10: Application Auto Scaling could never provision it; lower Max to 10"},
		{"a schedule above reserved concurrency", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: cron, Min: 2, Max: 50}}})}, intp(10), "raises capacity to 50, above the function's reserved concurrency of 10"},
		{"a schedule without cron", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Min: 2}}})}, nil, "PC.AutoScaling.Schedules[0] (Schedule1).Cron is required"},
		{"a schedule with an invalid cron", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: "cron(0 8 * * MON-FRI *)", Min: 2}}})}, nil, "Schedules[0] (Schedule1).Cron: cron(0 8 * * MON-FRI *): day-of-month \"*\" and day-of-week \"MON-FRI\" are both set"},
		{"a schedule with Unix cron", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: "0 8 * * 1-5", Min: 2}}})}, nil, "is not a cron expression"},
		{"a schedule with Min above its Max", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 50, Schedules: []Schedule{{Name: "Peak", Cron: cron, Min: 20, Max: 10}}})}, nil, "PC.AutoScaling.Schedules[0] (Peak): Min 20 is above its Max 10"},
		{"a schedule raising Min above Max", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 10, Schedules: []Schedule{{Cron: cron, Min: 20}}})}, nil, "Min 20 is above AutoScaling.Max 10: set Max in this schedule to at least 20 too"},
		{"a schedule lowering Max below Min", Config{Min: 5, AutoScaling: scaling(AutoScaling{Max: 10, Schedules: []Schedule{{Cron: cron, Max: 2}}})}, nil, "Max 2 is below AutoScaling.Min 5"},
		{"a schedule that changes nothing", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: cron}}})}, nil, "sets neither Min nor Max, so it would change nothing"},
		{"a schedule with a negative bound", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: cron, Min: -1, Max: 3}}})}, nil, "Min and Max must be 1 or more, or 0 to leave them unchanged"},
		{"two schedules with one name", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Name: "A", Cron: cron, Min: 2}, {Name: "A", Cron: cron, Min: 1}}})}, nil, `Schedules[1].Name "A" is used twice`},
		{"a default name taken by hand", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Name: "Schedule2", Cron: cron, Min: 2}, {Cron: cron, Min: 1}}})}, nil, `Schedules[1].Name "Schedule2" is used twice`},
		{"a schedule name that is not an identifier", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Name: "business hours", Cron: cron, Min: 2}}})}, nil, `Name "business hours" is not a valid name`},
		{"an unknown time zone", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: cron, Min: 2, TimeZone: "Mars/Olympus"}}})}, nil, `TimeZone "Mars/Olympus" is not an IANA time zone name`},
		{"the machine's local time zone", Config{Min: 1, AutoScaling: scaling(AutoScaling{Max: 5, Schedules: []Schedule{{Cron: cron, Min: 2, TimeZone: "Local"}}})}, nil, `TimeZone "Local" is not an IANA time zone name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Resolve("PC", &c.cfg, c.reserved)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
		})
	}
}

func TestResolveReportsEveryProblem(t *testing.T) {
	_, err := Resolve("PC", &Config{Min: 0, AutoScaling: &AutoScaling{Max: -1, TargetUtilization: 2}}, nil)
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 3 {
		t.Fatalf("want three joined errors, got %v", err)
	}
}

func TestResolveAcceptsTheEdges(t *testing.T) {
	for _, cfg := range []Config{
		{Min: 10, AutoScaling: &AutoScaling{Max: 10}},
		{Min: 1, AutoScaling: &AutoScaling{Max: 2, TargetUtilization: 0.1}},
		{Min: 1, AutoScaling: &AutoScaling{Max: 2, TargetUtilization: 0.9}},
		{Min: 5}, // equal to reserved concurrency
		{Min: 1, AutoScaling: &AutoScaling{Max: 5, Schedules: []Schedule{{Cron: "${Token[TOKEN.7]}", Min: 2, TimeZone: "${Token[TOKEN.8]}"}}}},
	} {
		if _, err := Resolve("PC", &cfg, intp(10)); err != nil {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
}

func TestMaxAboveTheAccountPoolWarns(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		warn bool
	}{
		{"Max 900 fits the default quota", Config{Min: 1, AutoScaling: &AutoScaling{Max: 900}}, false},
		{"Max 901 needs a quota increase", Config{Min: 1, AutoScaling: &AutoScaling{Max: 901}}, true},
		{"a static Min of 1,000 needs one", Config{Min: 1000}, true},
		{"a schedule raising Max to 2,000 needs one", Config{Min: 1, AutoScaling: &AutoScaling{Max: 100, Schedules: []Schedule{{Cron: "cron(0 8 ? * MON-FRI *)", Max: 2000}}}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Resolve("PC", &c.cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(p.Warnings) == 1 && p.Warnings[0].ID == WarnAboveAccountPool; got != c.warn {
				t.Errorf("warnings %v, want the %s warning: %v", p.Warnings, WarnAboveAccountPool, c.warn)
			}
			if c.warn && !strings.Contains(p.Warnings[0].Message, "the default account limit is 1,000 concurrent executions") {
				t.Errorf("the warning does not explain the limit: %s", p.Warnings[0].Message)
			}
		})
	}
}

func TestWithAutoScaling(t *testing.T) {
	static, err := Resolve("PC", &Config{Min: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	scaled, err := static.WithAutoScaling("EnableAutoScaling", &AutoScaling{Max: 8}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if scaled.Static || scaled.Min != 2 || scaled.Max != 8 || scaled.TargetUtilization != 0.7 {
		t.Errorf("scaled plan %+v", scaled)
	}
	if !static.Static || static.Max != 2 {
		t.Errorf("WithAutoScaling changed the plan it was called on: %+v", static)
	}

	_, err = scaled.WithAutoScaling("EnableAutoScaling", &AutoScaling{Max: 8}, nil)
	if err == nil || !strings.Contains(err.Error(), "EnableAutoScaling: autoscaling is already enabled (Min 2, Max 8, target 0.7): enable it once") {
		t.Errorf("a second call: %v", err)
	}
	if _, err := static.WithAutoScaling("EnableAutoScaling", &AutoScaling{Max: 1}, intp(5)); err == nil || !strings.Contains(err.Error(), "EnableAutoScaling.Max 1 is below Min 2") {
		t.Errorf("bad settings: %v", err)
	}
	if _, err := static.WithAutoScaling("EnableAutoScaling", nil, nil); err == nil {
		t.Error("nil AutoScaling accepted")
	}
	big, err := static.WithAutoScaling("EnableAutoScaling", &AutoScaling{Max: 1000}, nil)
	if err != nil || len(big.Warnings) != 1 {
		t.Errorf("Max 1000 through WithAutoScaling: %v %v", big, err)
	}
}

func TestPlanClone(t *testing.T) {
	p, _ := Resolve("PC", &Config{Min: 1, AutoScaling: &AutoScaling{Max: 3, Schedules: []Schedule{{Cron: "cron(0 8 ? * MON-FRI *)", Min: 2}}}}, nil)
	c := p.Clone()
	c.Schedules[0].Min = 99
	if p.Schedules[0].Min != 2 {
		t.Error("Clone shares schedules with the original")
	}
	if (*Plan)(nil).Clone() != nil {
		t.Error("Clone of nil")
	}
}

func TestNoProvisionedConcurrencyOnManagedInstances(t *testing.T) {
	if err := ForManagedInstances("ProvisionedConcurrency", nil); err != nil {
		t.Errorf("no provisioned concurrency is fine: %v", err)
	}
	err := ForManagedInstances("ProvisionedConcurrency", &Config{Min: 1})
	if err == nil || !strings.HasPrefix(err.Error(), "ProvisionedConcurrency is set: provisioned concurrency keeps on-demand environments warm") {
		t.Errorf("got %v", err)
	}
}
