package localinvoke

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseReport(t *testing.T) {
	line := "REPORT RequestId: e1055ee7-9d17-4b25-b9d7-84b29007c1a4\tInit Duration: 0.03 ms\tDuration: 7.59 ms\tBilled Duration: 8 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\t\n"
	id, r, ok := ParseReport(line)
	if !ok || id != "e1055ee7-9d17-4b25-b9d7-84b29007c1a4" {
		t.Fatalf("id %q ok %v", id, ok)
	}
	if r.InitDuration != 30*time.Microsecond || r.Duration != 7590*time.Microsecond || r.BilledDuration != 8*time.Millisecond ||
		r.MemorySizeMB != 256 || r.MaxMemoryUsedMB != 256 {
		t.Errorf("report = %+v", r)
	}
	if _, _, ok := ParseReport("START RequestId: x Version: $LATEST"); ok {
		t.Error("a START line parsed as a REPORT")
	}
}

// The emulator's output for a cold then a warm invocation, as recorded
// from aws-lambda-rie at EmulatorVersion.
const (
	recordedStdout = "init log line\n" +
		"START RequestId: a Version: $LATEST\n" +
		"handler log a\n" +
		"END RequestId: a\n" +
		"REPORT RequestId: a\tInit Duration: 0.03 ms\tDuration: 7.59 ms\tBilled Duration: 8 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\t\n" +
		"START RequestId: b Version: $LATEST\n" +
		"END RequestId: b\n" +
		"REPORT RequestId: b\tDuration: 0.68 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\t\n"
	recordedStderr = "26 Nov 2026 16:16:14,049 [INFO] (rapid) exec './bootstrap' (cwd=/tmp/gofn, handler=)\n" +
		"26 Nov 2026 16:16:14,548 [INFO] (rapid) INIT START(type: on-demand, phase: init)\n" +
		"26 Nov 2026 16:16:14,555 [INFO] (rapid) INIT RTDONE(status: success)\n" +
		"26 Nov 2026 16:16:14,555 [INFO] (rapid) INIT REPORT(durationMs: 6.384000)\n" +
		"26 Nov 2026 16:16:14,555 [INFO] (rapid) INVOKE START(requestId: a)\n" +
		"26 Nov 2026 16:16:14,556 [INFO] (rapid) INVOKE RTDONE(status: success, produced bytes: 0, duration: 0.996000ms)\n" +
		"26 Nov 2026 16:16:14,571 [INFO] (rapid) INVOKE START(requestId: b)\n" +
		"26 Nov 2026 16:16:14,572 [INFO] (rapid) INVOKE RTDONE(status: success, produced bytes: 0, duration: 0.532000ms)\n"
	// A runtime that cannot start: no REPORT, an empty 502.
	failedStderr = "26 Nov 2026 16:16:06,055 [INFO] (rapid) INIT START(type: on-demand, phase: invoke)\n" +
		"26 Nov 2026 16:16:06,055 [WARNING] (rapid) First fatal error stored in appctx: Runtime.InvalidEntrypoint\n" +
		"26 Nov 2026 16:16:06,055 [INFO] (rapid) INIT REPORT(durationMs: 0.170000)\n" +
		"26 Nov 2026 16:16:06,055 [INFO] (rapid) INVOKE START(requestId: c)\n" +
		"26 Nov 2026 16:16:06,055 [ERROR] (rapid) Invoke failed error=exec: \"./bootstrap\": permission denied InvokeID=c\n" +
		"26 Nov 2026 16:16:06,055 [ERROR] (rapid) Invoke DONE failed: Runtime.InvalidEntrypoint\n" +
		"26 Nov 2026 16:16:06,055 [WARNING] (rapid) Reset initiated: ReleaseFail\n"
)

func feed(s *logState, stdout, stderr string) {
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if l != "" {
			s.stderrLine(l)
		}
	}
	for _, l := range strings.SplitAfter(stdout, "\n") {
		if l != "" {
			s.stdoutLine(l)
		}
	}
}

func TestLogStateFollowsInvocations(t *testing.T) {
	var echo strings.Builder
	s := newLogState(&echo, nil)
	feed(s, recordedStdout, recordedStderr)
	done := func(l *invocationLog) bool { return l.emulator != nil && l.rtDone }
	soon := time.Now().Add(time.Second)

	a := s.wait("a", soon, nil, done)
	if !a.cold || a.init != 6384*time.Microsecond || a.duration != 996*time.Microsecond || a.emulator == nil || a.emulator.Duration != 7590*time.Microsecond {
		t.Errorf("cold invocation: %+v", a)
	}
	if got := a.output.String(); got != "init log line\nhandler log a\n" {
		t.Errorf("cold invocation output %q, want the init output then the handler's", got)
	}
	b := s.wait("b", soon, nil, done)
	if b.cold || b.init != 0 || b.duration != 532*time.Microsecond || b.output.String() != "" {
		t.Errorf("warm invocation: %+v", b)
	}
	if echo.String() != "init log line\nhandler log a\n" {
		t.Errorf("echoed %q", echo.String())
	}
	if len(s.byID) > 1 {
		t.Errorf("%d invocations kept after they were taken", len(s.byID))
	}
}

// The REPORT (stdout) and the runtime log (stderr) come through two pipes
// read by two goroutines: on a busy machine the REPORT of a cold start can
// be read before the INVOKE START that says it was cold. collect waits for
// both (CI once reported the restart after a crash as warm).
func TestCollectWaitsForBothStreams(t *testing.T) {
	const (
		stdout = "START RequestId: d Version: $LATEST\n" +
			"END RequestId: d\n" +
			"REPORT RequestId: d\tInit Duration: 0.02 ms\tDuration: 160.10 ms\tBilled Duration: 161 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\t\n"
		// Recorded from aws-lambda-rie: the invocation after a crash.
		stderr = "27 Nov 2026 03:35:53,871 [INFO] (rapid) INIT START(type: on-demand, phase: invoke)\n" +
			"27 Nov 2026 03:35:54,029 [INFO] (rapid) INIT RTDONE(status: success)\n" +
			"27 Nov 2026 03:35:54,029 [INFO] (rapid) INIT REPORT(durationMs: 158.621000)\n" +
			"27 Nov 2026 03:35:54,029 [INFO] (rapid) INVOKE START(requestId: d)\n" +
			"27 Nov 2026 03:35:54,031 [INFO] (rapid) INVOKE RTDONE(status: success, produced bytes: 0, duration: 1.322000ms)\n"
	)
	for _, late := range []time.Duration{0, 30 * time.Millisecond, 300 * time.Millisecond} {
		s := newLogState(nil, nil)
		feed(s, stdout, "")
		go func() {
			time.Sleep(late)
			feed(s, "", stderr)
		}()
		d := s.collect("d", time.Second, nil)
		if !d.cold || d.init != 158621*time.Microsecond || !d.rtDone || d.duration != 1322*time.Microsecond || d.emulator == nil {
			t.Errorf("runtime log %v after the REPORT: cold %v init %v rtDone %v duration %v", late, d.cold, d.init, d.rtDone, d.duration)
		}
	}

	t.Run("a REPORT without a runtime log ends at the grace", func(t *testing.T) {
		s := newLogState(nil, nil)
		feed(s, stdout, "")
		began := time.Now()
		d := s.collect("d", 100*time.Millisecond, nil)
		if took := time.Since(began); d.emulator == nil || d.started || took < 100*time.Millisecond || took > time.Second {
			t.Errorf("got %+v after %v", d, took)
		}
	})
}

// What a runtime writes after an invocation was returned (a runtime that
// fails between invocations says why, then exits) goes to the next one,
// whose error it explains, not to the one already returned.
func TestLogStateGivesLateOutputToTheNextInvocation(t *testing.T) {
	s := newLogState(nil, nil)
	feed(s, recordedStdout[:strings.Index(recordedStdout, "START RequestId: b")], recordedStderr[:strings.Index(recordedStderr, "26 Nov 2026 16:16:14,571")])
	done := func(l *invocationLog) bool { return l.emulator != nil && l.rtDone }
	if a := s.wait("a", time.Now().Add(time.Second), nil, done); !a.rtDone {
		t.Fatalf("invocation a: %+v", a)
	}
	const late = "echo: next: connection reset by peer\n"
	for _, stdoutFirst := range []bool{false, true} {
		id := fmt.Sprintf("b%v", stdoutFirst)
		start := "START RequestId: " + id + " Version: $LATEST\n"
		if stdoutFirst { // the two streams are read apart: either order happens
			feed(s, start, "")
			feed(s, "", late)
		} else {
			feed(s, "", late)
			feed(s, start, "")
		}
		feed(s, "END RequestId: "+id+"\n", "26 Nov 2026 16:16:14,571 [INFO] (rapid) INVOKE START(requestId: "+id+")\n")
		b := s.wait(id, time.Now().Add(20*time.Millisecond), nil, done)
		if got := b.output.String(); got != late {
			t.Errorf("stdout's START first %v: next invocation's output %q, want the line written between the two", stdoutFirst, got)
		}
	}
}

func TestLogStateKeepsWhyAnInvocationFailed(t *testing.T) {
	s := newLogState(nil, nil)
	feed(s, "START RequestId: c Version: $LATEST\n", failedStderr)
	c := s.wait("c", time.Now().Add(50*time.Millisecond), nil, func(l *invocationLog) bool { return l.emulator != nil })
	if !c.cold || c.emulator != nil || c.rtDone {
		t.Errorf("failed invocation: %+v", c)
	}
	want := []string{"First fatal error stored in appctx: Runtime.InvalidEntrypoint", `Invoke failed error=exec: "./bootstrap": permission denied InvokeID=c`}
	if strings.Join(c.problems, "|") != strings.Join(want, "|") {
		t.Errorf("problems = %q\nwant %q", c.problems, want)
	}
	if got := functionError(502, nil, c.problems); got != "Runtime.InvalidEntrypoint" {
		t.Errorf("functionError = %q", got)
	}
}

func TestFunctionError(t *testing.T) {
	for _, c := range []struct {
		name    string
		status  int
		payload string
		want    string
	}{
		{"a response is no error", 200, `{"statusCode":404,"body":"{}"}`, ""},
		{"Lambda's error object names the type", 200, `{"errorType":"EchoError","errorMessage":"boom"}`, "EchoError"},
		{"Node.js errors carry a trace", 200, `{"errorType":"TypeError","errorMessage":"x","trace":["TypeError: x"]}`, "TypeError"},
		{"a response that only looks like an error is a response", 200, `{"errorType":"x","errorMessage":"y","data":1}`, ""},
		{"the emulator's timeout text", 200, "Task timed out after 1.00 seconds", "Sandbox.Timedout"},
		{"another status without a known cause", 500, "", "Runtime.Unknown"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := functionError(c.status, []byte(c.payload), nil); got != c.want {
				t.Errorf("functionError = %q, want %q", got, c.want)
			}
		})
	}
}

func TestReportString(t *testing.T) {
	r := Report{RequestID: "id", Cold: true, InitDuration: 45123 * time.Microsecond, Duration: 1234 * time.Microsecond,
		BilledDuration: 47 * time.Millisecond, MemorySizeMB: 256, MaxMemoryUsedMB: 18}
	want := "REPORT RequestId: id\tInit Duration: 45.12 ms\tDuration: 1.23 ms\tBilled Duration: 47 ms\tMemory Size: 256 MB\tMax Memory Used: 18 MB"
	if r.String() != want {
		t.Errorf("got  %q\nwant %q", r.String(), want)
	}
	r.Cold, r.MaxMemoryUsedMB = false, 0
	if strings.Contains(r.String(), "Init Duration") || strings.Contains(r.String(), "Max Memory Used") {
		t.Errorf("a warm report without a memory reading: %q", r.String())
	}
}
