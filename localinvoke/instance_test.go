package localinvoke

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// start loads fn of the assembly and starts an emulator for it, closed
// when the test ends.
func start(t *testing.T, dir, id string, opts Options) *Instance {
	t.Helper()
	fn, err := Load(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	opts.Emulator = emulator(t)
	in, err := Start(context.Background(), fn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

func invoke(t *testing.T, in *Instance, event string) *Result {
	t.Helper()
	r, err := in.Invoke(context.Background(), []byte(event))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func decode(t *testing.T, r *Result) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Payload, &m); err != nil {
		t.Fatalf("payload %q: %v", r.Payload, err)
	}
	return m
}

func TestInvokeGo(t *testing.T) {
	fn := echoFn(t, "Echo")
	fn.Env = map[string]any{"GREETING": "hi", "ECHO_INIT_MS": "150", "TABLE_NAME": map[string]any{"Ref": "Items"}}
	dir := writeAssembly(t, fn)
	in := start(t, dir, "Test/Echo", Options{})

	cold := invoke(t, in, `{"echo": "hello", "env": "GREETING"}`)
	got := decode(t, cold)
	if cold.FunctionError != "" || got["echo"] != "hello" || got["env"] != "hi" || got["memory"] != "256" || got["requestId"] != cold.Report.RequestID {
		t.Errorf("cold response %s (error %q)", cold.Payload, cold.FunctionError)
	}
	r := cold.Report
	// The init sleeps 150 ms: the emulator's own REPORT hides it in its
	// Duration; Report must show it as the init.
	if !r.Cold || r.InitDuration < 150*time.Millisecond || r.InitDuration > 2*time.Second {
		t.Errorf("cold start: Cold %v, InitDuration %v, want about 150 ms", r.Cold, r.InitDuration)
	}
	if r.Duration <= 0 || r.Duration > 100*time.Millisecond {
		t.Errorf("Duration %v: the handler answers at once", r.Duration)
	}
	if r.Emulator == nil || r.Emulator.Duration < 150*time.Millisecond || r.Emulator.MemorySizeMB != 256 {
		t.Errorf("emulator REPORT %+v: its Duration includes the init", r.Emulator)
	}
	if r.BilledDuration < r.InitDuration+r.Duration || r.BilledDuration%time.Millisecond != 0 {
		t.Errorf("Billed %v for init %v + duration %v", r.BilledDuration, r.InitDuration, r.Duration)
	}
	if r.MemorySizeMB != 256 || r.MaxMemoryUsedMB < 1 || r.MaxMemoryUsedMB > 100 {
		t.Errorf("memory %d of %d MB: want the bootstrap's RSS", r.MaxMemoryUsedMB, r.MemorySizeMB)
	}
	if !strings.Contains(cold.Logs, "echo: request "+r.RequestID) {
		t.Errorf("logs %q miss the handler's line", cold.Logs)
	}

	warm := invoke(t, in, `{"env": "TABLE_NAME"}`)
	if warm.Report.Cold || warm.Report.InitDuration != 0 || strings.Contains(warm.Report.String(), "Init Duration") {
		t.Errorf("second invocation is not warm: %s", warm.Report)
	}
	if decode(t, warm)["env"] != "unresolved-TABLE_NAME" {
		t.Errorf("placeholder not set: %s", warm.Payload)
	}
	if notes := strings.Join(in.Notes(), "\n"); !strings.Contains(notes, `TABLE_NAME: unresolved CloudFormation value in the template, run with placeholder "unresolved-TABLE_NAME"`) {
		t.Errorf("notes %q", notes)
	}

	t.Run("a handler error is a result", func(t *testing.T) {
		r := invoke(t, in, `{"fail": "boom"}`)
		if r.FunctionError != "EchoError" || !strings.Contains(string(r.Payload), "boom") || r.Report.Cold {
			t.Errorf("error %q payload %s cold %v", r.FunctionError, r.Payload, r.Report.Cold)
		}
	})
	t.Run("a crash restarts the runtime: the next invocation is cold", func(t *testing.T) {
		r := invoke(t, in, `{"crash": true}`)
		if r.FunctionError == "" {
			t.Errorf("a crash answered %s without an error", r.Payload)
		}
		next := invoke(t, in, `{"echo": 1}`)
		if next.FunctionError != "" || !next.Report.Cold || next.Report.InitDuration < 150*time.Millisecond {
			t.Errorf("after a crash: error %q, %s", next.FunctionError, next.Report)
		}
	})
	t.Run("a runtime that exits after answering fails that invocation, and its logs say why", func(t *testing.T) {
		r := invoke(t, in, `{"exitAfter": true}`)
		if r.FunctionError != "Runtime.ExitError" || !strings.Contains(r.Cause, "Runtime exited with error: exit status 4") ||
			!strings.Contains(r.Logs, "echo: exiting after request "+r.Report.RequestID) {
			t.Errorf("error %q cause %q logs %q", r.FunctionError, r.Cause, r.Logs)
		}
		if decode(t, r)["requestId"] != r.Report.RequestID {
			t.Errorf("payload %s: the response it sent before it exited", r.Payload)
		}
		if d := errorDetail(r); !strings.Contains(d, "exit status 4") || !strings.Contains(d, "echo: exiting after request") {
			t.Errorf("load report detail %q", d)
		}
		if next := invoke(t, in, `{"echo": 2}`); next.FunctionError != "" || !next.Report.Cold {
			t.Errorf("after the exit: error %q, %s", next.FunctionError, next.Report)
		}
	})
}

func TestInvokeEmulatesAnotherArchitecture(t *testing.T) {
	needQEMU(t)
	_, arch := otherArch()
	fn := testFn{
		ID: "Other", Runtime: "provided.al2023", Handler: "bootstrap", Arch: arch, Memory: 256, Timeout: 10,
		Files: map[string]string{"bootstrap": "@" + echoBootstrapFor(t, otherGOARCH())}, Exec: map[string]bool{"bootstrap": true},
	}
	in := start(t, writeAssembly(t, fn), "Test/Other", Options{})
	for i, wantCold := range []bool{true, false} {
		r := invoke(t, in, `{"echo": "across"}`)
		if r.FunctionError != "" || decode(t, r)["echo"] != "across" || decode(t, r)["memory"] != "256" {
			t.Fatalf("invocation %d: %s (error %q)\nlogs %s", i, r.Payload, r.FunctionError, r.Logs)
		}
		rep := r.Report
		if rep.Cold != wantCold || rep.Emulated != qemuNames[arch] || !strings.Contains(rep.String(), "Emulated: "+qemuNames[arch]+" (timings check behaviour, not speed)") {
			t.Errorf("invocation %d: %s", i, rep)
		}
	}
	if notes := strings.Join(in.Notes(), "\n"); !strings.Contains(notes, "runs under "+qemuNames[arch]+" user-mode emulation: it checks behaviour, not speed") {
		t.Errorf("notes %q", notes)
	}
}

func TestInvokeTimesOut(t *testing.T) {
	fn := echoFn(t, "Slow")
	fn.Timeout = 1
	in := start(t, writeAssembly(t, fn), "SlowFunction", Options{})
	began := time.Now()
	r := invoke(t, in, `{"sleepMs": 1500}`)
	if r.FunctionError != "Sandbox.Timedout" || !strings.Contains(string(r.Payload), "Task timed out after 1.00 seconds") {
		t.Errorf("error %q payload %s", r.FunctionError, r.Payload)
	}
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("a 1 s timeout took %v", took)
	}
}

func TestInvokeNode(t *testing.T) {
	nodeModules := findNodeModules(".")
	if nodeModules == "" {
		t.Fatal("no node_modules with @aws-sdk above the package: run npm ci")
	}
	dir := writeAssembly(t, testFn{
		ID: "Node", Runtime: "nodejs22.x", Handler: "index.handler", Memory: 512, Timeout: 5,
		Env:   map[string]any{"STAGE": "test"},
		Files: map[string]string{"index.mjs": "@testdata/nodeecho/index.mjs"},
	}, testFn{
		ID: "Missing", Runtime: "nodejs22.x", Handler: "index.nothere",
		Files: map[string]string{"index.mjs": "@testdata/nodeecho/index.mjs"},
	})
	in := start(t, dir, "Test/Node", Options{NodeModules: nodeModules})

	cold := invoke(t, in, `{"echo": [1, 2], "env": "STAGE"}`)
	got := decode(t, cold)
	if cold.FunctionError != "" || got["env"] != "test" || got["memory"] != "512" || got["requestId"] != cold.Report.RequestID ||
		got["remainingMs"] != true || got["sdk"] != "function" {
		t.Errorf("response %s (error %q)", cold.Payload, cold.FunctionError)
	}
	if !cold.Report.Cold || cold.Report.InitDuration <= 0 || cold.Report.MaxMemoryUsedMB < 10 {
		t.Errorf("cold report %s", cold.Report)
	}
	// Init output comes with the first invocation, tagged as Lambda does.
	if !strings.Contains(cold.Logs, "\tundefined\tINFO\tinit done") || !strings.Contains(cold.Logs, "\t"+cold.Report.RequestID+"\tINFO\tevent") {
		t.Errorf("logs %q", cold.Logs)
	}
	warm := invoke(t, in, `{}`)
	if warm.Report.Cold || warm.FunctionError != "" {
		t.Errorf("warm: %s, error %q", warm.Report, warm.FunctionError)
	}

	t.Run("a thrown error is Lambda's error object", func(t *testing.T) {
		r := invoke(t, in, `{"fail": "bad input"}`)
		var e struct {
			ErrorType    string   `json:"errorType"`
			ErrorMessage string   `json:"errorMessage"`
			Trace        []string `json:"trace"`
		}
		if err := json.Unmarshal(r.Payload, &e); err != nil || r.FunctionError != "TypeError" || e.ErrorMessage != "bad input" || len(e.Trace) == 0 {
			t.Errorf("error %q payload %s", r.FunctionError, r.Payload)
		}
	})
	t.Run("only the SDK of node_modules is visible, as on Lambda", func(t *testing.T) {
		r := invoke(t, in, `{"require": "yaml"}`)
		if r.FunctionError == "" || !strings.Contains(string(r.Payload), "yaml") {
			t.Errorf("a package outside the bundle resolved: %s", r.Payload)
		}
	})
	t.Run("a missing handler fails the init", func(t *testing.T) {
		bad := start(t, dir, "MissingFunction", Options{NodeModules: nodeModules})
		r := invoke(t, bad, `{}`)
		if r.FunctionError != "Runtime.HandlerNotFound" || !strings.Contains(string(r.Payload), "index.nothere is undefined or not exported") {
			t.Errorf("error %q payload %s", r.FunctionError, r.Payload)
		}
	})
}

func TestStartErrors(t *testing.T) {
	machine, arch := otherArch()
	dir := writeAssembly(t, testFn{
		ID: "Other", Runtime: "provided.al2023", Handler: "bootstrap", Arch: arch,
		Files: map[string]string{"bootstrap": string(elfHeader(machine))}, Exec: map[string]bool{"bootstrap": true},
	}, echoFn(t, "Echo"))
	echo, err := Load(dir, "EchoFunction")
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"a bootstrap for another architecture, emulation refused", Options{CrossArch: Refuse}, "or run on " + arch},
		{"a bootstrap for another architecture without QEMU", Options{QEMU: "/nonexistent/qemu"},
			"/nonexistent/qemu is not an executable: Debian and Ubuntu `apt-get install qemu-user`"},
		{"a rebuild without recorded source", Options{CrossArch: RebuildForHost}, "needs the Go source recorded at synthesis (construct metadata lambdaperf:go-source"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fn, err := Load(dir, "OtherFunction")
			if err != nil {
				t.Fatal(err)
			}
			c.opts.Emulator = "/nonexistent"
			_, err = Start(context.Background(), fn, c.opts)
			if !errors.Is(err, ErrNotForHost) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	t.Run("a port in use", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		port := ln.Addr().(*net.TCPAddr).Port
		_, err = Start(context.Background(), echo, Options{Emulator: emulator(t), Port: port})
		if !errors.Is(err, ErrPortInUse) || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)+" is taken") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("the port asked for", func(t *testing.T) {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		in, err := Start(context.Background(), echo, Options{Emulator: emulator(t), Port: port})
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		if want := "http://127.0.0.1:" + strconv.Itoa(port) + InvokePath; in.URL() != want {
			t.Errorf("URL %s, want %s", in.URL(), want)
		}
	})
	t.Run("an emulator that does not start", func(t *testing.T) {
		fake := filepath.Join(t.TempDir(), "aws-lambda-rie")
		if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'no such thing' >&2\nexit 1\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := Start(context.Background(), echo, Options{Emulator: fake})
		if !errors.Is(err, ErrNoEmulator) || !strings.Contains(err.Error(), "the emulator exited at start: no such thing") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestEmulatorErrors(t *testing.T) {
	t.Run(EmulatorEnv+" must name a file", func(t *testing.T) {
		t.Setenv(EmulatorEnv, t.TempDir())
		if _, err := Emulator(context.Background()); !errors.Is(err, ErrNoEmulator) || !strings.Contains(err.Error(), "is not a file") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("without Go the emulator cannot be built", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, err := BuildEmulator(context.Background(), t.TempDir())
		if !errors.Is(err, ErrNoEmulator) || !strings.Contains(err.Error(), "`go` is not on PATH: install Go") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a cached build is reused", func(t *testing.T) {
		dir := t.TempDir()
		bin := filepath.Join(dir, "aws-lambda-rie")
		if err := os.WriteFile(bin, nil, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", t.TempDir()) // no go: a build would fail
		if got, err := BuildEmulator(context.Background(), dir); err != nil || got != bin {
			t.Errorf("got %q, %v", got, err)
		}
	})
}

func TestInvokePython(t *testing.T) {
	dir := writeAssembly(t, testFn{
		ID: "Py", Runtime: "python3.13", Handler: "app.handler", Memory: 1024, Timeout: 5,
		Env:   map[string]any{"STAGE": "test"},
		Files: map[string]string{"app.py": "@testdata/pyecho/app.py"},
	}, testFn{
		ID: "PyMissing", Runtime: "python3.13", Handler: "nomodule.handler",
		Files: map[string]string{"app.py": "@testdata/pyecho/app.py"},
	})
	in := start(t, dir, "Test/Py", Options{})
	cold := invoke(t, in, `{"echo": {"a": 1}, "env": "STAGE"}`)
	got := decode(t, cold)
	if cold.FunctionError != "" || got["env"] != "test" || got["memory"] != "1024" || got["requestId"] != cold.Report.RequestID || got["remaining"] != true {
		t.Errorf("response %s (error %q)", cold.Payload, cold.FunctionError)
	}
	if !cold.Report.Cold || cold.Report.InitDuration <= 0 || !strings.Contains(cold.Logs, "init done") || !strings.Contains(cold.Logs, "event {'echo'") {
		t.Errorf("report %s, logs %q", cold.Report, cold.Logs)
	}
	failed := invoke(t, in, `{"fail": "bad"}`)
	if failed.FunctionError != "ValueError" || !strings.Contains(string(failed.Payload), `"errorMessage": "bad"`) || failed.Report.Cold {
		t.Errorf("error %q payload %s", failed.FunctionError, failed.Payload)
	}
	t.Run("a module that cannot be imported fails the init", func(t *testing.T) {
		bad := start(t, dir, "Test/PyMissing", Options{})
		r := invoke(t, bad, `{}`)
		if r.FunctionError != "Runtime.ImportModuleError" || !strings.Contains(string(r.Payload), "Unable to import module 'nomodule'") {
			t.Errorf("error %q payload %s", r.FunctionError, r.Payload)
		}
	})
}

// alive reports whether pid runs (a zombie does not).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && fields[0] != "Z"
}

func TestCloseStopsEverything(t *testing.T) {
	fn, err := Load(writeAssembly(t, echoFn(t, "Echo")), "EchoFunction")
	if err != nil {
		t.Fatal(err)
	}
	in, err := Start(context.Background(), fn, Options{Emulator: emulator(t)})
	if err != nil {
		t.Fatal(err)
	}
	invoke(t, in, `{}`)
	pids := []int{in.cmd.Process.Pid}
	for _, p := range children(in.cmd.Process.Pid) {
		pids = append(pids, p.pid)
	}
	if len(pids) != 2 {
		t.Fatalf("emulator and runtime: %v", pids)
	}
	// An invocation in flight when Close is called fails at once.
	done := make(chan error, 1)
	go func() {
		_, err := in.Invoke(context.Background(), []byte(`{"sleepMs": 4000}`))
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	began := time.Now()
	in.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the invocation in flight answered after Close")
		}
	case <-time.After(3 * time.Second):
		t.Error("the invocation in flight still waits after Close")
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("Close took %v", took)
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d still runs after Close", pid)
		}
	}
	if _, err := os.Stat(in.code.work); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", in.code.work, err)
	}
	if _, err := in.Invoke(context.Background(), nil); err == nil {
		t.Error("a closed instance invoked")
	}
}
