package localinvoke

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// misbehave is testdata/misbehave as a Node.js function of memory MiB.
func misbehave(id string, memory int) testFn {
	return testFn{ID: id, Runtime: "nodejs24.x", Handler: "index.handler", Memory: memory, Timeout: 10,
		Files: map[string]string{"index.mjs": "@testdata/misbehave/index.mjs"}}
}

func TestTheMemoryCapStopsTheRuntimeAsLambdaDoes(t *testing.T) {
	for _, c := range []struct {
		name string
		fn   testFn
	}{
		{"Node.js", misbehave("Node", 128)},
		{"Python", testFn{ID: "Python", Runtime: "python3.13", Handler: "app.handler", Memory: 128, Timeout: 10,
			Files: map[string]string{"app.py": "@testdata/misbehave/app.py"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := start(t, writeAssembly(t, c.fn), c.fn.ID+"Function", Options{})
			if r := invoke(t, in, `{"holdMiB": 32}`); r.FunctionError != "" || r.Report.MaxMemoryUsedMB > 128 {
				t.Fatalf("32 MiB in a 128 MiB function: %s %s (%s), %d MB used", r.FunctionError, r.Payload, r.Cause, r.Report.MaxMemoryUsedMB)
			}
			began := time.Now()
			r := invoke(t, in, `{"holdMiB": 400}`)
			// Killed by the watch, or, on a machine that fills memory
			// faster than it samples, dead of its own out-of-memory error
			// at the limits set from the memory size.
			ownDeath := strings.Contains(r.Cause, "the runtime ran out of memory")
			if r.FunctionError != "Runtime.ExitError" || !(strings.Contains(r.Cause, "signal: killed") || ownDeath) || !strings.Contains(r.Cause, "MemorySize of 128 MiB") {
				t.Errorf("400 MiB in a 128 MiB function: %q %s (%s)", r.FunctionError, r.Payload, r.Cause)
			}
			if !ownDeath && (r.Report.MaxMemoryUsedMB <= 128 || r.Report.MaxMemoryUsedMB > 128+200) {
				t.Errorf("Max Memory Used %d MB when killed: above 128, and stopped near it", r.Report.MaxMemoryUsedMB)
			}
			t.Logf("killed after %v at %d MB", time.Since(began).Round(time.Millisecond), r.Report.MaxMemoryUsedMB)
			// As on Lambda, the next invocation starts a new runtime.
			if r := invoke(t, in, `{"holdMiB": 1}`); r.FunctionError != "" || !r.Report.Cold {
				t.Errorf("after the kill: %q %s, cold %v", r.FunctionError, r.Payload, r.Report.Cold)
			}
		})
	}
}

func TestPayloadsAreCappedAtLambdasLimits(t *testing.T) {
	in := start(t, writeAssembly(t, misbehave("Pay", 512)), "PayFunction", Options{})
	// A JSON string of exactly 6 MiB reaches the function whole.
	full := `"` + strings.Repeat("a", lambda.MaxSyncRequestBytes-2) + `"`
	r, err := in.Invoke(context.Background(), []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ EventBytes int }
	if json.Unmarshal(r.Payload, &got); got.EventBytes != lambda.MaxSyncRequestBytes {
		t.Errorf("a 6 MiB event arrived as %d bytes (%s %s)", got.EventBytes, r.FunctionError, clip(string(r.Payload), 200))
	}
	// One byte more is refused with Lambda's words, before the emulator
	// (which cut it at 6 MiB + 100 and made it the function's SyntaxError).
	over := `"` + strings.Repeat("a", 10<<20) + `"`
	if _, err := in.Invoke(context.Background(), []byte(over)); !errors.Is(err, ErrRequestTooLarge) ||
		!strings.Contains(err.Error(), "RequestEntityTooLargeException: Request must be smaller than 6291456 bytes for the InvokeFunction operation") {
		t.Errorf("a 10 MiB event: %v", err)
	}
	r = invoke(t, in, `{"respondBytes": 7000000}`)
	if r.FunctionError != "Function.ResponseSizeTooLarge" || ErrorMessage(r.Payload) != lambda.ResponseTooLargeMessage() {
		t.Errorf("a 7 MB response: %q %s", r.FunctionError, clip(string(r.Payload), 200))
	}
	if r := invoke(t, in, `{}`); r.FunctionError != "" {
		t.Errorf("after an oversized response: %q %s", r.FunctionError, r.Payload)
	}
}

func TestCloseStopsAChildThatLeftTheProcessGroup(t *testing.T) {
	fn, err := Load(writeAssembly(t, misbehave("Detach", 256)), "DetachFunction")
	if err != nil {
		t.Fatal(err)
	}
	in, err := Start(context.Background(), fn, Options{Emulator: emulator(t)})
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Pid int }
	if r := invoke(t, in, `{"detach": true}`); json.Unmarshal(r.Payload, &got) != nil || got.Pid == 0 {
		t.Fatalf("detach: %s %s", r.FunctionError, r.Payload)
	}
	if !alive(got.Pid) {
		t.Fatalf("the detached child %d is not running", got.Pid)
	}
	began := time.Now()
	in.Close()
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("Close took %v with a child holding the output pipes", took)
	}
	deadline := time.Now().Add(2 * time.Second)
	for alive(got.Pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if alive(got.Pid) {
		t.Errorf("the detached child %d outlived Close", got.Pid)
	}
}

// A runtime that dies of its own out-of-memory error is named as out of
// memory, with the line that says so, whichever runtime printed it.
func TestARuntimesOwnOutOfMemoryDeathIsNamed(t *testing.T) {
	for _, c := range []struct{ output, want string }{
		{"<--- JS stacktrace --->\n\nFATAL ERROR: Committing semi space failed. Allocation failed - JavaScript heap out of memory\n 1: 0xb78db3 node::OOMErrorHandler",
			"FATAL ERROR: Committing semi space failed. Allocation failed - JavaScript heap out of memory"},
		{"Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n\tat Handler.run", `Exception in thread "main" java.lang.OutOfMemoryError: Java heap space`},
		{"fatal error: runtime: out of memory\n\nruntime stack:", "fatal error: runtime: out of memory"},
		{"Unhandled exception. System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.",
			"Unhandled exception. System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown."},
		{"FATAL ERROR: heap out of memory\x1b[2J", ""},
		{"Error: Cannot find module 'x'", ""},
	} {
		if got := outOfMemory(c.output); got != c.want {
			t.Errorf("outOfMemory(%q) = %q, want %q", c.output, got, c.want)
		}
	}
	cause := outOfMemoryCause("FATAL ERROR: x - JavaScript heap out of memory", 128)
	if !strings.Contains(cause, "MemorySize of 128 MiB") || !strings.Contains(cause, "JavaScript heap out of memory") {
		t.Errorf("the cause does not say the memory size and the line: %s", cause)
	}
}
