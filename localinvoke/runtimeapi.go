package localinvoke

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// The Lambda Runtime API of a Managed Instances environment, served by
// lambdaperf on 127.0.0.1. The pinned emulator has a Managed Instances mode
// (AWS_LAMBDA_MAX_CONCURRENCY set), but it only starts a bootstrap at
// /var/runtime, /var/task or /opt (internal/lambda-managed-instances/rapid,
// prepareRuntimeBootstrap, for a .zip function), a container image's
// layout, which lambdaperf cannot write on this machine; and its log lines
// are not the ones logs.go reads. So lambdaperf serves the API itself, as
// the Managed Instances execution environment behaves
// (lambda.ManagedInstancesExecutionDoc):
//
//   - every GET /runtime/invocation/next waiting gets its own invocation,
//     as many at once as the runtime polls: one poll per runtime worker
//     ("each handled by a different runtime worker");
//   - the timeout applies to each invocation alone; past it the caller gets
//     Sandbox.Timedout, the code is not stopped ("does not enforce the
//     timeout"), and its late answer gets 410 InvokeTimeout;
//   - a worker of lambdaperf's clients that dies fails only what it held
//     (its keep-alive connection closes: each Node.js worker thread and each
//     Python process has connections of its own, never closed while it
//     runs an invocation), and the others run on ("continues with the
//     remaining healthy workers"). A bootstrap's connections are a pool its
//     loops share (aws-lambda-go's http.Transport closes idle ones beyond
//     two), so for it only the whole process's exit fails invocations;
//   - the bodies are bounded as Lambda's: a response at 6 MiB + 100 bytes
//     (413, and the invocation fails with Function.ResponseSizeTooLarge),
//     an error or init error at 1 MiB (requestBodyLimitBytes of the
//     emulator's rapi), the /next polls at the concurrency plus a margin.
//
// The error bodies are the emulator's (rapi/rendering).
const (
	runtimeAPIBase = "/2018-06-01/runtime"
	// maxErrorBodyBytes bounds /error and /init/error bodies.
	maxErrorBodyBytes = 1 << 20
	// extraPolls are the /next polls taken beyond the concurrency (a
	// runtime that polls ahead) before more are refused.
	extraPolls = 64
	// timedOutKept is how many timed-out request ids are remembered, to
	// answer their late responses 410.
	timedOutKept = 1024
	// orphanGrace is how long an invocation whose worker's connection
	// closed waits for the runtime's exit to be seen: a whole runtime that
	// exits fails its invocations with its exit status instead.
	orphanGrace = 250 * time.Millisecond
)

// invocation is one event handed to the runtime through the API.
type invocation struct {
	id    string
	event []byte
	done  chan struct{}
	once  sync.Once
	// Written under the API's lock when the runtime takes it.
	handed   time.Time
	deadline time.Time
	inFlight int // invocations the environment held then, this one included
	// Set before done closes.
	payload   []byte
	errorType string
	ended     time.Time
}

func newInvocation(id string, event []byte) *invocation {
	return &invocation{id: id, event: event, done: make(chan struct{})}
}

// finish answers the invocation; only the first answer counts.
func (inv *invocation) finish(payload []byte, errorType string) bool {
	first := false
	inv.once.Do(func() {
		inv.payload, inv.errorType, inv.ended = payload, errorType, time.Now()
		close(inv.done)
		first = true
	})
	return first
}

// connKey is the context key of the connection a request came on.
type connKey struct{}

// runtimeAPI serves the Runtime API to one environment's runtime.
type runtimeAPI struct {
	fn       *Function
	region   string
	ln       net.Listener
	srv      *http.Server
	work     chan *invocation // due invocations, taken by /next polls
	polls    atomic.Int64     // /next requests waiting now
	maxPolls int64
	closing  chan struct{}
	stop     sync.Once
	// ready closes at the runtime's first /next: its init is done.
	ready     chan struct{}
	readyOnce sync.Once
	readyAt   atomic.Int64 // unix nanoseconds of the first /next
	// exited closes when the runtime process has exited (set by the
	// environment): orphans then fail with its exit status.
	exited <-chan struct{}
	// workerConns says a kept-alive connection belongs to one worker of the
	// runtime (lambdaperf's clients): its close means the worker is gone.
	workerConns bool
	// busy counts the invocations handed and not answered.
	busy atomic.Int64

	mu       sync.Mutex
	inflight map[string]*invocation
	byConn   map[net.Conn]map[string]bool
	connOf   map[string]net.Conn
	timedOut map[string]bool
	timedIDs []string
	initErrs []string // "Type: message" of each /init/error
}

// newRuntimeAPI listens on a free loopback port for a runtime that runs up
// to concurrency invocations at once.
func newRuntimeAPI(fn *Function, region string, concurrency int, exited <-chan struct{}) (*runtimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	api := &runtimeAPI{
		fn: fn, region: region, ln: ln, work: make(chan *invocation),
		maxPolls: int64(concurrency + extraPolls),
		closing:  make(chan struct{}), ready: make(chan struct{}), exited: exited,
		inflight: map[string]*invocation{}, byConn: map[net.Conn]map[string]bool{},
		connOf: map[string]net.Conn{}, timedOut: map[string]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+runtimeAPIBase+"/invocation/next", api.next)
	mux.HandleFunc("POST "+runtimeAPIBase+"/invocation/{id}/response", api.response)
	mux.HandleFunc("POST "+runtimeAPIBase+"/invocation/{id}/error", api.invocationError)
	mux.HandleFunc("POST "+runtimeAPIBase+"/init/error", api.initError)
	api.srv = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
		// A kept-alive connection stays open while its worker runs an
		// invocation it took on it: closing it would fail that invocation.
		IdleTimeout: time.Duration(fn.TimeoutSec)*time.Second + time.Minute,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, connKey{}, c) },
		ConnState: func(c net.Conn, s http.ConnState) {
			if s == http.StateClosed || s == http.StateHijacked {
				api.connClosed(c)
			}
		},
	}
	go func() { _ = api.srv.Serve(ln) }()
	return api, nil
}

// addr is host:port for AWS_LAMBDA_RUNTIME_API.
func (api *runtimeAPI) addr() string { return api.ln.Addr().String() }

// close stops serving; polls waiting are answered with an error.
func (api *runtimeAPI) close() {
	api.stop.Do(func() {
		close(api.closing)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if api.srv.Shutdown(ctx) != nil {
			api.srv.Close()
		}
	})
}

// apiError writes the Runtime API's error body.
func apiError(w http.ResponseWriter, status int, errorType, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"errorMessage": message, "errorType": errorType})
	_, _ = w.Write(b)
}

func accepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"status":"OK"}`)
}

// next hands the poll the next due invocation, waiting for one.
func (api *runtimeAPI) next(w http.ResponseWriter, r *http.Request) {
	if api.polls.Add(1) > api.maxPolls {
		api.polls.Add(-1)
		apiError(w, http.StatusInternalServerError, "Runtime.TooManyIdleRuntimes",
			fmt.Sprintf("more than %d /next requests at once: the environment runs at most %d invocations", api.maxPolls, api.maxPolls-extraPolls))
		return
	}
	api.readyOnce.Do(func() {
		api.readyAt.Store(time.Now().UnixNano())
		close(api.ready)
	})
	var inv *invocation
	select {
	case inv = <-api.work:
	case <-r.Context().Done():
	case <-api.closing:
	}
	api.polls.Add(-1)
	if inv == nil {
		return
	}
	// A connection kept alive is the worker's: if it closes before the
	// answer, the worker is gone. One that closes after every request
	// (Connection: close) says nothing.
	var conn net.Conn
	if c, ok := r.Context().Value(connKey{}).(net.Conn); ok && api.workerConns && !r.Close && r.ProtoAtLeast(1, 1) {
		conn = c
	}
	api.mu.Lock()
	inv.handed = time.Now()
	inv.deadline = inv.handed.Add(time.Duration(api.fn.TimeoutSec) * time.Second)
	api.inflight[inv.id] = inv
	if conn != nil {
		if api.byConn[conn] == nil {
			api.byConn[conn] = map[string]bool{}
		}
		api.byConn[conn][inv.id] = true
		api.connOf[inv.id] = conn
	}
	inv.inFlight = int(api.busy.Add(1))
	deadline := inv.deadline
	api.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", api.functionARN())
	h.Set("Lambda-Runtime-Trace-Id", traceID())
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(inv.event); err != nil {
		if api.take(inv.id) != nil {
			inv.finish(errorObject("Runtime.Unknown", "lambdaperf: the runtime's /next request failed before it received the event: "+err.Error()), "Runtime.Unknown")
		}
	}
}

// functionARN is the invoked ARN a runtime sees: the function's live alias
// in a placeholder account, as Managed Instances invoke a published version.
func (api *runtimeAPI) functionARN() string {
	return fmt.Sprintf("arn:aws:lambda:%s:000000000000:function:%s:live", api.region, api.fn.LogicalID)
}

// traceID is an X-Ray trace header for one invocation, not sampled.
func traceID() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return fmt.Sprintf("Root=1-%08x-%x;Parent=%x;Sampled=0", time.Now().Unix(), b[:12], b[12:])
}

// take removes the unanswered invocation id and returns it, nil when there
// is none (answered, timed out, or never handed).
func (api *runtimeAPI) take(id string) *invocation {
	api.mu.Lock()
	defer api.mu.Unlock()
	return api.takeLocked(id)
}

func (api *runtimeAPI) takeLocked(id string) *invocation {
	inv := api.inflight[id]
	if inv == nil {
		return nil
	}
	delete(api.inflight, id)
	if c := api.connOf[id]; c != nil {
		delete(api.connOf, id)
		delete(api.byConn[c], id)
		if len(api.byConn[c]) == 0 {
			delete(api.byConn, c)
		}
	}
	api.busy.Add(-1)
	return inv
}

// timeOut takes id as timed out: its late answer gets 410.
func (api *runtimeAPI) timeOut(id string) *invocation {
	api.mu.Lock()
	defer api.mu.Unlock()
	inv := api.takeLocked(id)
	if inv == nil {
		return nil
	}
	api.timedOut[id] = true
	api.timedIDs = append(api.timedIDs, id)
	if len(api.timedIDs) > timedOutKept {
		delete(api.timedOut, api.timedIDs[0])
		api.timedIDs = api.timedIDs[1:]
	}
	return inv
}

// unknown answers a response or error for an id the API does not hold.
func (api *runtimeAPI) unknown(w http.ResponseWriter, id string) {
	api.mu.Lock()
	late := api.timedOut[id]
	api.mu.Unlock()
	if late {
		apiError(w, http.StatusGone, "InvokeTimeout", "Invoke timeout")
		return
	}
	apiError(w, http.StatusBadRequest, "InvalidRequestID", "Invalid request ID")
}

func (api *runtimeAPI) response(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	body, err := io.ReadAll(io.LimitReader(r.Body, lambda.MaxSyncResponseBytes+1))
	if err != nil {
		return // the runtime went away mid-body: its connection's close fails it
	}
	inv := api.take(id)
	if inv == nil {
		api.unknown(w, id)
		return
	}
	if len(body) > lambda.MaxSyncResponseBytes {
		apiError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
			fmt.Sprintf("Exceeded maximum allowed payload size (%d bytes).", lambda.MaxSyncResponseBytes))
		inv.finish(errorObject(lambda.ResponseTooLargeType, lambda.ResponseTooLargeMessage()), lambda.ResponseTooLargeType)
		return
	}
	inv.finish(body, "")
	accepted(w)
}

// errorBody reads an error or init error body of at most
// maxErrorBodyBytes; false when it answered the runtime already (too
// large) or the runtime went away mid-body.
func errorBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxErrorBodyBytes+1))
	if err != nil {
		return nil, false
	}
	if len(body) > maxErrorBodyBytes {
		apiError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", fmt.Sprintf("Exceeded maximum allowed payload size (%d bytes).", maxErrorBodyBytes))
		return nil, false
	}
	return body, true
}

func (api *runtimeAPI) invocationError(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	body, ok := errorBody(w, r)
	if !ok {
		return
	}
	inv := api.take(id)
	if inv == nil {
		api.unknown(w, id)
		return
	}
	errorType := headerErrorType(r, body)
	if !json.Valid(body) {
		body = errorObject(errorType, string(body))
	}
	inv.finish(body, errorType)
	accepted(w)
}

// headerErrorType is the error's type: the Lambda-Runtime-Function-Error-Type
// header, else the body's errorType, else Runtime.Unknown; printable and
// bounded, as it is shown.
func headerErrorType(r *http.Request, body []byte) string {
	t := r.Header.Get("Lambda-Runtime-Function-Error-Type")
	if t == "" {
		var obj struct {
			ErrorType string `json:"errorType"`
		}
		if json.Unmarshal(body, &obj) == nil {
			t = obj.ErrorType
		}
	}
	t = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, t)
	if t == "" {
		t = "Runtime.Unknown"
	}
	return clip(t, 128)
}

func (api *runtimeAPI) initError(w http.ResponseWriter, r *http.Request) {
	body, ok := errorBody(w, r)
	if !ok {
		return
	}
	msg := ErrorMessage(body)
	if msg == "" {
		msg = strings.TrimSpace(string(body))
	}
	api.mu.Lock()
	if len(api.initErrs) < 16 {
		api.initErrs = append(api.initErrs, headerErrorType(r, body)+": "+clip(msg, detailMessageBytes))
	}
	api.mu.Unlock()
	accepted(w)
}

// initErrors are the init errors the runtime's workers posted.
func (api *runtimeAPI) initErrors() []string {
	api.mu.Lock()
	defer api.mu.Unlock()
	return append([]string(nil), api.initErrs...)
}

// connClosed fails what a worker took on c and did not answer, unless the
// whole runtime exited, which fails everything with its exit status.
func (api *runtimeAPI) connClosed(c net.Conn) {
	api.mu.Lock()
	ids := make([]string, 0, len(api.byConn[c]))
	for id := range api.byConn[c] {
		ids = append(ids, id)
	}
	api.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	go func() {
		select {
		case <-api.exited:
			return
		case <-api.closing:
			return
		case <-time.After(orphanGrace):
		}
		for _, id := range ids {
			if inv := api.take(id); inv != nil {
				inv.finish(errorObject("Runtime.ExitError", "lambdaperf: the runtime worker that took this invocation is gone (its connection to the Runtime API closed before it answered); the environment goes on with its other workers, as on Managed Instances"), "Runtime.ExitError")
			}
		}
	}()
}

// failAll answers every invocation the runtime holds with one error: the
// runtime exited.
func (api *runtimeAPI) failAll(payload []byte, errorType string) {
	api.mu.Lock()
	var all []*invocation
	for id := range api.inflight {
		all = append(all, api.takeLocked(id))
	}
	api.mu.Unlock()
	for _, inv := range all {
		inv.finish(payload, errorType)
	}
}

// errRuntimeGone: the environment's runtime exited, or the environment
// closed, before an invocation was handed to it.
var errRuntimeGone = errors.New("the environment's runtime is gone")
