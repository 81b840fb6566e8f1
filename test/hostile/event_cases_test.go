//go:build linux

package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Events: what invoke, load and serve read as an invocation's payload.

// lambdaRequestTooLarge is Lambda's own text for a synchronous request
// above its limit.
const lambdaRequestTooLarge = "RequestEntityTooLargeException: Request must be smaller than 6291456 bytes for the InvokeFunction operation"

// writeJSONString writes a JSON string of exactly n bytes, quotes
// included, to path, a chunk at a time: the harness keeps its own peak
// memory low, since a process it starts reports that peak as its own
// (see Result.Inherited).
func writeJSONString(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	_, err = f.WriteString(`"`)
	for left := n - 2; left > 0 && err == nil; left -= len(chunk) {
		_, err = f.Write(chunk[:min(left, len(chunk))])
	}
	if err == nil {
		_, err = f.WriteString(`"`)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

func init() {
	register(
		Case{Area: "event", Name: "invoke --event /dev/zero",
			Want:      "exit 2 at once: not a regular file (a device); nothing is read (it read until the kernel's OOM killer stopped it at 23.8 GB)",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				runTmp(t, h)
				r := h.CLI("invoke", "--event", "/dev/zero", misbehaving(t, h, 256), "Fn")
				if r.Code != 2 || !strings.Contains(r.Stderr, "not a regular file (a device)") {
					t.Errorf("exit %d\n%s", r.Code, r.Out())
				}
			}},
		Case{Area: "event", Name: "load --event /dev/zero",
			Want:      "exit 2 at once, as invoke: nothing is read, nothing runs",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				runTmp(t, h)
				r := h.CLI("load", "--event", "/dev/zero", "--rate", "1", "--ramp-to", "1", "--duration", "1s", misbehaving(t, h, 256), "Fn")
				if r.Code != 2 || !strings.Contains(r.Stderr, "not a regular file (a device)") {
					t.Errorf("exit %d\n%s", r.Code, r.Out())
				}
			}},
		Case{Area: "event", Name: "invoke --event naming a FIFO no one writes",
			Want:      "exit 2 at once: not a regular file (a FIFO); it is never opened for a read that would wait for a writer",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				runTmp(t, h)
				fifo := filepath.Join(h.Dir(), "event.json")
				if err := syscall.Mkfifo(fifo, 0o600); err != nil {
					t.Fatal(err)
				}
				r := h.CLI("invoke", "--event", fifo, misbehaving(t, h, 256), "Fn")
				if r.Code != 2 || !strings.Contains(r.Stderr, "not a regular file (a FIFO)") {
					t.Errorf("exit %d\n%s", r.Code, r.Out())
				}
			}},
		Case{Area: "event", Name: "invoke --event of 10 MiB of JSON",
			Want: "exit 2 with Lambda's own words, " + lambdaRequestTooLarge + ", and the function does not run; " +
				"an event of exactly 6,291,456 bytes reaches it whole (the emulator cut the 10 MiB event at 6 MiB and the function reported it as its own SyntaxError)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				dir := misbehaving(t, h, 256)
				events := h.Dir()
				big, exact := filepath.Join(events, "big.json"), filepath.Join(events, "exact.json")
				writeJSONString(t, big, 10<<20)
				writeJSONString(t, exact, 6<<20)
				r := h.CLI("invoke", "--event", big, dir, "Fn")
				if r.Code != 2 || !strings.Contains(r.Stderr, lambdaRequestTooLarge) || strings.Contains(r.Out(), "SyntaxError") {
					t.Errorf("10 MiB: exit %d\n%s", r.Code, r.Out())
				}
				r = h.CLI("invoke", "--format", "json", "--event", exact, dir, "Fn")
				var out struct {
					Invocations []struct{ Response struct{ EventBytes int } }
				}
				if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil || len(out.Invocations) != 1 || out.Invocations[0].Response.EventBytes != 6<<20 {
					t.Errorf("exactly 6 MiB: exit %d, %v\n%s", r.Code, err, clipOut(r.Out()))
				}
				cleanWithin(t, tmp, 5*time.Second)
			}},
		Case{Area: "event", Name: "invoke with an event that makes a 128 MiB function hold 1 GiB",
			Want:      "exit 1: the runtime is killed near 128 MiB as Lambda kills it, Runtime.ExitError (signal: killed), with how much it held (it held the whole GiB); where it fills memory faster than the watch samples (a CI machine: 320 MiB in under 25 ms), it dies of its own out-of-memory error and the cause says so, naming the MemorySize",
			TimeBound: runBound, MemBound: 384 << 20,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				event := eventFile(t, h, `{"holdMiB": 1024}`)
				r := h.CLI("invoke", "--event", event, misbehaving(t, h, 128), "Fn")
				if r.Code != 1 || !strings.Contains(r.Stderr, "function error: Runtime.ExitError") || !strings.Contains(r.Out(), "MemorySize of 128 MiB") {
					t.Errorf("exit %d\n%s", r.Code, clipOut(r.Out()))
				}
				cleanWithin(t, tmp, 5*time.Second)
			}},
		Case{Area: "event", Name: "load --event of 10 MiB of JSON",
			Want:      "exit 2 before the ramp with Lambda's own words (" + lambdaRequestTooLarge + "), not thousands of invocations of a cut event",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				runTmp(t, h)
				big := filepath.Join(h.Dir(), "big.json")
				writeJSONString(t, big, 10<<20)
				r := h.CLI("load", "--event", big, "--rate", "5", "--ramp-to", "5", "--duration", "2s", misbehaving(t, h, 256), "Fn")
				if r.Code != 2 || !strings.Contains(r.Stderr, lambdaRequestTooLarge) {
					t.Errorf("exit %d\n%s", r.Code, clipOut(r.Out()))
				}
			}},
		Case{Area: "event", Name: "serve: a 5 MiB binary body, whose base64 event passes 6 MiB",
			Want:      "413 at once, the function does not run, and the next request is answered (the emulator cut the event and the function failed on it: a 502)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				withServe(t, h, 1, 256, func(s *serving) {
					url := s.URL
					resp, err := http.Post(url+"upload", "application/octet-stream", bytes.NewReader(bytes.Repeat([]byte{0xff}, 5<<20)))
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusRequestEntityTooLarge {
						t.Errorf("a 5 MiB binary body: %d, want 413", resp.StatusCode)
					}
					if got := statusCounts(url+"ok", 2); got[200] != 2 {
						t.Errorf("after it: %v", got)
					}
				})
			}},
	)
}

// clipOut keeps messages short when a run printed megabytes.
func clipOut(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("... (%d bytes)", len(s))
	}
	return s
}
