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
)

// MaxURLPayloadBytes is Lambda's 6 MB limit on a synchronous invocation's
// request (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
// a bigger body gets 413 from a Function URL.
const MaxURLPayloadBytes = 6 << 20

// ServeOptions configures Serve.
type ServeOptions struct {
	// Options of each emulator; Port is the Function URL's port on
	// 127.0.0.1 (the emulators pick free ones). Default: a free port.
	Options
	// Instances is the size of the emulator pool, 1..MaxInstances: the
	// concurrency. Default: DefaultInstances.
	Instances int
	// OnInvoke is called after each request, from its goroutine. Default:
	// nothing.
	OnInvoke func(Served)
}

// Served is one request a Server answered.
type Served struct {
	// Method and Path of the HTTP request.
	Method, Path string
	// Status is the HTTP status sent back.
	Status int
	// Instance is the pool instance that ran it; -1 when none did.
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
	closeOnce sync.Once
	done      chan struct{}
}

// Serve starts the emulator pool for fn and serves it on 127.0.0.1 until
// Close.
func Serve(ctx context.Context, fn *Function, opts ServeOptions) (*Server, error) {
	if opts.Instances == 0 {
		opts.Instances = DefaultInstances
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
	s := &Server{fn: fn, code: c, pool: p, ln: ln, onInvoke: opts.OnInvoke, done: make(chan struct{})}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
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

// Stats counts the requests answered so far.
func (s *Server) Stats() ServeStats {
	return ServeStats{Requests: s.requests.Load(), ColdStarts: s.cold.Load(), Errors: s.errors.Load()}
}

// ServeHTTP answers one request as a Function URL does: 413 above the
// payload limit, 502 "Internal Server Error" when the function fails or
// its response cannot be read, else the function's response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	served := Served{Method: r.Method, Path: r.URL.Path, Instance: -1}
	defer func() {
		if s.onInvoke != nil {
			s.onInvoke(served)
		}
	}()
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxURLPayloadBytes+1))
	if err != nil || len(body) > MaxURLPayloadBytes {
		served.Status = http.StatusRequestEntityTooLarge
		if err != nil {
			served.Status, served.Err = http.StatusBadRequest, err
		}
		s.errors.Add(1)
		http.Error(w, http.StatusText(served.Status), served.Status)
		return
	}
	id := newRequestID()
	event := NewURLEvent(r, body, id, time.Now())
	inst, err := s.pool.acquire(r.Context())
	if err != nil {
		served.Status, served.Err = http.StatusServiceUnavailable, err
		s.errors.Add(1)
		return // the client is gone
	}
	served.Instance = inst
	res, err := s.pool.instances[inst].invokeEvent(r.Context(), event, id)
	s.pool.release(inst)
	served.Result, served.Err = res, err
	w.Header().Set("X-Amzn-RequestId", id)
	if res != nil && res.Report.Cold {
		s.cold.Add(1)
	}
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
