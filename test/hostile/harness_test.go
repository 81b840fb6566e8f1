//go:build linux

package hostile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// rlimitHeadroom is added to a case's MemBound for the data-segment
// rlimit of each process: the Go runtime maps about 130 MiB of arenas
// before it runs a line of main (measured with prlimit --data on this
// CLI: 96 MiB fails to start, 128 MiB starts), and the rlimit is a safety
// net for the machine; the bound itself is checked on peak RSS.
const rlimitHeadroom = 384 << 20

// Environment of the wrapper: the test binary runs itself with these set,
// lowers its rlimit and executes the program (see TestMain).
const (
	envExec = "LAMBDAPERF_HOSTILE_EXEC"
	envData = "LAMBDAPERF_HOSTILE_RLIMIT_DATA"
	// envAlloc makes the test binary allocate and touch that many bytes
	// and exit: a process of known size for TestBoundsBite.
	envAlloc = "LAMBDAPERF_HOSTILE_ALLOC"
	// envCraft makes the test binary run one of crafts ("name=path") and
	// exit: inputs that take much memory to make are made outside the
	// harness (see Result.Inherited).
	envCraft = "LAMBDAPERF_HOSTILE_CRAFT"
)

// crafts make inputs too large to make in the harness's own memory, by
// name; craftInChild runs one in a child process.
var crafts = map[string]func(path string) error{}

// craftInChild runs crafts[name] on path in a child process (this test
// binary, in the envCraft mode).
func craftInChild(t *testing.T, name, path string) {
	t.Helper()
	if crafts[name] == nil {
		t.Fatalf("no craft %q", name)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), envCraft+"="+name+"="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("crafting %s: %v\n%s", name, err, out)
	}
}

// binary is the lambdaperf binary the cases run: LAMBDAPERF_BIN, or one
// built from this repository by TestMain.
var binary string

func TestMain(m *testing.M) {
	if prog := os.Getenv(envExec); prog != "" {
		wrap(prog)
	}
	if v := os.Getenv(envCraft); v != "" {
		name, path, _ := strings.Cut(v, "=")
		if err := crafts[name](path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if n, err := strconv.ParseInt(os.Getenv(envAlloc), 10, 64); err == nil {
		b := make([]byte, n)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		runtime.KeepAlive(b)
		os.Exit(0)
	}
	binary = os.Getenv("LAMBDAPERF_BIN")
	var tmp string
	if binary == "" {
		var err error
		if tmp, err = os.MkdirTemp("", "hostile-bin-"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		binary = filepath.Join(tmp, "lambdaperf")
		build := exec.Command("go", "build", "-o", binary, "./cmd/lambdaperf")
		build.Dir = repoDir()
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build ./cmd/lambdaperf: %v\n%s", err, out)
			os.RemoveAll(tmp)
			os.Exit(1)
		}
	}
	code := m.Run()
	if tmp != "" {
		os.RemoveAll(tmp)
	}
	os.Exit(code)
}

// wrap is the test binary run as a wrapper: it lowers its own
// data-segment rlimit (inherited by what it executes) and replaces itself
// with prog and the arguments it was given.
func wrap(prog string) {
	if n, err := strconv.ParseUint(os.Getenv(envData), 10, 64); err == nil {
		lim := &syscall.Rlimit{Cur: n, Max: n}
		if err := syscall.Setrlimit(syscall.RLIMIT_DATA, lim); err != nil {
			fmt.Fprintln(os.Stderr, "hostile wrapper: setrlimit:", err)
			os.Exit(125)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envExec+"=") && !strings.HasPrefix(kv, envData+"=") {
			env = append(env, kv)
		}
	}
	err := syscall.Exec(prog, append([]string{prog}, os.Args[1:]...), env)
	fmt.Fprintln(os.Stderr, "hostile wrapper: exec:", err)
	os.Exit(126)
}

// repoDir is the repository root, found from this file.
func repoDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// H runs lambdaperf for one case, within the case's bounds, and records
// the peak memory of what it ran.
type H struct {
	t        *testing.T
	c        Case
	deadline time.Time
	// WorkDir is the working folder of the processes. Default: a
	// temporary folder of the case.
	WorkDir string
	// Env is added to the environment of the processes.
	Env []string

	mu      sync.Mutex
	peakRSS int64
	// inheritedRSS is the largest peak reported for a process that may be
	// the harness's own (Result.Inherited).
	inheritedRSS int64
	runs         []string // one line per process, for the log
}

func newH(t *testing.T, c Case) *H {
	return &H{t: t, c: c, deadline: time.Now().Add(c.TimeBound)}
}

// Dir returns a new temporary folder for the case.
func (h *H) Dir() string { return h.t.TempDir() }

// Result is how one process ended.
type Result struct {
	Code           int // exit status; -1 when killed by a signal
	Stdout, Stderr string
	Elapsed        time.Duration
	// MaxRSS is the peak resident memory in bytes, of the process and the
	// children it waited for.
	MaxRSS int64
	// Inherited: MaxRSS is no more than the harness's own peak when the
	// process started, so it may be the harness's, not the process's. Go
	// starts a child sharing the parent's memory until it executes
	// (CLONE_VM|CLONE_VFORK), and Linux carries that memory's peak into
	// the child's ru_maxrss at exec: the child's own peak is then at most
	// MaxRSS, and unknown. The data-segment rlimit still bounds it.
	Inherited bool
	// Killed: the case's time bound ran out and the process group was
	// killed.
	Killed bool
}

// Out is stdout and stderr together, for messages.
func (r Result) Out() string { return r.Stdout + r.Stderr }

// CLI runs lambdaperf with args to its end, or until the case's time
// bound.
func (h *H) CLI(args ...string) Result {
	h.t.Helper()
	return h.Start(args...).Wait()
}

// Proc is a lambdaperf process started in the background.
type Proc struct {
	Cmd            *exec.Cmd
	h              *H
	stdout, stderr lockedBuffer
	start          time.Time
	done           chan struct{}
	res            Result
	cancel         context.CancelFunc
	killed         func() bool
	// harnessHWM is the harness's own peak resident memory when the
	// process started (VmHWM), which the kernel may report as the
	// process's.
	harnessHWM int64
}

// Start runs lambdaperf with args in the background, in its own process
// group, which is killed whole at the case's time bound or when the case
// ends.
func (h *H) Start(args ...string) *Proc {
	h.t.Helper()
	return h.start(binary, args...)
}

func (h *H) start(prog string, args ...string) *Proc {
	h.t.Helper()
	ctx, cancel := context.WithDeadline(context.Background(), h.deadline)
	self, err := os.Executable()
	if err != nil {
		h.t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	p := &Proc{Cmd: cmd, h: h, done: make(chan struct{}), cancel: cancel}
	cmd.Dir = h.WorkDir
	if cmd.Dir == "" {
		cmd.Dir = h.t.TempDir()
	}
	cmd.Env = append(os.Environ(), h.Env...)
	cmd.Env = append(cmd.Env, envExec+"="+prog, envData+"="+strconv.FormatInt(h.c.MemBound+rlimitHeadroom, 10))
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	p.killed = func() bool { return ctx.Err() != nil }
	p.start = time.Now()
	p.harnessHWM = selfHWM()
	if err := cmd.Start(); err != nil {
		cancel()
		h.t.Fatalf("start %s: %v", prog, err)
	}
	go p.wait()
	h.t.Cleanup(func() {
		cancel()
		<-p.done
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // children that left the group leader behind
	})
	return p
}

func (p *Proc) wait() {
	defer close(p.done)
	err := p.Cmd.Wait()
	r := Result{Code: p.Cmd.ProcessState.ExitCode(), Elapsed: time.Since(p.start), Killed: p.killed()}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && !r.Killed {
		r.Stderr = "hostile harness: " + err.Error() + "\n"
	}
	if ru, ok := p.Cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.MaxRSS = ru.Maxrss << 10 // KiB on Linux
		// A little slack: the harness's peak may grow between the read
		// and the start.
		r.Inherited = p.harnessHWM > 0 && r.MaxRSS <= p.harnessHWM+2<<20
	}
	r.Stdout, r.Stderr = p.stdout.String(), r.Stderr+p.stderr.String()
	p.res = r
	p.cancel()
	h := p.h
	h.mu.Lock()
	peak := "peak RSS " + mib(r.MaxRSS)
	if r.Inherited {
		peak = "peak RSS at most " + mib(r.MaxRSS) + " (the harness's own peak, inherited at fork)"
		h.inheritedRSS = max(h.inheritedRSS, r.MaxRSS)
	} else {
		h.peakRSS = max(h.peakRSS, r.MaxRSS)
	}
	h.runs = append(h.runs, fmt.Sprintf("%s: exit %d in %s, %s%s", strings.Join(p.Cmd.Args[1:], " "), r.Code, r.Elapsed.Round(time.Millisecond), peak, map[bool]string{true: ", killed at the time bound"}[r.Killed]))
	h.mu.Unlock()
}

// Wait waits for the process to end (at the latest at the case's time
// bound) and returns how it ended.
func (p *Proc) Wait() Result {
	<-p.done
	return p.res
}

// Signal sends sig to the process (not its group).
func (p *Proc) Signal(sig os.Signal) error { return p.Cmd.Process.Signal(sig) }

// Stdout and Stderr return what the process has written so far.
func (p *Proc) Stdout() string { return p.stdout.String() }

// Stderr returns what the process has written to stderr so far.
func (p *Proc) Stderr() string { return p.stderr.String() }

// lockedBuffer is a bytes.Buffer safe to read while a process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runCase runs c and fails it when it broke a bound.
func runCase(t *testing.T, c Case) {
	h := newH(t, c)
	start := time.Now()
	defer func() {
		for _, problem := range h.violations(time.Since(start)) {
			t.Error(problem)
		}
		h.mu.Lock()
		for _, line := range h.runs {
			t.Log(line)
		}
		h.mu.Unlock()
	}()
	c.Run(t, h)
}

// violations says which bounds the case broke.
func (h *H) violations(elapsed time.Duration) []string {
	var out []string
	if elapsed > h.c.TimeBound {
		out = append(out, fmt.Sprintf("took %s, more than its bound of %s", elapsed.Round(time.Millisecond), h.c.TimeBound))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.peakRSS > h.c.MemBound {
		out = append(out, fmt.Sprintf("a lambdaperf process peaked at %s resident, more than its bound of %s", mib(h.peakRSS), mib(h.c.MemBound)))
	}
	if h.inheritedRSS > h.c.MemBound {
		out = append(out, fmt.Sprintf("the harness's own peak (%s, which the kernel reports as its processes') is above the bound of %s, so the bound decides nothing: make large inputs with craftInChild or a chunk at a time", mib(h.inheritedRSS), mib(h.c.MemBound)))
	}
	return out
}

// selfHWM is this process's peak resident memory in bytes (VmHWM in
// /proc/self/status), 0 when it cannot be read.
func selfHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kib << 10
			}
		}
	}
	return 0
}
