package localinvoke

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// miFn is a function of testdata/miconcurrency on a capacity provider.
func miFn(id, runtime, handler string, mi map[string]any, env map[string]any) testFn {
	files := map[string]string{"index.mjs": "@testdata/miconcurrency/index.mjs"}
	if strings.HasPrefix(runtime, "python") {
		files = map[string]string{"app.py": "@testdata/miconcurrency/app.py"}
	}
	return testFn{ID: id, Runtime: runtime, Handler: handler, Arch: hostArch(), Memory: 2048, Timeout: 5, MI: mi, Env: env, Files: files}
}

// startMI starts the one function of an assembly of fn, on Managed
// Instances.
func startMI(t *testing.T, fn testFn) *Instance {
	t.Helper()
	f, err := Load(writeAssembly(t, fn), fn.ID+"Function")
	if err != nil {
		t.Fatal(err)
	}
	if f.ManagedInstances == nil {
		t.Fatalf("%s is not on Managed Instances", f.Name())
	}
	in, err := Start(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

// invokeAll sends n events {"id": "req-i", ...extra} at once and returns
// the results in order.
func invokeAll(t *testing.T, in *Instance, n int, extra string) []*Result {
	t.Helper()
	results := make([]*Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = in.Invoke(context.Background(), []byte(fmt.Sprintf(`{"id": "req-%d"%s}`, i, extra)))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("invocation %d: %v", i, err)
		}
	}
	return results
}

// answeredIDs counts the results whose "id" is their own request's, and
// those that carry another's.
func answeredIDs(t *testing.T, results []*Result, field string) (own, other int) {
	t.Helper()
	for i, r := range results {
		if r.FunctionError != "" {
			t.Fatalf("invocation %d failed: %s %s\n%s", i, r.FunctionError, r.Payload, r.Logs)
		}
		var out map[string]any
		if err := json.Unmarshal(r.Payload, &out); err != nil {
			t.Fatalf("invocation %d: %s", i, r.Payload)
		}
		if out[field] == fmt.Sprintf("req-%d", i) {
			own++
		} else {
			other++
		}
	}
	return own, other
}

func TestManagedInstancesNodeSharesModuleStateAcrossConcurrentInvocations(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Node.js worker threads (a few seconds): skipped under -short")
	}
	mi := map[string]any{"PerExecutionEnvironmentMaxConcurrency": 16}
	env := map[string]any{lambda.NodeJSWorkerCountEnv: "2"}

	t.Run("the module-level bug mixes up the answers", func(t *testing.T) {
		in := startMI(t, miFn("Unsafe", "nodejs24.x", "index.unsafe", mi, env))
		results := invokeAll(t, in, 16, "")
		own, other := answeredIDs(t, results, "id")
		if other == 0 {
			t.Errorf("all %d concurrent invocations answered their own id: the module-level state was not shared, the bug did not show", own)
		}
		crossTalk := 0
		for _, r := range results {
			if len(r.CrossTalk) > 0 {
				crossTalk++
			}
		}
		if crossTalk != other {
			t.Errorf("%d responses named another invocation's request id, want the %d that answered another's id", crossTalk, other)
		}
		t.Logf("unsafe: %d answered their own id, %d another request's", own, other)
		peak := 0
		for _, r := range results {
			if !r.Report.Managed || r.Report.Cold || r.Report.InitDuration != 0 || r.Report.Duration < 150*time.Millisecond {
				t.Errorf("report %s: want a warm Managed Instances invocation of about 200 ms", r.Report)
			}
			peak = max(peak, r.Report.InFlight)
		}
		if peak < 4 {
			t.Errorf("at most %d invocations in flight at once, want several", peak)
		}
		if env := in.Environments(); env == nil || env.Inits != 1 || env.Init.Max <= 0 || env.PeakInFlight < 4 {
			t.Errorf("environment report %+v", env)
		}
	})

	t.Run("its correct twin answers every request with its own id", func(t *testing.T) {
		in := startMI(t, miFn("Safe", "nodejs24.x", "index.safe", mi, env))
		results := invokeAll(t, in, 16, "")
		if own, other := answeredIDs(t, results, "id"); other != 0 || own != 16 {
			t.Errorf("%d answered their own id, %d another's", own, other)
		}
		for i, r := range results {
			if len(r.CrossTalk) > 0 {
				t.Errorf("invocation %d names other invocations %v in %s", i, r.CrossTalk, r.Payload)
			}
		}
		for i, r := range results {
			// Each invocation's output is its own (JSON lines with its requestId).
			if want := fmt.Sprintf("answering req-%d", i); !strings.Contains(r.Logs, want) || strings.Count(r.Logs, "answering") != 1 {
				t.Errorf("invocation %d logs %q, want only its own line %q", i, r.Logs, want)
			}
		}
	})
}

func TestManagedInstancesPythonIsolatesModuleStateButSharesTmp(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 8 Python processes: skipped under -short")
	}
	in := startMI(t, miFn("Py", "python3.13", "app.handler", map[string]any{"PerExecutionEnvironmentMaxConcurrency": 8}, nil))
	if m := in.Function().ManagedInstances; m.Workers != 8 || m.LocalConcurrency != 8 {
		t.Fatalf("workers %d, local concurrency %d: want 8 processes", m.Workers, m.LocalConcurrency)
	}
	results := invokeAll(t, in, 8, "")
	if own, other := answeredIDs(t, results, "id"); other != 0 {
		t.Errorf("module state leaked between processes: %d own ids, %d others'", own, other)
	}
	own, other := answeredIDs(t, results, "tmp")
	if other == 0 {
		t.Errorf("every invocation read back its own /tmp/export.json: the processes did not share /tmp, or did not run at once")
	}
	pids := map[float64]bool{}
	for _, r := range results {
		var out map[string]any
		_ = json.Unmarshal(r.Payload, &out)
		pids[out["pid"].(float64)] = true
	}
	if len(pids) < 4 {
		t.Errorf("%d processes answered 8 concurrent invocations, want one per invocation", len(pids))
	}
	t.Logf("python: tmp own %d, other %d; %d processes", own, other, len(pids))
}

// miEcho is the echo bootstrap on a capacity provider.
func miEcho(t *testing.T, id string, concurrency, timeoutSec int) testFn {
	f := echoFn(t, id)
	f.Memory, f.Timeout = 2048, timeoutSec
	f.MI = map[string]any{"PerExecutionEnvironmentMaxConcurrency": concurrency}
	return f
}

func TestManagedInstancesEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("starts runtimes: skipped under -short")
	}
	t.Run("a bootstrap runs its concurrency at once, never more", func(t *testing.T) {
		in := startMI(t, miEcho(t, "Echo", 4, 5))
		if m := in.Function().ManagedInstances; m.LocalConcurrency != 4 || !strings.Contains(m.Model, "AWS_LAMBDA_MAX_CONCURRENCY=4") {
			t.Fatalf("plan %+v", m)
		}
		results := invokeAll(t, in, 10, `, "sleepMs": 300`)
		most := 0.0
		for i, r := range results {
			var out map[string]any
			if err := json.Unmarshal(r.Payload, &out); err != nil || r.FunctionError != "" {
				t.Fatalf("invocation %d: %s %s", i, r.FunctionError, r.Payload)
			}
			most = max(most, out["concurrent"].(float64))
			if r.Report.InFlight < 1 || r.Report.InFlight > 4 {
				t.Errorf("invocation %d in flight %d, want 1..4", i, r.Report.InFlight)
			}
		}
		if most < 2 || most > 4 {
			t.Errorf("the bootstrap handled at most %g events at once, want 2..4 (its concurrency is 4)", most)
		}
	})

	t.Run("a timed-out invocation fails alone and its handler runs on", func(t *testing.T) {
		in := startMI(t, miEcho(t, "Slow", 2, 1))
		var slow *Result
		done := make(chan struct{})
		go func() {
			defer close(done)
			slow, _ = in.Invoke(context.Background(), []byte(`{"sleepMs": 1600}`))
		}()
		time.Sleep(100 * time.Millisecond)
		quick, err := in.Invoke(context.Background(), []byte(`{"echo": 1}`))
		if err != nil || quick.FunctionError != "" {
			t.Fatalf("the other invocation: %v %+v", err, quick)
		}
		<-done
		if slow == nil || slow.FunctionError != "Sandbox.Timedout" || !strings.Contains(string(slow.Payload), "Task timed out after 1.00 seconds") {
			t.Fatalf("slow invocation: %+v", slow)
		}
		if slow.Report.Latency > 1500*time.Millisecond {
			t.Errorf("the timeout answered after %v, want about 1 s", slow.Report.Latency)
		}
		time.Sleep(800 * time.Millisecond) // the handler answers late: 410, ignored
		if err := in.healthy(); err != nil {
			t.Errorf("after a timeout the environment is %v", err)
		}
		if r, err := in.Invoke(context.Background(), []byte(`{"echo": 2}`)); err != nil || r.FunctionError != "" {
			t.Errorf("after the timeout: %v %+v", err, r)
		}
	})

	t.Run("with every worker busy past the timeout, an invocation is refused as unavailable", func(t *testing.T) {
		in := startMI(t, miEcho(t, "Busy", 1, 1))
		slow, err := in.Invoke(context.Background(), []byte(`{"sleepMs": 2600}`))
		if err != nil || slow.FunctionError != "Sandbox.Timedout" {
			t.Fatalf("slow: %v %+v", err, slow)
		}
		// The one loop still runs the timed-out handler for 1.6 s more.
		r, err := in.Invoke(context.Background(), []byte(`{"echo": 1}`))
		if err != nil || r.FunctionError != "Runtime.Unavailable" || !strings.Contains(r.Cause, "every worker was busy") {
			t.Fatalf("while the worker is busy: %v %+v", err, r)
		}
		time.Sleep(800 * time.Millisecond)
		if r, err := in.Invoke(context.Background(), []byte(`{"echo": 2}`)); err != nil || r.FunctionError != "" {
			t.Errorf("once the worker is free: %v %+v", err, r)
		}
	})

	t.Run("a runtime that exits fails what it held and leaves the environment unhealthy", func(t *testing.T) {
		in := startMI(t, miEcho(t, "Crash", 4, 5))
		results := make([]*Result, 2)
		var wg sync.WaitGroup
		for i, ev := range []string{`{"sleepMs": 2000}`, `{"sleepMs": 200, "crash": true}`} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], _ = in.Invoke(context.Background(), []byte(ev))
			}()
		}
		wg.Wait()
		for i, r := range results {
			if r == nil || r.FunctionError != "Runtime.ExitError" || !strings.Contains(r.Cause, "exit status 3") {
				t.Errorf("invocation %d: %+v", i, r)
			}
		}
		if err := in.healthy(); err == nil || !strings.Contains(err.Error(), "exited") {
			t.Errorf("healthy() = %v, want the runtime's exit", err)
		}
	})

	t.Run("a Node.js worker thread that dies fails only its own invocations", func(t *testing.T) {
		in := startMI(t, miFn("Workers", "nodejs24.x", "index.safe", map[string]any{"PerExecutionEnvironmentMaxConcurrency": 4}, map[string]any{lambda.NodeJSWorkerCountEnv: "2"}))
		crash, err := in.Invoke(context.Background(), []byte(`{"id": "c", "crash": true, "delayMs": 10}`))
		if err != nil {
			t.Fatal(err)
		}
		if crash.FunctionError != "Runtime.ExitError" || !strings.Contains(crash.Cause, "runtime worker") {
			t.Errorf("crashed invocation: %+v", crash)
		}
		if err := in.healthy(); err != nil {
			t.Fatalf("one worker's death took the environment: %v", err)
		}
		results := invokeAll(t, in, 4, `, "delayMs": 10`)
		if own, other := answeredIDs(t, results, "id"); own != 4 || other != 0 {
			t.Errorf("after the crash, %d own answers, %d others", own, other)
		}
	})

	t.Run("an oversized response fails as on Lambda", func(t *testing.T) {
		in := startMI(t, miFn("Big", "nodejs24.x", "index.safe", map[string]any{"PerExecutionEnvironmentMaxConcurrency": 2}, map[string]any{lambda.NodeJSWorkerCountEnv: "1"}))
		r, err := in.Invoke(context.Background(), []byte(`{"id": "b", "big": true, "delayMs": 1}`))
		if err != nil {
			t.Fatal(err)
		}
		if r.FunctionError != lambda.ResponseTooLargeType || ErrorMessage(r.Payload) != lambda.ResponseTooLargeMessage() {
			t.Errorf("oversized: %q %s", r.FunctionError, clip(string(r.Payload), 200))
		}
	})

	t.Run("an init that fails in every worker fails the start, with the error", func(t *testing.T) {
		fn := miFn("NoHandler", "nodejs24.x", "index.missing", map[string]any{"PerExecutionEnvironmentMaxConcurrency": 2}, map[string]any{lambda.NodeJSWorkerCountEnv: "2"})
		f, err := Load(writeAssembly(t, fn), "NoHandlerFunction")
		if err != nil {
			t.Fatal(err)
		}
		in, err := Start(context.Background(), f, Options{})
		if err == nil {
			in.Close()
			t.Fatal("started")
		}
		if !strings.Contains(err.Error(), "Runtime.HandlerNotFound") || !strings.Contains(err.Error(), "failed its init") {
			t.Errorf("error %v", err)
		}
	})
}

func TestManagedInstancesPlan(t *testing.T) {
	node := func(memory int, mi map[string]any, env map[string]any) testFn {
		return testFn{ID: "Fn", Runtime: "nodejs24.x", Handler: "index.handler", Memory: memory, MI: mi, Env: env, Files: map[string]string{"index.mjs": ""}}
	}
	withRuntime := func(f testFn, rt string) testFn { f.Runtime = rt; return f }
	for _, tt := range []struct {
		name string
		fn   testFn
		// want: concurrency, local concurrency, workers; source and note
		// substrings ("" for none).
		concurrency, local, workers int
		source, note, err           string
		minEnvironments             int
	}{
		{name: "Node.js by default: 64 per vCPU, 8 worker threads per vCPU",
			fn: node(2048, map[string]any{}, nil), concurrency: 64, local: 64, workers: 8, source: "nodejs24.x's default: 64 per vCPU x 1 vCPU", minEnvironments: 3},
		{name: "more memory per vCPU buys fewer vCPUs",
			fn: node(4096, map[string]any{"ExecutionEnvironmentMemoryGiBPerVCpu": 4}, nil), concurrency: 64, local: 64, workers: 8, source: "x 1 vCPU"},
		{name: "more vCPUs than the local worker cap: capped, with a note",
			fn: node(8192, map[string]any{}, nil), concurrency: 256, local: 256, workers: MaxLocalWorkerThreads, note: "Lambda runs 32 worker threads"},
		{name: "AWS_LAMBDA_NODEJS_WORKER_COUNT sets the worker threads",
			fn: node(2048, map[string]any{}, map[string]any{lambda.NodeJSWorkerCountEnv: "3"}), concurrency: 64, local: 64, workers: 3},
		{name: "a worker count that is no number is refused",
			fn: node(2048, map[string]any{}, map[string]any{lambda.NodeJSWorkerCountEnv: "many"}), err: "AWS_LAMBDA_NODEJS_WORKER_COUNT must be a whole number"},
		{name: "the template's concurrency wins",
			fn: node(2048, map[string]any{"PerExecutionEnvironmentMaxConcurrency": 100}, nil), concurrency: 100, local: 100, workers: 8, source: "in the template"},
		{name: "an unresolved concurrency falls back to the default, with a note",
			fn: node(2048, map[string]any{"PerExecutionEnvironmentMaxConcurrency": map[string]any{"Ref": "C"}}, nil), concurrency: 64, local: 64, workers: 8, note: "PerExecutionEnvironmentMaxConcurrency is an unresolved value"},
		{name: "an unresolved memory per vCPU is Lambda's 2, with a note",
			fn: node(4096, map[string]any{"ExecutionEnvironmentMemoryGiBPerVCpu": map[string]any{"Ref": "R"}}, nil), concurrency: 128, local: 128, workers: 16, note: "using 2 GiB per vCPU"},
		{name: "a concurrency Lambda refuses is refused",
			fn: node(2048, map[string]any{"PerExecutionEnvironmentMaxConcurrency": 2000}, nil), err: "PerExecutionEnvironmentMaxConcurrency must be 1..1600, got 2000"},
		{name: "a memory per vCPU Lambda refuses is refused",
			fn: node(2048, map[string]any{"ExecutionEnvironmentMemoryGiBPerVCpu": 1}, nil), err: "ExecutionEnvironmentMemoryGiBPerVCpu must be 2..8"},
		{name: "memory below Managed Instances' 2 GiB is refused",
			fn: node(1024, map[string]any{}, nil), err: "takes 2048..32768 MiB of memory, got 1024"},
		{name: "a runtime Managed Instances do not run is refused",
			fn: withRuntime(node(2048, map[string]any{}, nil), "nodejs20.x"), err: "does not run on Lambda Managed Instances"},
		{name: "Python: 16 processes per vCPU",
			fn: withRuntime(node(2048, map[string]any{}, nil), "python3.13"), concurrency: 16, local: 16, workers: 16, source: "python3.13's default: 16 per vCPU"},
		{name: "Python above the local process cap: capped, with a note",
			fn: withRuntime(node(8192, map[string]any{}, nil), "python3.13"), concurrency: 64, local: MaxLocalProcesses, workers: MaxLocalProcesses, note: "Lambda runs 64 Python processes"},
		{name: "provided.al2023: Rust's documented 8 per vCPU",
			fn: withRuntime(node(4096, map[string]any{}, nil), "provided.al2023"), concurrency: 16, local: 16, workers: 16, source: "Rust's default on provided.al2023: 8 per vCPU x 2 vCPU"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Load(writeAssembly(t, tt.fn), "FnFunction")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := f.ManagedInstances
			if m == nil || m.Concurrency != tt.concurrency || m.LocalConcurrency != tt.local || m.Workers != tt.workers {
				t.Fatalf("plan %+v, want concurrency %d, local %d, workers %d", m, tt.concurrency, tt.local, tt.workers)
			}
			if !strings.Contains(m.ConcurrencySource, tt.source) || m.Model == "" {
				t.Errorf("source %q, want %q; model %q", m.ConcurrencySource, tt.source, m.Model)
			}
			if notes := strings.Join(f.managedNotes, "\n"); (tt.note == "") != (notes == "") || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q, want %q", notes, tt.note)
			}
			if tt.minEnvironments != 0 && m.MinEnvironments != tt.minEnvironments {
				t.Errorf("min environments %d", m.MinEnvironments)
			}
		})
	}

	t.Run("an on-demand function has no plan", func(t *testing.T) {
		f, err := Load(writeAssembly(t, node(2048, nil, nil)), "FnFunction")
		if err != nil || f.ManagedInstances != nil {
			t.Fatalf("%v %+v", err, f.ManagedInstances)
		}
	})

	t.Run("--env may change the worker threads, and a bad value is refused", func(t *testing.T) {
		f, err := Load(writeAssembly(t, node(2048, map[string]any{}, nil)), "FnFunction")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Override(map[string]string{lambda.NodeJSWorkerCountEnv: "2"}); err != nil || f.ManagedInstances.Workers != 2 {
			t.Fatalf("%v, workers %d", err, f.ManagedInstances.Workers)
		}
		if err := f.Override(map[string]string{lambda.NodeJSWorkerCountEnv: "0"}); err == nil {
			t.Error("a worker count of 0 was taken")
		}
	})

	t.Run("what a local run cannot reproduce names the template's environments", func(t *testing.T) {
		fn := node(2048, map[string]any{}, nil)
		fn.Props = map[string]any{"FunctionScalingConfig": map[string]any{"MinExecutionEnvironments": 6}}
		f, err := Load(writeAssembly(t, fn), "FnFunction")
		if err != nil {
			t.Fatal(err)
		}
		labels := strings.Join(f.ManagedInstances.NotEmulated(1), "\n")
		for _, want := range []string{"instance scaling", "3-instance minimum", "MinExecutionEnvironments 6", "1 environment on one machine", "429", "CPU contention", "1 vCPU"} {
			if !strings.Contains(labels, want) {
				t.Errorf("labels miss %q:\n%s", want, labels)
			}
		}
	})
}

func TestManagedInstancesLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load run of a few seconds: skipped under -short")
	}
	mi := map[string]any{"PerExecutionEnvironmentMaxConcurrency": 16}
	env := map[string]any{lambda.NodeJSWorkerCountEnv: "2"}
	load := func(t *testing.T, handler string) *LoadReport {
		t.Helper()
		f, err := Load(writeAssembly(t, miFn("Fn", "nodejs24.x", handler, mi, env)), "FnFunction")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := RunLoad(context.Background(), f, LoadOptions{
			Ramp: Ramp{From: 40, To: 40, Duration: 2 * time.Second}, Event: []byte(`{"id": "same", "delayMs": 200}`),
		})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}

	t.Run("the correct handler runs at its concurrency with no errors and no cross-talk", func(t *testing.T) {
		rep := load(t, "index.safe")
		m := rep.ManagedInstances
		if m == nil || rep.Instances != 1 || m.Concurrency != 16 || m.Environments.Inits != 1 || len(m.NotEmulated) < 4 {
			t.Fatalf("managed %+v, instances %d", m, rep.Instances)
		}
		// 40 requests/s of 200 ms each: about 8 at once.
		if m.Environments.PeakInFlight < 4 || m.Environments.PeakInFlight > 16 {
			t.Errorf("peak in flight %d, want several and at most 16", m.Environments.PeakInFlight)
		}
		if rep.Scheduled != 80 || rep.Answered != 80 || rep.Errors != 0 || rep.ColdStarts != 0 || m.CrossTalk != 0 {
			t.Errorf("scheduled %d answered %d errors %d (%v) cold %d cross-talk %d", rep.Scheduled, rep.Answered, rep.Errors, rep.ErrorExamples, rep.ColdStarts, m.CrossTalk)
		}
	})

	t.Run("the module-level bug shows as cross-talk", func(t *testing.T) {
		rep := load(t, "index.unsafe")
		if m := rep.ManagedInstances; m.CrossTalk == 0 || m.CrossTalkExample == "" {
			t.Errorf("no cross-talk in %d answers of the unsafe handler: %+v", rep.Answered, m)
		} else {
			t.Logf("cross-talk in %d of %d answers: %s", m.CrossTalk, rep.Answered, m.CrossTalkExample)
		}
	})
}

func TestManagedInstancesServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Node.js worker threads: skipped under -short")
	}
	f, err := Load(writeAssembly(t, miFn("Fn", "nodejs24.x", "index.safe", map[string]any{"PerExecutionEnvironmentMaxConcurrency": 8}, map[string]any{lambda.NodeJSWorkerCountEnv: "2"})), "FnFunction")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var served []Served
	s, err := Serve(context.Background(), f, ServeOptions{OnInvoke: func(sv Served) { mu.Lock(); served = append(served, sv); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Instances() != 1 {
		t.Errorf("%d environments, want 1 by default", s.Instances())
	}
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(s.URL() + fmt.Sprintf("item/%d", i))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %d: %s %s", i, resp.Status, b)
			}
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	if env := s.Environments(); env == nil || env.Inits != 1 || env.PeakInFlight < 2 {
		t.Errorf("environments %+v: want one, several requests at once", env)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, sv := range served {
		if sv.Instance != 0 || sv.Result == nil || !sv.Result.Report.Managed || len(sv.Result.CrossTalk) != 0 {
			t.Errorf("served %+v", sv)
		}
	}
	if st := s.Stats(); st.Requests != 8 || st.ColdStarts != 0 || st.Errors != 0 {
		t.Errorf("stats %+v", st)
	}
}
