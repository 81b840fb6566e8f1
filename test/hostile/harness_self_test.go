//go:build linux

package hostile

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBoundsBite proves the harness can fail a case: a process that
// outlives the time bound is killed with its group at the bound, and one
// that goes over the memory bound is reported.
func TestBoundsBite(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("time", func(t *testing.T) {
		h := newH(t, Case{TimeBound: time.Second, MemBound: 64 << 20})
		start := time.Now()
		// sh starts a grandchild in the same group: both must die.
		r := h.start("/bin/sh", "-c", "sleep 30 & sleep 30").Wait()
		if !r.Killed || time.Since(start) > 5*time.Second {
			t.Errorf("a 30 s process under a 1 s bound: killed %v after %s", r.Killed, time.Since(start))
		}
		if v := h.violations(time.Since(start)); len(v) != 1 || !strings.Contains(v[0], "more than its bound of 1s") {
			t.Errorf("violations %q, want the time bound", v)
		}
	})
	t.Run("memory", func(t *testing.T) {
		h := newH(t, Case{TimeBound: 30 * time.Second, MemBound: 32 << 20})
		h.Env = []string{envAlloc + "=" + "100000000"}
		r := h.start(self).Wait()
		if r.Code != 0 || r.MaxRSS < 100e6 {
			t.Fatalf("a process that touches 100 MB: exit %d, peak RSS %d bytes\n%s", r.Code, r.MaxRSS, r.Out())
		}
		if v := h.violations(r.Elapsed); len(v) != 1 || !strings.Contains(v[0], "more than its bound of 32 MiB") {
			t.Errorf("violations %q, want the memory bound", v)
		}
	})
	t.Run("rlimit", func(t *testing.T) {
		// What the harness controls: the process it starts runs under a
		// data rlimit of its bound plus the headroom, as the kernel reports
		// it. (A Go process touching 2 GB under it was the check until it
		// exited 0 once in a full make test on a loaded machine; the
		// kernel, not the harness, decides how an allocation fails.)
		h := newH(t, Case{TimeBound: 30 * time.Second, MemBound: 1 << 20})
		want := strconv.FormatInt(1<<20+rlimitHeadroom, 10)
		r := h.start("/bin/cat", "/proc/self/limits").Wait()
		var got []string
		for _, line := range strings.Split(r.Stdout, "\n") {
			if strings.HasPrefix(line, "Max data size") {
				got = strings.Fields(strings.TrimPrefix(line, "Max data size"))
			}
		}
		if r.Code != 0 || len(got) < 2 || got[0] != want || got[1] != want {
			t.Errorf("the data rlimit under a bound of 1 MiB: %q, want %s bytes soft and hard (exit %d)\n%s", got, want, r.Code, r.Out())
		}
	})
	t.Run("inherited", func(t *testing.T) {
		// A process far smaller than the harness reports the harness's
		// peak (Go starts it sharing the harness's memory): that peak is
		// not counted as the process's, and above the bound it fails the
		// case as undecidable.
		h := newH(t, Case{TimeBound: 30 * time.Second, MemBound: 1 << 20})
		r := h.start("/bin/true").Wait()
		if !r.Inherited || r.MaxRSS < selfHWM()/2 {
			t.Errorf("/bin/true under a harness of %s: peak %s, inherited %v", mib(selfHWM()), mib(r.MaxRSS), r.Inherited)
		}
		v := h.violations(r.Elapsed)
		if len(v) != 1 || !strings.Contains(v[0], "decides nothing") {
			t.Errorf("violations %q, want the harness's own peak above the bound", v)
		}
	})
}
