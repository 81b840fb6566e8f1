package localinvoke

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Result is one invocation.
type Result struct {
	// Payload is the function's response, or Lambda's error object.
	Payload []byte `json:"-"`
	// FunctionError is the error type when the function failed
	// ("Runtime.ExitError", "Sandbox.Timedout", a handler's error name),
	// "" when it answered.
	FunctionError string `json:"functionError,omitempty"`
	// Cause is what the emulator's log said about a failed invocation
	// ("Invoke failed error=Runtime exited with error: exit status 4"), ""
	// when it said nothing (a handler's own error is in Payload). A runtime
	// that exits after answering fails the invocation with its response in
	// Payload: only Cause says why.
	Cause string `json:"cause,omitempty"`
	// Logs is the function's output during this invocation (and its init).
	Logs string `json:"-"`
	// CrossTalk are the request ids of other invocations of its Managed
	// Instances environment that the response names: it carries state of
	// another invocation (a request id kept at module level). Empty when
	// it names only its own, and on demand.
	CrossTalk []string `json:"crossTalk,omitempty"`
	// Report is the invocation's measured REPORT.
	Report Report `json:"report"`
}

// Report is the measured REPORT of an invocation: see the package
// documentation for where each value comes from.
type Report struct {
	// RequestID of the invocation.
	RequestID string `json:"requestId"`
	// Cold is set when the runtime started (or restarted) for this
	// invocation; InitDuration is then its init phase.
	Cold bool `json:"cold"`
	// InitDuration is the init phase of a cold start; 0 when warm.
	InitDuration time.Duration `json:"-"`
	// Duration is the handler's time: from the event handed to the runtime
	// to its response.
	Duration time.Duration `json:"-"`
	// Billed is Init and Duration rounded up to the millisecond: Lambda
	// bills the INIT phase too since August 2025.
	BilledDuration time.Duration `json:"-"`
	// MemorySizeMB is the configured memory.
	MemorySizeMB int `json:"memorySizeMB"`
	// MaxMemoryUsedMB is the runtime process's peak resident set size; 0
	// when the process was gone before it could be read (a crash).
	MaxMemoryUsedMB int `json:"maxMemoryUsedMB,omitempty"`
	// Latency is the round trip of the invoke request on loopback.
	Latency time.Duration `json:"-"`
	// Emulator is the emulator's own REPORT line, when it printed one.
	Emulator *EmulatorReport `json:"emulator,omitempty"`
	// Emulated names the user-mode emulator the runtime ran under
	// ("qemu-aarch64"): the durations are then the emulator's, good to
	// check behaviour, not speed. "" when the runtime ran natively.
	Emulated string `json:"emulated,omitempty"`
	// Managed says the invocation ran in a Managed Instances environment:
	// never cold (the environment initialized before it), no duration
	// billed (BilledDuration is 0: Managed Instances bill instance-hours),
	// and Max Memory Used is the environment's, all its invocations
	// together.
	Managed bool `json:"managedInstances,omitempty"`
	// InFlight is, on Managed Instances, the invocations its environment
	// held when the runtime took this one, itself included.
	InFlight int `json:"inFlight,omitempty"`
}

// String renders the report as Lambda's REPORT line.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "REPORT RequestId: %s\t", r.RequestID)
	if r.Cold {
		fmt.Fprintf(&b, "Init Duration: %s ms\t", ms(r.InitDuration))
	}
	if r.Managed {
		fmt.Fprintf(&b, "Duration: %s ms\tMemory Size: %d MB", ms(r.Duration), r.MemorySizeMB)
	} else {
		fmt.Fprintf(&b, "Duration: %s ms\tBilled Duration: %.0f ms\tMemory Size: %d MB",
			ms(r.Duration), r.BilledDuration.Seconds()*1000, r.MemorySizeMB)
	}
	if r.MaxMemoryUsedMB > 0 {
		fmt.Fprintf(&b, "\tMax Memory Used: %d MB", r.MaxMemoryUsedMB)
	}
	if r.Managed {
		fmt.Fprintf(&b, "\tIn Flight: %d (Managed Instances: no duration billed; memory is the environment's)", r.InFlight)
	}
	if r.Emulated != "" {
		fmt.Fprintf(&b, "\tEmulated: %s (timings check behaviour, not speed)", r.Emulated)
	}
	return b.String()
}

// MarshalJSON writes durations in milliseconds.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	out := struct {
		plain
		InitDurationMs   *float64 `json:"initDurationMs,omitempty"`
		DurationMs       float64  `json:"durationMs"`
		BilledDurationMs float64  `json:"billedDurationMs"`
		LatencyMs        float64  `json:"latencyMs"`
	}{plain: plain(r), DurationMs: msFloat(r.Duration), BilledDurationMs: msFloat(r.BilledDuration), LatencyMs: msFloat(r.Latency)}
	if r.Cold {
		v := msFloat(r.InitDuration)
		out.InitDurationMs = &v
	}
	return json.Marshal(out)
}

func ms(d time.Duration) string { return strconv.FormatFloat(msFloat(d), 'f', 2, 64) }

func msFloat(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }
