//go:build linux

package hostile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// What load writes (its chart, an Artillery script and its processor) and
// reads besides the assembly (the reports it compares).

// oneRequest is a load run of one request.
var oneRequest = []string{"--rate", "1", "--ramp-to", "1", "--duration", "1s"}

// filesUnder lists the files below root, except below skip.
func filesUnder(t *testing.T, root, skip string) []string {
	t.Helper()
	var out []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		if p == skip {
			return filepath.SkipDir
		}
		if !info.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// plantLink makes at a symbolic link to a new file outside that holds
// "keep", and returns a check that fails the case unless it still does.
func plantLink(t *testing.T, h *H, at string) (untouched func()) {
	t.Helper()
	victim := filepath.Join(h.Dir(), "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, at); err != nil {
		t.Fatal(err)
	}
	return func() {
		if b, _ := os.ReadFile(victim); string(b) != "keep" {
			t.Errorf("the file behind the link now holds %q", clipOut(string(b)))
		}
	}
}

func init() {
	register(
		Case{Area: "output", Name: "load on a function whose logical id is x/../../../escaped",
			Want:      "the chart is written in the assembly folder as lambdaperf-load-x_.._.._.._escaped.svg; nothing outside it (the id's ../ put the chart two folders up)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				tmp := runTmp(t, h)
				root := h.Dir()
				built := runnableAssembly(t, h, runnable{ID: "x/../../../escaped", Memory: 256, Timeout: 30, Files: map[string][]byte{"index.mjs": misbehaveSource(t)}})
				dir := filepath.Join(root, "a", "b", "cdk.out") // the id's ../ would land in root/a
				if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(built, dir); err != nil {
					t.Fatal(err)
				}
				r := h.CLI(append(append([]string{"load"}, oneRequest...), dir, "x/../../../escaped")...)
				if r.Code != 0 {
					t.Errorf("exit %d\n%s", r.Code, clipOut(r.Out()))
				}
				if outside := filesUnder(t, root, dir); len(outside) != 0 {
					t.Errorf("written outside the assembly: %v", outside)
				}
				if _, err := os.Stat(filepath.Join(dir, "lambdaperf-load-x_.._.._.._escaped.svg")); err != nil {
					t.Errorf("the chart: %v", err)
				}
				cleanWithin(t, tmp, 5*time.Second)
			}},
		Case{Area: "output", Name: "load where the assembly holds a link at its chart's name, to a file outside",
			Want:      "exit 2 before the run, refusing to write through the link; the file outside is untouched (it was overwritten with the chart)",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				runTmp(t, h)
				dir := misbehaving(t, h, 256)
				untouched := plantLink(t, h, filepath.Join(dir, "lambdaperf-load-Fn.svg"))
				r := h.CLI(append(append([]string{"load"}, oneRequest...), dir, "Fn")...)
				if r.Code != 2 || !strings.Contains(r.Stderr, "refusing to write through it") {
					t.Errorf("exit %d\n%s", r.Code, clipOut(r.Out()))
				}
				untouched()
			}},
		Case{Area: "output", Name: "load --artillery FILE where a link to a file outside sits at the processor's name beside it",
			Want:      "exit 2, refusing to write through the link; the file outside is untouched (it was overwritten with the processor)",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				out := h.Dir()
				untouched := plantLink(t, h, filepath.Join(out, "lambdaperf-artillery.cjs"))
				r := h.CLI("load", "--url", "https://abcdefghij.lambda-url.us-east-1.on.aws/", "--artillery", filepath.Join(out, "load.yml"))
				if r.Code != 2 || !strings.Contains(r.Stderr, "refusing to write through it") {
					t.Errorf("exit %d\n%s", r.Code, r.Out())
				}
				untouched()
			}},
		Case{Area: "load report", Name: "load --compare with a report that is a FIFO no one writes",
			Want:      "exit 2 at once: not a regular file (a FIFO) (it waited for a writer forever)",
			TimeBound: localQuick, MemBound: localSmall,
			Run: func(t *testing.T, h *H) {
				dir := h.Dir()
				a, b := filepath.Join(dir, "before.json"), filepath.Join(dir, "after.json")
				if err := syscall.Mkfifo(a, 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(b, []byte(`{}`), 0o644); err != nil {
					t.Fatal(err)
				}
				r := h.CLI("load", "--compare", a, b)
				if r.Code != 2 || !strings.Contains(r.Stderr, "not a regular file (a FIFO)") {
					t.Errorf("exit %d\n%s", r.Code, r.Out())
				}
			}},
	)
}
