package logpattern

import (
	"strings"
	"testing"
)

const event = `{"time":"2024-01-01T00:00:00Z","type":"platform.report","record":{"requestId":"r-1","status":"success",` +
	`"metrics":{"durationMs":12.5,"initDurationMs":180.2,"maxMemoryUsedMB":64},"tags":["a","b"]}}`

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{`{ $.type = "platform.report" }`, true},
		{`{$.type=platform.report}`, true},
		{`{ $.type = "platform.*" }`, true},
		{`{ $.type = "*.report" }`, true},
		{`{ $.type = "plat*re*" }`, true},
		{`{ $.type = "platform.start" }`, false},
		{`{ $.type != "platform.start" }`, true},
		{`{ $.type != "platform.*" }`, false},
		{`{ $.record.metrics.initDurationMs > 0 }`, true},
		{`{ $.record.metrics.initDurationMs >= 180.2 }`, true},
		{`{ $.record.metrics.initDurationMs < 100 }`, false},
		{`{ $.record.metrics.maxMemoryUsedMB = 64 }`, true},
		{`{ $.record.metrics.maxMemoryUsedMB != 64 }`, false},
		{`{ $.record.metrics.maxMemoryUsedMB <= 6.4e1 }`, true},
		{`{ $.record.metrics.restoreDurationMs > 0 }`, false},  // missing field
		{`{ $.record.metrics.restoreDurationMs != 0 }`, false}, // missing field never matches
		{`{ $.record.status > 0 }`, false},                     // a string is not a number
		{`{ $.record.metrics = "x" }`, false},                  // an object is not a string
		{`{ $.record.tags[1] = "b" }`, true},
		{`{ $.record.tags[2] = "b" }`, false},
		{`{ $.type = "platform.report" && $.record.metrics.initDurationMs > 0 }`, true},
		{`{ $.type = "platform.start" && $.record.metrics.initDurationMs > 0 }`, false},
		{`{ $.type = "platform.start" || $.record.metrics.initDurationMs > 0 }`, true},
		// && binds tighter than ||.
		{`{ $.type = "x" && $.type = "y" || $.record.status = "success" }`, true},
		{`{ $.type = "x" && ($.type = "y" || $.record.status = "success") }`, false},
	} {
		if got := MustParse(c.pattern).Match(event); got != c.want {
			t.Errorf("%s matched %v, want %v", c.pattern, got, c.want)
		}
	}
	if MustParse(`{ $.type = "x" }`).Match(`not json`) {
		t.Error("a plain-text event matched a JSON pattern")
	}
}

func TestValue(t *testing.T) {
	for _, c := range []struct {
		selector string
		want     float64
		ok       bool
	}{
		{"$.record.metrics.initDurationMs", 180.2, true},
		{"$.record.metrics.maxMemoryUsedMB", 64, true},
		{"$.record.metrics.restoreDurationMs", 0, false},
		{"$.record.status", 0, false},
	} {
		got, ok, err := Value(c.selector, event)
		if err != nil || ok != c.ok || got != c.want {
			t.Errorf("Value(%s) = %v, %v, %v; want %v, %v", c.selector, got, ok, err, c.want, c.ok)
		}
	}
	if _, _, err := Value("record.x", event); err == nil {
		t.Error("a selector without $ was accepted")
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ pattern, want string }{
		{`$.type = "x"`, "starts with {"},
		{`{ $.type = "x"`, "closing }"},
		{`{ $.type = "x" } extra`, "after the closing }"},
		{`{ $.type IS NULL }`, "IS, NOT EXISTS"},
		{`{ $.type = %ab% }`, "regular expressions"},
		{`{ $.type > "abc" }`, "compares numbers"},
		{`{ $ = 1 }`, "at least one field"},
		{`{ $.a[x] = 1 }`, "not a number"},
		{`{ ($.a = 1 }`, "expected )"},
		{`{ $.a = "open }`, "unterminated"},
		{`{ $.a = }`, "expected a value"},
	} {
		_, err := Parse(c.pattern)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an error containing %q", c.pattern, err, c.want)
		}
	}
}
