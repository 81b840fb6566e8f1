package localinvoke

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// environment is one Lambda Managed Instances execution environment on
// this machine: the function's runtime, started by lambdaperf itself (no
// emulator), served by lambdaperf's Runtime API (runtimeapi.go), up to
// LocalConcurrency invocations at once, and its resident memory capped at
// the function's MemorySize as for an on-demand instance (memory.go). It
// initializes before its first invocation, as Lambda starts environments
// before a version takes traffic. A runtime that exits fails what it held
// and leaves the environment unhealthy: the pool replaces it.
type environment struct {
	c       *code
	mi      *ManagedInstances
	api     *runtimeAPI
	proc    *process
	tmp     string
	started time.Time
	init    time.Duration
	// slots caps the invocations in flight at LocalConcurrency.
	slots  chan struct{}
	exited chan struct{} // closed when the runtime process has exited
	out    *envLog
	recent recentIDs
	// markers says the runtime is lambdaperf's client, which ends each
	// invocation's output with a marker line (envLog).
	markers            bool
	peakKiB, killedKiB atomic.Int64
	closed             atomic.Bool
	closeOnce          sync.Once
}

// startEnvironment starts an environment for the prepared code and waits
// for its init: until the runtime's first /next, its exit, the init
// timeout (lambda.ManagedInstancesInitTimeout) or ctx's end.
func (c *code) startEnvironment(ctx context.Context) (*Instance, error) {
	mi := c.fn.ManagedInstances
	tmp, err := os.MkdirTemp(c.work, "tmp-")
	if err != nil {
		return nil, err
	}
	e := &environment{
		c: c, mi: mi, tmp: tmp,
		slots:  make(chan struct{}, mi.LocalConcurrency),
		exited: make(chan struct{}),
		out:    newEnvLog(c.output),
	}
	fam, _ := lambda.Family(c.fn.Runtime)
	e.markers = fam == "nodejs" || fam == "python"
	if e.api, err = newRuntimeAPI(c.fn, c.env["AWS_REGION"], mi.LocalConcurrency, e.exited); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	e.api.workerConns = e.markers
	e.started = time.Now()
	p, err := c.spawn(c.argv, tmp, []string{
		"AWS_LAMBDA_RUNTIME_API=" + e.api.addr(),
		lambda.MaxConcurrencyEnv + "=" + strconv.Itoa(mi.LocalConcurrency),
		"AWS_LAMBDA_INITIALIZATION_TYPE=" + lambda.ManagedInstancesInitializationType,
		// Managed Instances always log structured JSON with the requestId
		// (lambda.ManagedInstancesNodeJSDoc, "Logging").
		"AWS_LAMBDA_LOG_FORMAT=JSON",
		// For lambdaperf's Node.js client: the worker threads to start.
		"LAMBDAPERF_NODEJS_WORKERS=" + strconv.Itoa(mi.Workers),
	}, e.out.line, e.out.line, e.exited)
	if err != nil {
		e.api.close()
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("%s: cannot start the runtime %s: %v", c.fn.Name(), c.argv[0], err)
	}
	e.proc = p
	go e.wait()
	if !c.opts.NoMemoryCap {
		pid := e.proc.cmd.Process.Pid
		go watchMemory(c.memoryCapKiB(), e.exited, func() bool { return len(e.slots) > 0 }, func() []proc { return e.processes(pid) }, &e.peakKiB, &e.killedKiB)
	}
	in := &Instance{fn: c.fn, code: c, env: e}
	if err := e.waitInit(ctx); err != nil {
		e.close()
		return nil, err
	}
	c.recordInit(e.init)
	return in, nil
}

// waitInit waits for the runtime's first /next.
func (e *environment) waitInit(ctx context.Context) error {
	timeout := lambda.ManagedInstancesInitTimeout(e.c.fn.TimeoutSec)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-e.api.ready:
		e.init = time.Unix(0, e.api.readyAt.Load()).Sub(e.started)
		return nil
	case <-e.exited:
		select { // its last words
		case <-e.proc.stderrDone:
		case <-time.After(time.Second):
		}
		why := fmt.Sprintf("the runtime exited (%v)", e.exitErr())
		if errs := e.api.initErrors(); len(errs) > 0 {
			why = strings.Join(errs, "; ")
		}
		if out := lastLines(strings.TrimSpace(e.out.tail.String()), 6); out != "" {
			why += "; last output:\n" + out
		}
		return fmt.Errorf("%s: the Managed Instances environment failed its init: %s", e.c.fn.Name(), why)
	case <-timer.C:
		return fmt.Errorf("%s: the Managed Instances environment's init did not end within %v (no /runtime/invocation/next): Lambda's init timeout is the larger of %v and the function's timeout (%s)",
			e.c.fn.Name(), timeout, lambda.MinManagedInstancesInitTimeout, lambda.ManagedInstancesExecutionDoc)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// exitErr is how the runtime exited; nil while it runs.
func (e *environment) exitErr() error {
	select {
	case <-e.exited:
	default:
		return nil
	}
	if e.proc.err == nil {
		return errors.New("exit status 0")
	}
	return e.proc.err
}

// wait fails what the runtime held, with its exit status, when it exits.
func (e *environment) wait() {
	<-e.exited
	if e.closed.Load() {
		e.api.failAll(errorObject("Runtime.ExitError", "lambdaperf: the environment was closed"), "Runtime.ExitError")
		return
	}
	msg := fmt.Sprintf("Runtime exited with error: %v", e.exitErr())
	if killed := e.killedKiB.Load(); killed > 0 {
		msg = killedCause(killed, e.c.fn.MemoryMiB, "an environment")
	}
	time.Sleep(20 * time.Millisecond) // the last lines of a dying runtime
	if line := outOfMemory(e.out.tail.String()); line != "" && e.killedKiB.Load() == 0 {
		msg += " (" + outOfMemoryCause(line, e.c.fn.MemoryMiB) + ")"
	}
	if out := lastLines(strings.TrimSpace(e.out.tail.String()), detailLogLines); out != "" {
		msg += "; last output: " + strings.ReplaceAll(out, "\n", " | ")
	}
	e.api.failAll(errorObject("Runtime.ExitError", msg), "Runtime.ExitError")
}

// healthy says why the environment must not take more invocations, nil
// when it may.
func (e *environment) healthy() error {
	if e.closed.Load() {
		return errors.New("closed")
	}
	select {
	case <-e.exited:
		return fmt.Errorf("its runtime exited (%v)", e.exitErr())
	default:
	}
	return nil
}

// gone is why an invocation could not be handed to the runtime.
func (e *environment) gone() error {
	if e.closed.Load() {
		return errors.New("localinvoke: instance is closed")
	}
	return fmt.Errorf("%w: it exited (%v)", errRuntimeGone, e.exitErr())
}

// invoke runs one invocation in the environment: it waits for a slot (at
// most LocalConcurrency run at once), then for a /next poll of the
// runtime, then for the answer within the function's timeout. Past the
// timeout the caller gets Sandbox.Timedout and the handler runs on.
func (e *environment) invoke(ctx context.Context, event []byte, id string) (*Result, error) {
	start := time.Now()
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-e.exited:
		return nil, e.gone()
	}
	defer func() { <-e.slots }()
	if e.closed.Load() {
		return nil, e.gone()
	}
	e.c.recordInFlight(len(e.slots))
	e.recent.add(id)
	inv := newInvocation(id, event)
	e.out.expect(id)
	timeout := time.Duration(e.c.fn.TimeoutSec) * time.Second
	// Every worker busy (timed-out handlers run on, a synchronous Node.js
	// handler holds its thread): Lambda rejects the invocation
	// (lambda.ManagedInstancesExecutionDoc, "Backpressure handling"); here
	// it waits for a worker, at most the function's timeout.
	handoff := time.NewTimer(timeout)
	defer handoff.Stop()
	select {
	case e.api.work <- inv:
	case <-ctx.Done():
		e.out.take(id)
		return nil, ctx.Err()
	case <-e.exited:
		e.out.take(id)
		return nil, e.gone()
	case <-e.api.closing:
		e.out.take(id)
		return nil, e.gone()
	case <-handoff.C:
		e.out.take(id)
		r := &Result{FunctionError: "Runtime.Unavailable", Cause: fmt.Sprintf("no runtime worker took the invocation within the function's timeout (%v): every worker was busy; Lambda rejects it, or sends it to another environment", timeout)}
		r.Payload = errorObject(r.FunctionError, r.Cause)
		r.Report = Report{RequestID: id, Latency: time.Since(start), MemorySizeMB: e.c.fn.MemoryMiB, Managed: true, Emulated: e.c.emulated}
		return r, nil
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-inv.done:
	case <-timer.C:
		if e.api.timeOut(id) != nil {
			inv.finish(errorObject("Sandbox.Timedout", fmt.Sprintf("Task timed out after %.2f seconds (Managed Instances do not stop the handler: it runs on)", timeout.Seconds())), "Sandbox.Timedout")
		}
		<-inv.done
	case <-ctx.Done():
		// Nobody waits for the answer; the invocation runs on, as on
		// Lambda, and its timeout still frees the API of it.
		go func() {
			select {
			case <-inv.done:
			case <-timer.C:
				e.api.timeOut(id)
			}
			e.out.take(id)
		}()
		return nil, ctx.Err()
	}
	// The output comes through a pipe (and from a worker thread, through
	// the main thread) and may trail the answer: lambdaperf's clients end
	// it with a marker line, a bootstrap gets a moment.
	grace := endMarkerWait
	if !e.markers {
		grace = bootstrapOutputWait
	}
	e.out.waitEnd(id, grace)
	logs, dropped := e.out.take(id)
	r := &Result{Payload: inv.payload, FunctionError: inv.errorType, Logs: logs, CrossTalk: e.recent.others(id, inv.payload)}
	if dropped {
		r.Logs += fmt.Sprintf("[lambdaperf: output past %d KiB not kept]\n", maxLogBytes>>10)
	}
	if r.FunctionError != "" {
		r.Cause = ErrorMessage(r.Payload)
	}
	rep := &r.Report
	rep.RequestID = id
	rep.Latency = time.Since(start)
	rep.MemorySizeMB = e.c.fn.MemoryMiB
	rep.Emulated = e.c.emulated
	rep.Managed = true
	rep.InFlight = inv.inFlight
	if !inv.handed.IsZero() {
		rep.Duration = max(inv.ended.Sub(inv.handed), 0)
	}
	rep.MaxMemoryUsedMB = int((e.peakKiB.Load() + 1023) / 1024)
	return r, nil
}

// processes are the runtime process and its descendants.
func (e *environment) processes(pid int) []proc {
	st := startTime(pid)
	if st == "" {
		return nil
	}
	return append([]proc{{pid, st}}, descendants(pid)...)
}

// close stops the runtime and every process it started, then the API, and
// removes the environment's /tmp. Only the first call does anything.
func (e *environment) close() {
	e.closeOnce.Do(func() {
		e.closed.Store(true)
		e.proc.stop(e.tmp, e.processes(e.proc.cmd.Process.Pid))
		e.api.close()
		os.RemoveAll(e.tmp)
	})
}

// envLog sorts an environment's output by invocation: a JSON log line
// carries its requestId (Managed Instances log structured JSON), a text
// line may name the request id; what names none is the environment's own
// (init output, a crash), kept in tail for error messages.
type envLog struct {
	mu   sync.Mutex
	byID map[string]*invocationOutput
	tail tail
	echo io.Writer
}

type invocationOutput struct {
	b       strings.Builder
	dropped bool
	ended   chan struct{} // closed at the client's end marker
}

// How long an answered invocation waits for the rest of its output: the
// end marker of lambdaperf's clients, or a moment for a bootstrap.
const (
	endMarkerWait       = time.Second
	bootstrapOutputWait = 10 * time.Millisecond
)

// endMarker is in the line lambdaperf's clients write after an
// invocation's output, on Managed Instances.
const endMarker = `"lambdaperf":"invocation-end"`

// waitEnd waits up to d for the end marker of invocation id.
func (l *envLog) waitEnd(id string, d time.Duration) {
	l.mu.Lock()
	o := l.byID[id]
	l.mu.Unlock()
	if o == nil {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-o.ended:
	case <-t.C:
	}
}

func newEnvLog(echo io.Writer) *envLog {
	return &envLog{byID: map[string]*invocationOutput{}, echo: echo}
}

// expect starts collecting the output of invocation id.
func (l *envLog) expect(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byID[id] = &invocationOutput{ended: make(chan struct{})}
}

// take returns what invocation id wrote and stops collecting it.
func (l *envLog) take(id string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o := l.byID[id]
	delete(l.byID, id)
	if o == nil {
		return "", false
	}
	return o.b.String(), o.dropped
}

func (l *envLog) line(s string) {
	id := jsonRequestID(s)
	if id != "" && strings.Contains(s, endMarker) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if o := l.byID[id]; o != nil {
			select {
			case <-o.ended:
			default:
				close(o.ended)
			}
		}
		return
	}
	if l.echo != nil {
		_, _ = io.WriteString(l.echo, s)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if id == "" && len(l.byID) <= 4096 {
		for k := range l.byID {
			if strings.Contains(s, k) {
				id = k
				break
			}
		}
	}
	o := l.byID[id]
	if o == nil {
		l.tail.add(s)
		return
	}
	if o.b.Len()+len(s) > maxLogBytes {
		o.dropped = true
		return
	}
	o.b.WriteString(s)
}

// jsonRequestID is the requestId of a JSON log line, "" for other lines.
func jsonRequestID(s string) string {
	t := strings.TrimSpace(s)
	if len(t) < 2 || t[0] != '{' || len(t) > maxLogBytes || !strings.Contains(t, `"requestId"`) {
		return ""
	}
	var rec struct {
		RequestID string `json:"requestId"`
	}
	if json.Unmarshal([]byte(t), &rec) != nil {
		return ""
	}
	return rec.RequestID
}

// recentIDs are the request ids an environment was given lately: a
// response that names one of them other than its own carries state of
// another invocation, the bug Managed Instances expose (a request id kept
// at module level, a shared buffer).
type recentIDs struct {
	mu   sync.Mutex
	set  map[string]bool
	ring []string
}

// recentKept bounds recentIDs; crossTalkScan bounds how much of a
// response is searched for request ids.
const (
	recentKept    = 4096
	crossTalkScan = 64 << 10
	crossTalkMax  = 3
)

var reRequestID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func (r *recentIDs) add(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil {
		r.set = map[string]bool{}
	}
	r.set[id] = true
	r.ring = append(r.ring, id)
	if len(r.ring) > recentKept {
		delete(r.set, r.ring[0])
		r.ring = r.ring[1:]
	}
}

// others are the recent request ids, not own, that payload names.
func (r *recentIDs) others(own string, payload []byte) []string {
	if len(payload) > crossTalkScan {
		payload = payload[:crossTalkScan]
	}
	var out []string
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range reRequestID.FindAll(payload, -1) {
		id := string(m)
		if id != own && r.set[id] && !slices.Contains(out, id) {
			out = append(out, id)
			if len(out) == crossTalkMax {
				break
			}
		}
	}
	return out
}

// managedStats is what the environments of one prepared function report:
// each init, and the most invocations one of them held at once.
type managedStats struct {
	mu           sync.Mutex
	inits        []time.Duration
	peakInFlight atomic.Int64
}

func (c *code) recordInit(d time.Duration) {
	c.mstats.mu.Lock()
	defer c.mstats.mu.Unlock()
	if len(c.mstats.inits) < 1024 {
		c.mstats.inits = append(c.mstats.inits, d)
	}
}

func (c *code) recordInFlight(n int) {
	for {
		old := c.mstats.peakInFlight.Load()
		if int64(n) <= old || c.mstats.peakInFlight.CompareAndSwap(old, int64(n)) {
			return
		}
	}
}

// EnvironmentReport is how the Managed Instances environments of a run
// went.
type EnvironmentReport struct {
	// Inits is the number of environments started (replacements included).
	Inits int `json:"inits"`
	// Init is their init durations: from the runtime's start to its first
	// /runtime/invocation/next, before any invocation.
	Init Stats `json:"initDurationMs"`
	// PeakInFlight is the most invocations one environment held at once.
	PeakInFlight int `json:"peakInFlight"`
}

// environmentReport reports the environments of c.
func (c *code) environmentReport() EnvironmentReport {
	c.mstats.mu.Lock()
	defer c.mstats.mu.Unlock()
	return EnvironmentReport{Inits: len(c.mstats.inits), Init: NewStats(c.mstats.inits), PeakInFlight: int(c.mstats.peakInFlight.Load())}
}
