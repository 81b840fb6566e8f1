//go:build linux

package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// What the cases of invoke, load and serve share: an assembly of functions
// lambdaperf runs on the emulator, a temporary folder of the case for the
// runs (TMPDIR), and a look at what the runs left behind there.

// Bounds of a case that runs functions: the emulator and a Node.js runtime
// start in about a second on an idle machine, and the peak resident memory
// the kernel reports for lambdaperf includes the runtime it waited for
// (Node.js: 50 to 80 MiB).
const (
	runBound = 60 * time.Second
	runMem   = 256 << 20
	// localQuick and localSmall bound a run refused before anything
	// starts: well under a second and 30 MiB here.
	localQuick = 20 * time.Second
	localSmall = 128 << 20
)

// misbehaveSource is localinvoke's test function that misbehaves on
// request (detach, holdMiB, sleepMs, respondBytes): one file, no
// dependencies.
func misbehaveSource(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoDir(), "localinvoke", "testdata", "misbehave", "index.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runnable is a Node.js function of a local assembly: its memory size in
// MiB, its timeout in seconds and its asset's files.
type runnable struct {
	ID              string
	Memory, Timeout int
	Files           map[string][]byte
	// MI puts it on a Managed Instances capacity provider at this
	// per-environment concurrency, on two worker threads; 0 for on demand.
	MI int
}

// runnableAssembly writes, in a new folder, a cloud assembly of the
// functions as cdk synth writes one (stack Local, asset folders beside the
// template) and returns it.
func runnableAssembly(t *testing.T, h *H, fns ...runnable) string {
	t.Helper()
	dir := h.Dir()
	resources := map[string]any{}
	for _, f := range fns {
		asset := "asset." + strings.Map(func(r rune) rune {
			if r == '/' || r == '.' {
				return '_'
			}
			return r
		}, f.ID)
		props := map[string]any{"Runtime": "nodejs24.x", "Handler": "index.handler", "MemorySize": f.Memory, "Timeout": f.Timeout,
			"Role": "arn:aws:iam::123456789012:role/fn"}
		if f.MI > 0 {
			props["CapacityProviderConfig"] = map[string]any{"LambdaManagedInstancesCapacityProviderConfig": map[string]any{
				"CapacityProviderArn": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp", "PerExecutionEnvironmentMaxConcurrency": f.MI}}
			props["Environment"] = map[string]any{"Variables": map[string]any{"AWS_LAMBDA_NODEJS_WORKER_COUNT": "2"}}
		}
		resources[f.ID] = map[string]any{
			"Type":       "AWS::Lambda::Function",
			"Properties": props,
			"Metadata":   map[string]any{"aws:cdk:path": "Local/Fn/Resource", "aws:asset:path": asset},
		}
		for name, data := range f.Files {
			p := filepath.Join(dir, asset, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, v := range map[string]any{
		"Local.template.json": map[string]any{"Resources": resources},
		"manifest.json": map[string]any{"version": "48.0.0", "artifacts": map[string]any{"Local": map[string]any{
			"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
			"properties": map[string]any{"templateFile": "Local.template.json"}}}},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// misbehaving is the assembly of one misbehaving function, Fn, of memory
// MiB; it returns the assembly folder.
func misbehaving(t *testing.T, h *H, memory int) string {
	t.Helper()
	return runnableAssembly(t, h, runnable{ID: "Fn", Memory: memory, Timeout: 30, Files: map[string][]byte{"index.mjs": misbehaveSource(t)}})
}

// runTmp gives the case's lambdaperf processes a temporary folder of their
// own (TMPDIR), which leftovers and runFolders look at, and kills what is
// left there when the case ends.
func runTmp(t *testing.T, h *H) string {
	t.Helper()
	tmp := h.Dir()
	h.Env = append(h.Env, "TMPDIR="+tmp)
	t.Cleanup(func() {
		for _, pid := range leftovers(tmp) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return tmp
}

// leftovers lists the processes started by a lambdaperf run in tmp that
// still run: their environment has TMPDIR inside tmp (every instance gives
// its emulator, the runtime and what the runtime starts a TMPDIR in its run
// folder; lambdaperf's own is tmp itself).
func leftovers(tmp string) []int {
	want := []byte("TMPDIR=" + tmp + string(filepath.Separator))
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil {
			continue
		}
		stat, _ := os.ReadFile("/proc/" + e.Name() + "/stat")
		if i := bytes.LastIndexByte(stat, ')'); i > 0 && bytes.HasPrefix(bytes.TrimSpace(stat[i+1:]), []byte("Z")) {
			continue // a zombie is dead
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.HasPrefix(kv, want) {
				out = append(out, pid)
				break
			}
		}
	}
	return out
}

// runFolders lists the run folders in tmp.
func runFolders(tmp string) []string {
	m, _ := filepath.Glob(filepath.Join(tmp, "lambdaperf-invoke-*"))
	return m
}

// cleanWithin fails the case unless, within limit, no process of a run in
// tmp is left and no run folder either.
func cleanWithin(t *testing.T, tmp string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		procs, folders := leftovers(tmp), runFolders(tmp)
		if len(procs) == 0 && len(folders) == 0 {
			return
		}
		if time.Now().After(deadline) {
			var names []string
			for _, pid := range procs {
				cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
				names = append(names, fmt.Sprintf("%d %s", pid, bytes.ReplaceAll(bytes.TrimRight(cmd, "\x00"), []byte{0}, []byte{' '})))
			}
			t.Errorf("left after the run: processes %q, folders %v", names, folders)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var reServeURL = regexp.MustCompile(`as a Function URL on (http://127\.0\.0\.1:\d+/)`)

// serve starts lambdaperf serve with args and returns it with its URL,
// once it listens.
func serve(t *testing.T, h *H, args ...string) (*Proc, string) {
	t.Helper()
	p := h.Start(append([]string{"serve"}, args...)...)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := reServeURL.FindStringSubmatch(p.Stdout()); m != nil {
			return p, m[1]
		}
		select {
		case <-p.done:
			t.Fatalf("serve exited: %s", p.res.Out())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not listen within 30 s: %s%s", p.Stdout(), p.Stderr())
	return nil, ""
}

// statusCounts sends n GETs to url one after the other and counts the
// answers by status (0: no answer).
func statusCounts(url string, n int) map[int]int {
	client := &http.Client{Timeout: 30 * time.Second}
	got := map[int]int{}
	for range n {
		resp, err := client.Get(url)
		if err != nil {
			got[0]++
			continue
		}
		resp.Body.Close()
		got[resp.StatusCode]++
	}
	return got
}

// serving is a lambdaperf serve a case runs against: its process, its
// URL and the temporary folder of its runs.
type serving struct {
	Proc     *Proc
	URL, Tmp string
}

// withServe serves the misbehaving function (memory MiB, on instances
// instances) in a temporary folder of the case, runs fn against it, stops
// it with SIGINT and fails the case unless it exited 0 and left nothing
// behind; it returns how serve ended.
func withServe(t *testing.T, h *H, instances, memory int, fn func(s *serving)) Result {
	t.Helper()
	tmp := runTmp(t, h)
	p, url := serve(t, h, "--instances", strconv.Itoa(instances), misbehaving(t, h, memory), "Fn")
	fn(&serving{Proc: p, URL: url, Tmp: tmp})
	r := stopServe(t, p, os.Interrupt)
	cleanWithin(t, tmp, 5*time.Second)
	return r
}

// eventFile writes event in a new folder and returns its path, for
// --event.
func eventFile(t *testing.T, h *H, event string) string {
	t.Helper()
	p := filepath.Join(h.Dir(), "event.json")
	if err := os.WriteFile(p, []byte(event), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// stopServe sends sig to serve, waits for it and fails the case unless it
// exited 0.
func stopServe(t *testing.T, p *Proc, sig os.Signal) Result {
	t.Helper()
	if err := p.Signal(sig); err != nil {
		t.Fatal(err)
	}
	r := p.Wait()
	if r.Code != 0 {
		t.Errorf("serve after %v: exit %d\n%s", sig, r.Code, r.Out())
	}
	return r
}
