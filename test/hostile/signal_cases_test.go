//go:build linux

package hostile

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Signals: invoke, load and serve stopped from outside while their
// function has left a child in a session of its own (a daemon), which no
// process-group kill reaches.

// detachedChildren waits up to 30 s until n detached children of the
// misbehaving function (sleep 300) run under tmp, and fails the test when
// fewer do.
func detachedChildren(t *testing.T, tmp string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		running := 0
		for _, pid := range leftovers(tmp) {
			if cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); bytes.Equal(cmd, []byte("sleep\x00300\x00")) {
				running++
			}
		}
		if running >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of the function's %d detached children started", running, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// interruptedBy sends sig to p and checks that it exits 1, saying it was
// interrupted, within 10 s, and leaves nothing under tmp.
func interruptedBy(t *testing.T, p *Proc, sig syscall.Signal, tmp string) {
	t.Helper()
	began := time.Now()
	p.Signal(sig)
	r := p.Wait()
	if r.Code != 1 || !strings.Contains(r.Stderr, "interrupted") || time.Since(began) > 10*time.Second {
		t.Errorf("exit %d after %v\n%s", r.Code, time.Since(began), r.Out())
	}
	cleanWithin(t, tmp, 5*time.Second)
}

// signalServe serves the misbehaving function, has it start a detached
// child, sends sig and checks that serve exits 0 with nothing left.
func signalServe(t *testing.T, h *H, sig syscall.Signal) {
	tmp := runTmp(t, h)
	p, url := serve(t, h, "--instances", "2", misbehaving(t, h, 256), "Fn")
	if got := statusCounts(url+"?detach=1", 1); got[200] != 1 {
		t.Fatalf("detach: %v", got)
	}
	detachedChildren(t, tmp, 1)
	r := stopServe(t, p, sig)
	if !strings.Contains(r.Stdout, "stopped after") {
		t.Errorf("no summary after %v:\n%s", sig, r.Out())
	}
	cleanWithin(t, tmp, 5*time.Second)
}

func init() {
	register(
		Case{Area: "signal", Name: "SIGINT to serve, whose function left a detached child",
			Want:      "exit 0 with its summary; no emulator, runtime or child of the function is left, nor its temporary folder (the detached child lived on)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) { signalServe(t, h, syscall.SIGINT) }},
		Case{Area: "signal", Name: "SIGTERM to serve, whose function left a detached child",
			Want:      "as SIGINT: exit 0, nothing left",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) { signalServe(t, h, syscall.SIGTERM) }},
		Case{Area: "signal", Name: "SIGHUP to serve (its terminal closed)",
			Want:      "as SIGINT: exit 0, nothing left (it died at once and left its temporary folder)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) { signalServe(t, h, syscall.SIGHUP) }},
		Case{Area: "signal", Name: "SIGTERM to invoke while the function runs, after it left a detached child",
			Want:      "exit 1 (interrupted) within seconds, nothing left",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				event := eventFile(t, h, `{"detach": 1, "sleepMs": 25000}`)
				p := h.Start("invoke", "--event", event, misbehaving(t, h, 256), "Fn")
				detachedChildren(t, tmp, 1)
				interruptedBy(t, p, syscall.SIGTERM, tmp)
			}},
		Case{Area: "signal", Name: "SIGTERM to invoke --count 4 of a Managed Instances function, its invocations running at once on worker threads, each leaving a detached child",
			Want:      "exit 1 (interrupted) within seconds; the runtime, its worker threads and every detached child are gone, with the temporary folder",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				event := eventFile(t, h, `{"detach": 1, "sleepMs": 25000}`)
				dir := runnableAssembly(t, h, runnable{ID: "Fn", Memory: 2048, Timeout: 30, MI: 4, Files: map[string][]byte{"index.mjs": misbehaveSource(t)}})
				p := h.Start("invoke", "--count", "4", "--event", event, dir, "Fn")
				detachedChildren(t, tmp, 4) // the four invocations run at once
				interruptedBy(t, p, syscall.SIGTERM, tmp)
			}},
		Case{Area: "signal", Name: "SIGINT to load mid-ramp, its function leaving detached children",
			Want:      "exit with the report of what ran (1: interrupted), nothing left",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				event := eventFile(t, h, `{"detach": 1, "sleepMs": 200}`)
				dir := misbehaving(t, h, 256)
				p := h.Start("load", "--event", event, "--rate", "4", "--ramp-to", "4", "--duration", "60s", "--instances", "2", "--svg", filepath.Join(h.Dir(), "chart.svg"), dir, "Fn")
				detachedChildren(t, tmp, 1)
				time.Sleep(time.Second)
				p.Signal(syscall.SIGINT)
				r := p.Wait()
				if r.Code != 1 || !strings.Contains(r.Stdout, "requests     due") {
					t.Errorf("exit %d\n%s", r.Code, r.Out())
				}
				cleanWithin(t, tmp, 5*time.Second)
			}},
		Case{Area: "signal", Name: "SIGKILL to serve, then another invoke",
			Want:      "the next invoke, load or serve removes the temporary folder the killed one left and kills the processes it left (a SIGKILL cannot be caught: both stayed for good)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				dir := misbehaving(t, h, 256)
				p, url := serve(t, h, "--instances", "2", dir, "Fn")
				if got := statusCounts(url+"?detach=1", 1); got[200] != 1 {
					t.Fatalf("detach: %v", got)
				}
				detachedChildren(t, tmp, 1)
				p.Signal(syscall.SIGKILL)
				p.Wait()
				if len(runFolders(tmp)) == 0 {
					t.Fatal("a SIGKILLed serve left no run folder: nothing to prove")
				}
				if r := h.CLI("invoke", dir, "Fn"); r.Code != 0 {
					t.Errorf("the next invoke: exit %d\n%s", r.Code, r.Out())
				}
				cleanWithin(t, tmp, 5*time.Second)
			}},
	)
}
