package localinvoke

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The runtime interface clients that run Node.js and Python handlers.
var (
	//go:embed ric.mjs
	nodeClient []byte
	//go:embed ric.py
	pythonClient []byte
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
}

// Result is one invocation.
type Result struct {
	// Payload is the function's response, or Lambda's error object.
	Payload []byte `json:"-"`
	// FunctionError is the error type when the function failed
	// ("Runtime.ExitError", "Sandbox.Timedout", a handler's error name),
	// "" when it answered.
	FunctionError string `json:"functionError,omitempty"`
	// Cause is what the emulator's log said about a failed invocation
	// ("Invoke failed error=Runtime exited with error: exit status 4"), ""
	// when it said nothing (a handler's own error is in Payload). A runtime
	// that exits after answering fails the invocation with its response in
	// Payload: only Cause says why.
	Cause string `json:"cause,omitempty"`
	// Logs is the function's output during this invocation (and its init).
	Logs   string `json:"-"`
	Report Report `json:"report"`
}

// Report is the measured REPORT of an invocation: see the package
// documentation for where each value comes from.
type Report struct {
	RequestID string `json:"requestId"`
	// Cold is set when the runtime started (or restarted) for this
	// invocation; InitDuration is then its init phase.
	Cold         bool          `json:"cold"`
	InitDuration time.Duration `json:"-"`
	// Duration is the handler's time: from the event handed to the runtime
	// to its response.
	Duration time.Duration `json:"-"`
	// Billed is Init and Duration rounded up to the millisecond: Lambda
	// bills the INIT phase too since August 2025.
	BilledDuration time.Duration `json:"-"`
	MemorySizeMB   int           `json:"memorySizeMB"`
	// MaxMemoryUsedMB is the runtime process's peak resident set size; 0
	// when the process was gone before it could be read (a crash).
	MaxMemoryUsedMB int `json:"maxMemoryUsedMB,omitempty"`
	// Latency is the round trip of the invoke request on loopback.
	Latency time.Duration `json:"-"`
	// Emulator is the emulator's own REPORT line, when it printed one.
	Emulator *EmulatorReport `json:"emulator,omitempty"`
}

// String renders the report as Lambda's REPORT line.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "REPORT RequestId: %s\t", r.RequestID)
	if r.Cold {
		fmt.Fprintf(&b, "Init Duration: %s ms\t", ms(r.InitDuration))
	}
	fmt.Fprintf(&b, "Duration: %s ms\tBilled Duration: %.0f ms\tMemory Size: %d MB",
		ms(r.Duration), r.BilledDuration.Seconds()*1000, r.MemorySizeMB)
	if r.MaxMemoryUsedMB > 0 {
		fmt.Fprintf(&b, "\tMax Memory Used: %d MB", r.MaxMemoryUsedMB)
	}
	return b.String()
}

// MarshalJSON writes durations in milliseconds.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	out := struct {
		plain
		InitDurationMs   *float64 `json:"initDurationMs,omitempty"`
		DurationMs       float64  `json:"durationMs"`
		BilledDurationMs float64  `json:"billedDurationMs"`
		LatencyMs        float64  `json:"latencyMs"`
	}{plain: plain(r), DurationMs: msFloat(r.Duration), BilledDurationMs: msFloat(r.BilledDuration), LatencyMs: msFloat(r.Latency)}
	if r.Cold {
		v := msFloat(r.InitDuration)
		out.InitDurationMs = &v
	}
	return json.Marshal(out)
}

func ms(d time.Duration) string { return strconv.FormatFloat(msFloat(d), 'f', 2, 64) }

func msFloat(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

// Instance is one emulator running one function, on 127.0.0.1. It serves
// one invocation at a time; its first is a cold start.
type Instance struct {
	fn     *Function
	code   *code
	owned  bool // Close removes code
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
	procMu    sync.Mutex
	runtime   []proc
	closed    atomic.Bool
	closeOnce sync.Once
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

// URL is the instance's invoke endpoint.
func (in *Instance) URL() string { return in.url }

// Notes say what differs from Lambda in this run (placeholders, versions).
func (in *Instance) Notes() []string { return in.code.notes }

// code is a function's code prepared to run: its task folder and how the
// emulator starts the runtime. Pool instances share it.
type code struct {
	fn   *Function
	opts Options
	// output and emulatorLog are opts.Output and opts.EmulatorLog behind
	// one lock: every instance's two streams write to them.
	output, emulatorLog io.Writer
	work                string // holds task/, runtime/ and node_modules/
	task                string
	argv                []string // the runtime command
	env                 map[string]string
	emulator            string
	notes               []string
}

// prepare copies fn's code asset into a temporary task folder and works
// out the runtime command and environment.
func prepare(ctx context.Context, fn *Function, opts Options) (*code, error) {
	if runtime.GOOS != "linux" {
		return nil, fmt.Errorf("%w: the Lambda runtime interface emulator runs on Linux only (this is %s)", ErrUnsupported, runtime.GOOS)
	}
	k, err := kindOf(fn.Runtime)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fn.Name(), err)
	}
	c := &code{fn: fn, opts: opts, emulator: opts.Emulator}
	var mu sync.Mutex
	if opts.Output != nil {
		c.output = &lockedWriter{mu: &mu, w: opts.Output}
	}
	if opts.EmulatorLog != nil {
		c.emulatorLog = &lockedWriter{mu: &mu, w: opts.EmulatorLog}
	}
	c.notes = append(c.notes, fn.Notes...)
	if note := fn.PlaceholderNote(); note != "" {
		c.notes = append(c.notes, note)
	}
	// Check what can be checked before building anything.
	var node, python string
	switch k {
	case kindBootstrap:
		if info, err := os.Stat(fn.AssetPath); err == nil && info.IsDir() {
			if err := checkExecutable(filepath.Join(fn.AssetPath, "bootstrap"), fn.Name()); err != nil {
				return nil, err
			}
		}
	case kindNode:
		if node, err = exec.LookPath("node"); err != nil {
			return nil, fmt.Errorf("%s runs on %s but `node` is not on PATH: install Node.js", fn.Name(), fn.Runtime)
		}
	case kindPython:
		if python, err = exec.LookPath("python3"); err != nil {
			return nil, fmt.Errorf("%s runs on %s but `python3` is not on PATH: install Python", fn.Name(), fn.Runtime)
		}
	}
	if c.emulator == "" {
		if c.emulator, err = Emulator(ctx); err != nil {
			return nil, err
		}
	}

	if c.work, err = os.MkdirTemp("", "lambdaperf-invoke-"); err != nil {
		return nil, err
	}
	c.task = filepath.Join(c.work, "task")
	if err := os.Mkdir(c.task, 0o755); err != nil {
		c.remove()
		return nil, err
	}
	if err := copyAsset(fn.AssetPath, c.task); err != nil {
		c.remove()
		return nil, err
	}
	runtimeDir := filepath.Join(c.work, "runtime")
	if err := os.Mkdir(runtimeDir, 0o755); err != nil {
		c.remove()
		return nil, err
	}
	region := opts.Region
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}
	if region == "" {
		region = "us-east-1"
	}
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	c.env = map[string]string{
		"PATH":                            path,
		"LANG":                            "en_US.UTF-8",
		"TZ":                              ":UTC",
		"LAMBDA_TASK_ROOT":                c.task,
		"LAMBDA_RUNTIME_DIR":              runtimeDir,
		"_HANDLER":                        fn.Handler,
		"AWS_LAMBDA_FUNCTION_NAME":        fn.LogicalID,
		"AWS_LAMBDA_FUNCTION_VERSION":     "$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(fn.MemoryMiB),
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     strconv.Itoa(fn.TimeoutSec),
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + fn.LogicalID,
		"AWS_LAMBDA_LOG_STREAM_NAME":      "local/[$LATEST]lambdaperf",
		"AWS_LAMBDA_INITIALIZATION_TYPE":  "on-demand",
		"AWS_EXECUTION_ENV":               "AWS_Lambda_" + fn.Runtime,
		"AWS_REGION":                      region,
		"AWS_DEFAULT_REGION":              region,
		"AWS_EC2_METADATA_DISABLED":       "true",
		"AWS_ACCESS_KEY_ID":               placeholderKeyID,
		"AWS_SECRET_ACCESS_KEY":           placeholderSecret,
	}
	if opts.Credentials {
		if os.Getenv("AWS_ACCESS_KEY_ID") == "" {
			c.notes = append(c.notes, "AWS_ACCESS_KEY_ID is not set here: the function runs with placeholder credentials (export a profile's credentials with `aws configure export-credentials --format env`)")
		} else {
			for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
				c.env[k] = os.Getenv(k)
			}
		}
	}
	for k, v := range fn.Env {
		c.env[k] = v
	}

	switch k {
	case kindBootstrap:
		bootstrap := filepath.Join(c.task, "bootstrap")
		if err := checkExecutable(bootstrap, fn.Name()); err != nil {
			c.remove()
			return nil, err
		}
		if fn.Arch != hostArch() {
			c.notes = append(c.notes, fmt.Sprintf("the template says %s but the bootstrap is built for this %s machine", fn.Arch, hostArch()))
		}
		c.argv = []string{bootstrap}
	case kindNode:
		client := filepath.Join(runtimeDir, "lambdaperf-ric.mjs")
		if err := os.WriteFile(client, nodeClient, 0o644); err != nil {
			c.remove()
			return nil, err
		}
		modules, note := c.linkSDK(opts.NodeModules)
		if note != "" {
			c.notes = append(c.notes, note)
		}
		nodePath := c.task
		if modules != "" {
			nodePath = modules + string(os.PathListSeparator) + c.task
		}
		c.env["NODE_PATH"] = nodePath
		// Heap capped below the memory size, so a handler that outgrows it
		// fails here too.
		heap := fmt.Sprintf("--max-old-space-size=%d", fn.MemoryMiB*9/10)
		c.env["NODE_OPTIONS"] = strings.TrimSpace(fn.Env["NODE_OPTIONS"] + " " + heap)
		if note := versionNote(ctx, node, "Node.js", fn.Runtime); note != "" {
			c.notes = append(c.notes, note)
		}
		c.argv = []string{node, client, fn.Handler}
	case kindPython:
		client := filepath.Join(runtimeDir, "lambdaperf_ric.py")
		if err := os.WriteFile(client, pythonClient, 0o644); err != nil {
			c.remove()
			return nil, err
		}
		c.env["PYTHONPATH"] = c.task
		c.env["PYTHONUNBUFFERED"] = "1" // output as it is printed
		c.env["PYTHONNOUSERSITE"] = "1" // not this user's packages
		c.env["PYTHONDONTWRITEBYTECODE"] = "1"
		if note := versionNote(ctx, python, "Python", fn.Runtime); note != "" {
			c.notes = append(c.notes, note)
		}
		c.argv = []string{python, client, fn.Handler}
	}
	return c, nil
}

// linkSDK exposes @aws-sdk and @smithy of a node_modules folder in
// work/node_modules, which is on NODE_PATH (CommonJS) and above the task
// folder (ES modules), as the Lambda runtime's SDK is. Nothing else of the
// project's node_modules is visible, so a bundle missing a dependency fails
// here as it would on Lambda.
func (c *code) linkSDK(nodeModules string) (string, string) {
	if nodeModules == "" {
		nodeModules = findNodeModules(c.fn.AssetPath)
	}
	if nodeModules == "" {
		if wd, err := os.Getwd(); err == nil {
			nodeModules = findNodeModules(wd)
		}
	}
	if nodeModules == "" {
		return "", "no node_modules with @aws-sdk found above the assembly or the working directory: imports of @aws-sdk fail (run npm install, or give the folder)"
	}
	dir := filepath.Join(c.work, "node_modules")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err.Error()
	}
	for _, scope := range []string{"@aws-sdk", "@smithy"} {
		src, err := filepath.Abs(filepath.Join(nodeModules, scope))
		if err != nil {
			continue
		}
		if _, err := os.Stat(src); err == nil {
			if err := os.Symlink(src, filepath.Join(dir, scope)); err != nil {
				return "", err.Error()
			}
		}
	}
	return dir, ""
}

// findNodeModules returns the nearest node_modules holding @aws-sdk at or
// above dir, or "".
func findNodeModules(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		candidate := filepath.Join(dir, "node_modules")
		if info, err := os.Stat(filepath.Join(candidate, "@aws-sdk")); err == nil && info.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// versionNote compares the local interpreter's version with the runtime's
// ("nodejs24.x": major 24; "python3.13": 3.13), "" when they agree.
func versionNote(ctx context.Context, bin, lang, rt string) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--version").CombinedOutput()
	if err != nil {
		return ""
	}
	v := strings.TrimSpace(strings.TrimPrefix(string(out), "Python "))
	local := strings.TrimPrefix(v, "v")
	var want string
	if lang == "Python" {
		want = strings.TrimPrefix(rt, "python")
		if parts := strings.SplitN(local, ".", 3); len(parts) >= 2 {
			local = parts[0] + "." + parts[1]
		}
	} else {
		want = strings.TrimSuffix(strings.TrimPrefix(rt, "nodejs"), ".x")
		local, _, _ = strings.Cut(local, ".")
	}
	if local == want {
		return ""
	}
	return fmt.Sprintf("the function's runtime is %s, the local %s is %s", rt, lang, v)
}

func (c *code) remove() {
	if c.work != "" {
		os.RemoveAll(c.work)
	}
}

// startAttempts bounds retries when a free port is taken before the
// emulator binds it.
const startAttempts = 3

// start runs one emulator for the prepared code; port 0 picks a free one.
func (c *code) start(ctx context.Context, port int) (*Instance, error) {
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
	cmd := exec.Command(c.emulator, append(args, c.argv...)...)
	cmd.Dir = c.task
	env := make([]string, 0, len(c.env)+2)
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	// Lambda's /tmp; HOME there too, so ~/.aws of this machine stays out.
	env = append(env, "TMPDIR="+tmp, "HOME="+tmp)
	cmd.Env = env
	detach(cmd)
	// Plain pipes rather than cmd.StdoutPipe: the runtime inherits the
	// write ends, and the emulator's exit must not wait for it.
	stdout, stdoutW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	stderr, stderrW, err := os.Pipe()
	if err != nil {
		stdout.Close()
		stdoutW.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = stdoutW, stderrW
	in := &Instance{
		fn: c.fn, code: c, cmd: cmd, tmp: tmp,
		url:        "http://" + addr + InvokePath,
		logs:       newLogState(c.output, c.emulatorLog),
		exited:     make(chan struct{}),
		stdoutDone: make(chan struct{}),
		stderrDone: make(chan struct{}),
		stderr:     &tail{},
		client: &http.Client{Transport: &http.Transport{
			Proxy:               nil, // loopback: never through a proxy
			MaxIdleConnsPerHost: 2,
			DisableCompression:  true,
		}},
	}
	err = cmd.Start()
	stdoutW.Close()
	stderrW.Close()
	if err != nil {
		stdout.Close()
		stderr.Close()
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("%w: cannot start %s: %v", ErrNoEmulator, c.emulator, err)
	}
	// The readers end when the emulator and every runtime it started are gone.
	go func() {
		defer close(in.stdoutDone)
		defer stdout.Close()
		follow(stdout, in.logs.stdoutLine)
	}()
	go func() {
		defer close(in.stderrDone)
		defer stderr.Close()
		follow(stderr, func(line string) { in.stderr.add(line); in.logs.stderrLine(line) })
	}()
	go func() {
		cmd.Wait()
		close(in.exited)
	}()

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
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed.Load() {
		return nil, errors.New("localinvoke: instance is closed")
	}
	if len(bytes.TrimSpace(event)) == 0 {
		event = []byte("{}")
	}
	id := newRequestID()
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
		select {
		case <-in.exited:
			return nil, fmt.Errorf("the emulator exited: %s", lastLines(strings.TrimSpace(in.stderr.String()), 4))
		default:
		}
		return nil, fmt.Errorf("invoke %s: %w", in.fn.Name(), err)
	}
	payload, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	latency := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("invoke %s: reading the response: %w", in.fn.Name(), err)
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
	r.FunctionError = functionError(resp.StatusCode, payload, l.problems)
	if r.FunctionError != "" {
		r.Cause = strings.Join(l.problems, "; ")
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
			r.Payload, _ = json.Marshal(map[string]string{"errorType": r.FunctionError, "errorMessage": msg})
		}
	}
	return r, nil
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
	pid := in.cmd.Process.Pid
	in.procMu.Lock()
	runtimeProcs := appendNew(in.runtime, children(pid))
	in.procMu.Unlock()
	select {
	case <-in.exited:
	default:
		terminate(pid) // the emulator shuts the runtime down on SIGTERM
		select {
		case <-in.exited:
		case <-time.After(2 * time.Second):
			kill(pid)
			select {
			case <-in.exited:
			case <-time.After(2 * time.Second):
			}
		}
	}
	for _, p := range runtimeProcs {
		killIfSame(p) // a runtime the emulator could not stop
	}
	// The last lines, so nothing is written to Output after Close.
	for _, done := range []chan struct{}{in.stdoutDone, in.stderrDone} {
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}
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
