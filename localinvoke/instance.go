package localinvoke

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// InvokePath is the emulator's invoke endpoint.
const InvokePath = "/2015-03-31/functions/function/invocations"

// Local stand-ins for credentials, so an SDK call fails fast with an
// authentication error instead of searching for credentials (instance
// metadata, ~/.aws) on this machine.
const (
	placeholderKeyID  = "AKIALAMBDAPERFLOCAL0"
	placeholderSecret = "lambdaperf-local-invoke-placeholder"
)

// Options configures how a function runs locally. The zero value works.
type Options struct {
	// Emulator is an aws-lambda-rie binary. Default: Emulator(), the pinned
	// build in the user cache, built on first use.
	Emulator string
	// Port of the invoke endpoint on 127.0.0.1. Default: a free port.
	Port int
	// NodeModules is a node_modules folder whose @aws-sdk (and @smithy)
	// packages stand in for the SDK the Lambda Node.js runtime ships.
	// Default: the nearest node_modules holding @aws-sdk above the code
	// asset, else above the working directory; none when there is none.
	NodeModules string
	// Credentials passes the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
	// AWS_SESSION_TOKEN of this process to the function, as Lambda passes
	// the execution role's. Default: placeholder credentials, so calls to
	// AWS fail with an authentication error.
	Credentials bool
	// Region is AWS_REGION. Default: $AWS_REGION, else us-east-1.
	Region string
	// Output receives the function's output as it is written, from other
	// goroutines (one write at a time, none after Close returns); the
	// caller's own writes to it need a lock of their own. Default: it is
	// only kept in each Result.
	Output io.Writer
	// EmulatorLog receives the emulator's own log, like Output. Default:
	// discarded.
	EmulatorLog io.Writer
	// CrossArch says how a bootstrap built for another architecture runs
	// here. Default: Emulate, under QEMU user-mode emulation.
	CrossArch CrossArch
	// QEMU is the user-mode emulator binary for Emulate. Default:
	// qemu-aarch64 (or qemu-x86_64 on an arm64 machine) on PATH, else the
	// same name with -static.
	QEMU string
	// NoMemoryCap lets the runtime use more resident memory than the
	// function's MemorySize. Default: false, the runtime is killed above it
	// as Lambda kills a function out of memory (memory.go).
	NoMemoryCap bool
}

// Instance is one emulator running one function, on 127.0.0.1. It serves
// one invocation at a time; its first is a cold start. For a function on a
// Managed Instances capacity provider (Function.ManagedInstances) it is
// one execution environment instead: initialized when it starts, it runs
// up to ManagedInstances.LocalConcurrency invocations at once, and Invoke
// may be called from several goroutines.
type Instance struct {
	fn     *Function
	code   *code
	owned  bool // Close removes code
	proc   *process
	cmd    *exec.Cmd
	url    string
	client *http.Client
	logs   *logState
	exited chan struct{}
	// stdoutDone and stderrDone close when the emulator's streams end.
	stdoutDone, stderrDone chan struct{}
	stderr                 *tail
	tmp                    string
	mu                     sync.Mutex // one invocation at a time
	// procMu guards runtime, the runtime processes seen, for Close.
	procMu  sync.Mutex
	runtime []proc
	closed  atomic.Bool
	// broken is set when an invocation ended without a clean answer (the
	// emulator may still be busy with it): the pool restarts the instance
	// before it is used again.
	broken atomic.Bool
	// busy is set while an invocation is in flight; killedKiB is the
	// resident memory the runtime held when the memory watch killed it,
	// 0 when it did not (memory.go).
	busy      atomic.Bool
	killedKiB atomic.Int64
	closeOnce sync.Once
	// env is set for a Managed Instances function: the instance is then an
	// execution environment (environment.go), with no emulator, and the
	// fields above from cmd on are unused.
	env *environment
}

// Start prepares fn's code and starts an emulator for it. Close stops it.
func Start(ctx context.Context, fn *Function, opts Options) (*Instance, error) {
	c, err := prepare(ctx, fn, opts)
	if err != nil {
		return nil, err
	}
	in, err := c.start(ctx, opts.Port)
	if err != nil {
		c.remove()
		return nil, err
	}
	in.owned = true
	return in, nil
}

// Function is what the instance runs.
func (in *Instance) Function() *Function { return in.fn }

// URL is the instance's invoke endpoint; "" for a Managed Instances
// environment, which has none (lambdaperf serves its runtime directly).
func (in *Instance) URL() string { return in.url }

// Environments reports the Managed Instances environment: its init and
// the most invocations it held at once; nil for an on-demand function.
func (in *Instance) Environments() *EnvironmentReport {
	if in.env == nil {
		return nil
	}
	r := in.code.environmentReport()
	return &r
}

// Notes say what differs from Lambda in this run (placeholders, versions).
func (in *Instance) Notes() []string { return in.code.notes }

// startAttempts bounds retries when a free port is taken before the
// emulator binds it.
const startAttempts = 3

// start runs one emulator for the prepared code; port 0 picks a free one.
// A Managed Instances function gets an environment instead.
func (c *code) start(ctx context.Context, port int) (*Instance, error) {
	if c.fn.ManagedInstances != nil {
		if port != 0 {
			return nil, fmt.Errorf("%s runs on Managed Instances, under lambdaperf's own Runtime API: it has no invoke endpoint to put on port %d; leave the port out", c.fn.Name(), port)
		}
		return c.startEnvironment(ctx)
	}
	if port != 0 {
		if err := checkPort(port); err != nil {
			return nil, err
		}
	}
	var last error
	for attempt := 0; attempt < startAttempts; attempt++ {
		in, err := c.startOnce(ctx, port)
		if err == nil {
			return in, nil
		}
		last = err
		if !errors.Is(err, ErrPortInUse) || port != 0 {
			return nil, err
		}
	}
	return nil, last
}

func checkPort(port int) error {
	if port < 1 || port > 65535 {
		return fmt.Errorf("port must be 1..65535, got %d", port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("%w: 127.0.0.1:%d is taken by another program: choose another port or leave it out to use a free one", ErrPortInUse, port)
	}
	return ln.Close()
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func (c *code) startOnce(ctx context.Context, port int) (*Instance, error) {
	var err error
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	apiPort, err := freePort()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(c.work, "tmp-")
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	args := []string{
		"--log-level", "info",
		"--runtime-interface-emulator-address", addr,
		"--runtime-api-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(apiPort)),
	}
	in := &Instance{
		fn: c.fn, code: c, tmp: tmp,
		url:    "http://" + addr + InvokePath,
		logs:   newLogState(c.output, c.emulatorLog),
		exited: make(chan struct{}),
		stderr: &tail{},
		client: &http.Client{Transport: &http.Transport{
			Proxy:               nil, // loopback: never through a proxy
			MaxIdleConnsPerHost: 2,
			DisableCompression:  true,
		}},
	}
	// c.env is the runtime's environment: the emulator passes it on.
	p, err := c.spawn(append([]string{c.emulator}, append(args, c.argv...)...), tmp, nil,
		in.logs.stdoutLine, func(line string) { in.stderr.add(line); in.logs.stderrLine(line) }, in.exited)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("%w: cannot start %s: %v", ErrNoEmulator, c.emulator, err)
	}
	in.proc, in.cmd, in.stdoutDone, in.stderrDone = p, p.cmd, p.stdoutDone, p.stderrDone
	if !c.opts.NoMemoryCap {
		pid := in.cmd.Process.Pid
		go watchMemory(c.memoryCapKiB(), in.exited, in.busy.Load, func() []proc { return descendants(pid) }, nil, &in.killedKiB)
	}

	if err := in.waitReady(ctx, addr); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// readyTimeout bounds the emulator's start (not the function's init, which
// happens on the first invocation).
const readyTimeout = 10 * time.Second

func (in *Instance) waitReady(ctx context.Context, addr string) error {
	deadline := time.Now().Add(readyTimeout)
	for {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return nil
		}
		select {
		case <-in.exited:
			select {
			case <-in.stderrDone:
			case <-time.After(time.Second):
			}
			msg := in.stderr.String()
			if strings.Contains(msg, "address already in use") {
				return fmt.Errorf("%w: %s was taken before the emulator could listen on it", ErrPortInUse, addr)
			}
			return fmt.Errorf("%w: the emulator exited at start: %s", ErrNoEmulator, lastLines(strings.TrimSpace(msg), 4))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: the emulator did not listen on %s within %v", ErrNoEmulator, addr, readyTimeout)
		}
	}
}

// logGrace is how long Invoke waits for the emulator's log lines about an
// invocation after its response.
const logGrace = 2 * time.Second

// Invoke sends one event and waits for the answer, within the function's
// timeout plus a margin. A function error is a Result with FunctionError;
// an error means the emulator did not answer.
func (in *Instance) Invoke(ctx context.Context, event []byte) (*Result, error) {
	return in.invoke(ctx, event, newRequestID())
}

// invokeEvent invokes with event as JSON and the request id id.
func (in *Instance) invokeEvent(ctx context.Context, event any, id string) (*Result, error) {
	b, err := json.Marshal(event)
	if err != nil {
		return nil, err
	}
	return in.invoke(ctx, b, id)
}

func (in *Instance) invoke(ctx context.Context, event []byte, id string) (*Result, error) {
	if len(event) > lambda.MaxSyncRequestBytes {
		// Refused before it reaches the emulator, which would cut the event
		// at 6 MiB + 100 bytes and hand the function the truncated JSON.
		return nil, fmt.Errorf("%w: %s (the event holds %d bytes)", ErrRequestTooLarge, lambda.SyncRequestTooLargeMessage(), len(event))
	}
	if len(bytes.TrimSpace(event)) == 0 {
		event = []byte("{}")
	}
	if in.env != nil {
		return in.env.invoke(ctx, event, id)
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed.Load() {
		return nil, errors.New("localinvoke: instance is closed")
	}
	in.busy.Store(true)
	defer in.busy.Store(false)
	in.killedKiB.Store(0)
	ctx, cancel := context.WithTimeout(ctx, time.Duration(in.fn.TimeoutSec)*time.Second+10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, in.url, bytes.NewReader(event))
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Amzn-RequestId", id)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := in.client.Do(req)
	if err != nil {
		// The emulator may still be working on it: never hand it out again.
		in.broken.Store(true)
		select {
		case <-in.exited:
			return nil, fmt.Errorf("the emulator exited: %s", lastLines(strings.TrimSpace(in.stderr.String()), 4))
		default:
		}
		return nil, fmt.Errorf("invoke %s: %w", in.fn.Name(), err)
	}
	payload, err := io.ReadAll(io.LimitReader(resp.Body, lambda.MaxSyncResponseBytes+1))
	resp.Body.Close()
	latency := time.Since(start)
	if err != nil {
		in.broken.Store(true)
		return nil, fmt.Errorf("invoke %s: reading the response: %w", in.fn.Name(), err)
	}
	oversized := len(payload) > lambda.MaxSyncResponseBytes
	if oversized || resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadGateway {
		// A response left unread, or the emulator refusing the call
		// (AlreadyReserved is a 400): its state is not to be trusted.
		in.broken.Store(true)
	}

	grace := logGrace
	if resp.StatusCode != http.StatusOK {
		grace = 200 * time.Millisecond // no REPORT follows a failed init
	}
	l := in.logs.collect(id, grace, in.exited)

	procs := children(in.cmd.Process.Pid)
	in.procMu.Lock()
	in.runtime = appendNew(in.runtime, procs)
	in.procMu.Unlock()
	r := &Result{Payload: payload, Logs: l.output.String()}
	if l.dropped {
		r.Logs += fmt.Sprintf("[lambdaperf: output past %d KiB not kept]\n", maxLogBytes>>10)
	}
	rep := &r.Report
	rep.RequestID = id
	rep.Latency = latency
	rep.MemorySizeMB = in.fn.MemoryMiB
	rep.Cold, rep.InitDuration = l.cold, l.init
	rep.Emulator = l.emulator
	rep.Emulated = in.code.emulated
	switch {
	case l.rtDone:
		rep.Duration = l.duration
	case l.emulator != nil:
		rep.Duration = l.emulator.Duration - l.init
	}
	rep.Duration = max(rep.Duration, 0)
	rep.BilledDuration = time.Duration(math.Ceil(float64(rep.InitDuration+rep.Duration)/float64(time.Millisecond))) * time.Millisecond
	if kb := peakRSSKiB(procs); kb > 0 {
		rep.MaxMemoryUsedMB = (kb + 1023) / 1024
	}
	switch killed := in.killedKiB.Load(); {
	case oversized:
		// The emulator enforces the same limit; this is for one that does not.
		r.FunctionError, r.Cause = lambda.ResponseTooLargeType, lambda.ResponseTooLargeMessage()
		r.Payload = errorObject(r.FunctionError, r.Cause)
		return r, nil
	case killed > 0:
		rep.MaxMemoryUsedMB = int((killed + 1023) / 1024)
		r.FunctionError = "Runtime.ExitError"
		r.Cause = killedCause(killed, in.fn.MemoryMiB, "a function")
		r.Payload = errorObject(r.FunctionError, r.Cause)
		return r, nil
	}
	r.FunctionError = functionError(resp.StatusCode, payload, l.problems)
	if r.FunctionError != "" {
		r.Cause = strings.Join(l.problems, "; ")
	}
	if r.FunctionError == "Runtime.ExitError" {
		if line := outOfMemory(r.Logs); line != "" {
			r.Cause = strings.TrimPrefix(r.Cause+" ("+outOfMemoryCause(line, in.fn.MemoryMiB)+")", " ")
		}
	}
	if r.FunctionError != "" && (resp.StatusCode != http.StatusOK || len(payload) == 0) {
		// The emulator answers a failed init with an empty 502: give the
		// caller Lambda's error object with what its log said.
		msg := r.Cause
		if msg == "" {
			msg = fmt.Sprintf("the emulator answered %s", resp.Status)
		}
		if len(payload) > 0 && !json.Valid(payload) {
			msg = string(payload)
		}
		if len(payload) == 0 || !json.Valid(payload) {
			r.Payload = errorObject(r.FunctionError, msg)
		}
	}
	return r, nil
}

// errorObject is Lambda's error object for a failed invocation.
func errorObject(errorType, message string) []byte {
	b, _ := json.Marshal(map[string]string{"errorType": errorType, "errorMessage": message})
	return b
}

// healthy says why the instance must not take another invocation: it is
// closed, its last invocation was abandoned, its emulator exited, or it no
// longer accepts connections. nil when it may.
func (in *Instance) healthy() error {
	if in.env != nil {
		return in.env.healthy()
	}
	switch {
	case in.closed.Load():
		return errors.New("closed")
	case in.broken.Load():
		return errors.New("its last invocation was abandoned")
	}
	select {
	case <-in.exited:
		return errors.New("the emulator exited")
	default:
	}
	u, err := url.Parse(in.url)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err != nil {
		return fmt.Errorf("the emulator does not accept connections: %w", err)
	}
	return conn.Close()
}

// appendNew adds the processes not yet in seen.
func appendNew(seen, ps []proc) []proc {
	for _, p := range ps {
		found := false
		for _, s := range seen {
			if s == p {
				found = true
				break
			}
		}
		if !found {
			seen = append(seen, p)
		}
	}
	return seen
}

// functionError tells a failed invocation from a response: Lambda's error
// object (errorType, errorMessage), the emulator's timeout text, or a non-200
// status.
func functionError(status int, payload []byte, problems []string) string {
	if bytes.HasPrefix(payload, []byte("Task timed out after")) {
		return "Sandbox.Timedout"
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(payload, &obj) == nil && obj["errorType"] != nil && obj["errorMessage"] != nil {
		allowed := map[string]bool{"errorType": true, "errorMessage": true, "trace": true, "stackTrace": true, "requestId": true, "cause": true}
		lambdaShaped := true
		for k := range obj {
			lambdaShaped = lambdaShaped && allowed[k]
		}
		var t string
		if lambdaShaped && json.Unmarshal(obj["errorType"], &t) == nil {
			if t == "" {
				t = "Error"
			}
			return t
		}
	}
	if status == http.StatusOK {
		return ""
	}
	for _, p := range problems {
		if m := reFatalType.FindStringSubmatch(p); m != nil {
			return m[1]
		}
	}
	return "Runtime.Unknown"
}

// newRequestID returns a random UUID, the form of Lambda's request ids.
func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Close stops the emulator and the runtime it started, and removes the
// instance's files; an invocation in flight fails. It waits at most a few
// seconds, and only the first call does anything.
func (in *Instance) Close() error {
	in.closeOnce.Do(in.close)
	return nil
}

func (in *Instance) close() {
	in.closed.Store(true)
	if in.env != nil {
		in.env.close()
		if in.owned {
			in.code.remove()
		}
		return
	}
	in.procMu.Lock()
	runtimeProcs := appendNew(in.runtime, children(in.cmd.Process.Pid))
	in.procMu.Unlock()
	// The emulator shuts the runtime down on SIGTERM; runtimeProcs are a
	// runtime it could not stop.
	in.proc.stop(in.tmp, runtimeProcs)
	in.client.CloseIdleConnections()
	os.RemoveAll(in.tmp)
	if in.owned {
		in.code.remove()
	}
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// tail keeps the last few KiB of a stream, for error messages.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailBytes = 8 << 10

func (t *tail) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, s...)
	if len(t.buf) > tailBytes {
		t.buf = t.buf[len(t.buf)-tailBytes:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
