package localinvoke

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// MaxURLPayloadBytes is Lambda's 6 MB limit on a synchronous invocation's
// request (lambda.MaxSyncRequestBytes): a bigger body gets 413 from a
// Function URL, and so does a body whose event (base64 and headers
// included) passes the limit.
const MaxURLPayloadBytes = 6291456

// MaxURLPayloadBytes is written out so that go doc shows it; this fails to
// compile (an invalid array index) when it is not lambda's.
func _() {
	var x [1]struct{}
	_ = x[MaxURLPayloadBytes-lambda.MaxSyncRequestBytes]
}

// Bounds on a client of Serve, so slow or idle connections cannot pile up
// (a Function URL documents none; these are lambdaperf's).
const (
	// DefaultHeaderTimeout is the most a client may take to send the
	// request's headers.
	DefaultHeaderTimeout = 10 * time.Second
	// DefaultReadTimeout is the most it may take to send the whole request,
	// body included.
	DefaultReadTimeout = 30 * time.Second
	// DefaultWriteTimeout is the most it may take to read the response
	// once the function has answered.
	DefaultWriteTimeout = 30 * time.Second
	// DefaultIdleTimeout is how long a kept-alive connection may wait for
	// its next request.
	DefaultIdleTimeout = 30 * time.Second
)

// StatusClientClosed is the Status of a Served request whose client hung
// up while it waited for an instance: nothing ran (nginx logs such
// requests as 499).
const StatusClientClosed = 499

// ServeOptions configures Serve.
type ServeOptions struct {
	// Options of each emulator; Port is the Function URL's port on
	// 127.0.0.1 (the emulators pick free ones). Default: a free port.
	Options
	// Instances is the size of the emulator pool, 1..MaxInstances: the
	// concurrency; on Managed Instances the execution environments, each
	// running up to its per-environment concurrency. Default:
	// DefaultInstances; 1 environment on Managed Instances.
	Instances int
	// OnInvoke is called after each request, from its goroutine. Default:
	// nothing.
	OnInvoke func(Served)
	// HeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout bound each
	// client connection (durations). Default: DefaultHeaderTimeout,
	// DefaultReadTimeout, DefaultWriteTimeout and DefaultIdleTimeout.
	HeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

// Served is one request a Server answered.
type Served struct {
	// Method and Path of the HTTP request.
	Method, Path string
	// Status is the HTTP status sent back.
	Status int
	// Instance is the pool instance that ran it (the execution environment
	// on Managed Instances); -1 when none did.
	Instance int
	// Result is the invocation, nil when the emulator did not answer (Err
	// says why) or none ran.
	Result *Result
	// Err says why the emulator did not answer; nil when it did.
	Err error
}

// ServeStats counts what a Server answered.
type ServeStats struct {
	// Requests is the number of requests answered.
	Requests int64 `json:"requests"`
	// ColdStarts is the number of invocations that ran the init phase.
	ColdStarts int64 `json:"coldStarts"`
	// Errors are function errors and invocations the emulator did not
	// answer: the requests answered 502.
	Errors int64 `json:"errors"`
	// Abandoned are requests whose client hung up (or half-closed its
	// connection) before the answer: one that was waiting for an instance
	// is dropped, one that was running ran to its end, as on Lambda.
	Abandoned int64 `json:"abandoned"`
	// Restarts are instances replaced before their next invocation: their
	// emulator had died or their last invocation had not ended cleanly.
	Restarts int64 `json:"restarts"`
}

// Server serves a function as a Function URL (payload format 2.0, auth
// NONE) on 127.0.0.1, over a pool of emulators as RunLoad uses.
type Server struct {
	fn        *Function
	code      *code
	pool      *pool
	ln        net.Listener
	srv       *http.Server
	onInvoke  func(Served)
	requests  atomic.Int64
	cold      atomic.Int64
	errors    atomic.Int64
	abandoned atomic.Int64
	write     time.Duration
	closeOnce sync.Once
	done      chan struct{}
}

// Serve starts the emulator pool for fn and serves it on 127.0.0.1 until
// Close.
func Serve(ctx context.Context, fn *Function, opts ServeOptions) (*Server, error) {
	if opts.Instances == 0 {
		opts.Instances = DefaultInstances
		if fn.ManagedInstances != nil {
			opts.Instances = 1
		}
	}
	if opts.Instances < 1 || opts.Instances > MaxInstances {
		return nil, fmt.Errorf("instances must be 1..%d, got %d", MaxInstances, opts.Instances)
	}
	port := opts.Port
	if port != 0 {
		if err := checkPort(port); err != nil {
			return nil, err
		}
	}
	emu := opts.Options
	emu.Port = 0
	c, err := prepare(ctx, fn, emu)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		c.remove()
		return nil, fmt.Errorf("%w: 127.0.0.1:%d: %v", ErrPortInUse, port, err)
	}
	p, err := startPool(ctx, c, opts.Instances)
	if err != nil {
		ln.Close()
		c.remove()
		return nil, err
	}
	s := &Server{fn: fn, code: c, pool: p, ln: ln, onInvoke: opts.OnInvoke, done: make(chan struct{}), write: orDefault(opts.WriteTimeout, DefaultWriteTimeout)}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: orDefault(opts.HeaderTimeout, DefaultHeaderTimeout),
		ReadTimeout:       orDefault(opts.ReadTimeout, DefaultReadTimeout),
		IdleTimeout:       orDefault(opts.IdleTimeout, DefaultIdleTimeout),
		// The write deadline is set per response, once the function has
		// answered (ServeHTTP): an invocation may take the function's
		// timeout, up to 15 minutes, plus its wait for an instance.
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// URL is the Function URL's base, http://127.0.0.1:PORT/.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + "/" }

// Function is what the server runs.
func (s *Server) Function() *Function { return s.fn }

// Notes say what differs from Lambda in this run.
func (s *Server) Notes() []string { return s.code.notes }

// Instances is the size of the pool: emulators, or Managed Instances
// environments.
func (s *Server) Instances() int { return len(s.pool.all()) }

// Environments reports the Managed Instances environments: inits and the
// most invocations one held at once; nil for an on-demand function.
func (s *Server) Environments() *EnvironmentReport {
	if s.fn.ManagedInstances == nil {
		return nil
	}
	r := s.code.environmentReport()
	return &r
}

// Stats counts the requests answered so far.
func (s *Server) Stats() ServeStats {
	return ServeStats{Requests: s.requests.Load(), ColdStarts: s.cold.Load(), Errors: s.errors.Load(),
		Abandoned: s.abandoned.Load(), Restarts: s.pool.restarts.Load()}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// ServeHTTP answers one request as a Function URL does: 413 above the
// payload limit, 502 "Internal Server Error" when the function fails or
// its response cannot be read, else the function's response. A client
// that hangs up does not cut the invocation short: it runs to its end, as
// on Lambda, and its instance is handed out again only after it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	served := Served{Method: r.Method, Path: r.URL.Path, Instance: -1}
	defer func() {
		if s.onInvoke != nil {
			s.onInvoke(served)
		}
	}()
	fail := func(status int, err error) {
		served.Status, served.Err = status, err
		s.errors.Add(1)
		http.Error(w, http.StatusText(status), status)
	}
	if r.ContentLength > MaxURLPayloadBytes {
		fail(http.StatusRequestEntityTooLarge, nil) // refused before a byte of it is read
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxURLPayloadBytes+1))
	switch {
	case err != nil: // the client stopped sending, or too slowly
		fail(http.StatusBadRequest, err)
		return
	case len(body) > MaxURLPayloadBytes:
		fail(http.StatusRequestEntityTooLarge, nil)
		return
	}
	id := newRequestID()
	event := NewURLEvent(r, body, id, time.Now())
	slot, in, err := s.pool.acquire(r.Context())
	switch {
	case err != nil && r.Context().Err() != nil:
		// The client went away while it waited for an instance (or
		// half-closed its connection, which net/http cannot tell apart):
		// nothing runs. 503, not the empty 200 of a silent handler.
		served.Status, served.Err = StatusClientClosed, err
		s.abandoned.Add(1)
		http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
		return
	case err != nil: // an instance that could not be restarted
		served.Instance = s.pool.instanceOf(slot)
		fail(http.StatusBadGateway, err)
		return
	}
	served.Instance = s.pool.instanceOf(slot)
	res, err := in.invokeEvent(context.WithoutCancel(r.Context()), event, id)
	s.pool.release(slot)
	served.Result, served.Err = res, err
	if res != nil && res.Report.Cold {
		s.cold.Add(1)
	}
	if errors.Is(err, ErrRequestTooLarge) {
		fail(http.StatusRequestEntityTooLarge, err) // the event, with base64 and headers
		return
	}
	if r.Context().Err() != nil {
		s.abandoned.Add(1) // answered all the same: a half-closed client reads it
	}
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.write))
	w.Header().Set("X-Amzn-RequestId", id)
	var resp *URLResponse
	if err == nil && res.FunctionError == "" {
		if resp, err = NewURLResponse(res.Payload); err != nil {
			served.Err = err
		}
	}
	if resp == nil {
		s.errors.Add(1)
		served.Status = http.StatusBadGateway
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(served.Status)
		_, _ = io.WriteString(w, `{"Message":"Internal Server Error"}`)
		return
	}
	for k, vs := range resp.Headers {
		w.Header()[k] = vs
	}
	served.Status = resp.Status
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

// Close stops serving (requests in flight get a few seconds to finish),
// then the emulators and every runtime they started, and removes the
// prepared code. Only the first call does anything.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err = s.srv.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
			err = s.srv.Close()
		}
		<-s.done
		s.pool.close()
		s.code.remove()
	})
	return err
}
