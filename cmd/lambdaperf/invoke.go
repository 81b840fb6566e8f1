package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/lambda"
	"github.com/lambdaperf/lambdaperf/localinvoke"
)

func init() {
	commands["invoke"] = runInvoke
	summaries["invoke"] = "run a function of cdk.out locally under the Lambda runtime emulator: response and REPORT"
}

// exitFunctionError is the exit status when the function returned an
// error, or did not answer.
const exitFunctionError = 1

// maxInvokeCount bounds --count.
const maxInvokeCount = 100

// envFlags collects repeated --env KEY=VALUE flags.
type envFlags map[string]string

func (e envFlags) String() string { return "" }

func (e envFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" || strings.ContainsAny(k, " \t") {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	e[k] = v
	return nil
}

// switchFlag is a boolean flag that usage shows without "(default false)".
type switchFlag bool

func (s *switchFlag) String() string {
	if s == nil || !*s {
		return ""
	}
	return "true"
}

func (s *switchFlag) Set(v string) error {
	b, err := strconv.ParseBool(v)
	*s = switchFlag(b)
	return err
}

func (s *switchFlag) IsBoolFlag() bool { return true }

// runFlags are the flags invoke and load share: how the function runs.
type runFlags struct {
	event       *string
	env         envFlags
	credentials switchFlag
	nodeModules *string
	verbose     switchFlag
	crossArch   *string
	qemu        *string
}

// crossArchModes are the values of --cross-arch.
var crossArchModes = map[string]localinvoke.CrossArch{
	"emulate": localinvoke.Emulate, "rebuild": localinvoke.RebuildForHost, "refuse": localinvoke.Refuse,
}

func addRunFlags(fs *flag.FlagSet) *runFlags {
	rf := &runFlags{env: envFlags{}}
	rf.event = fs.String("event", "", "read the event from `FILE` (JSON; default {})")
	fs.Var(rf.env, "env", "set or override an environment variable of the function, as `KEY=VALUE` (repeatable)")
	fs.Var(&rf.credentials, "aws-credentials", "give the function this shell's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and\n    \tAWS_SESSION_TOKEN (default: placeholders, so calls to AWS fail fast)")
	rf.nodeModules = fs.String("node-modules", "", "`DIR` whose @aws-sdk stands in for the Node.js runtime's SDK\n    \t(default: the nearest node_modules above the assembly or here)")
	fs.Var(&rf.verbose, "verbose", "print the emulator's own log to stderr")
	rf.crossArch = fs.String("cross-arch", "emulate", "how a bootstrap built for the other architecture (arm64 on x86_64) runs:\n    \t`MODE` emulate (QEMU user mode: behaviour, not speed), rebuild (the Go source\n    \trecorded at synthesis, built for this machine with the same flags: timings)\n    \tor refuse")
	rf.qemu = fs.String("qemu", "", "the user-mode emulator `BINARY` for --cross-arch emulate (default: qemu-aarch64\n    \tor qemu-x86_64 on PATH, from Debian's qemu-user)")
	return rf
}

// check reports a bad --cross-arch.
func (rf *runFlags) check() error {
	if _, ok := crossArchModes[*rf.crossArch]; !ok {
		return fmt.Errorf("--cross-arch must be emulate, rebuild or refuse, got %q", *rf.crossArch)
	}
	return nil
}

// readEvent checks the flags and returns the --event file, or nil.
func (rf *runFlags) readEvent() ([]byte, error) {
	if err := rf.check(); err != nil {
		return nil, err
	}
	if *rf.event == "" {
		return nil, nil
	}
	b, err := untrusted.ReadFile(*rf.event, lambda.MaxSyncRequestBytes)
	var tooLarge *untrusted.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		// Lambda refuses it before the function runs; the emulator would cut
		// it at 6 MiB and hand the function broken JSON.
		return nil, fmt.Errorf("--event: %s is larger than %d bytes, Lambda's limit for a synchronous invocation: it answers %s: %s",
			*rf.event, lambda.MaxSyncRequestBytes, lambda.RequestTooLargeType, lambda.SyncRequestTooLargeMessage())
	case err != nil:
		return nil, fmt.Errorf("--event: cannot read %s: %v", *rf.event, pathErr(err))
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("--event: %s is not JSON", *rf.event)
	}
	return b, nil
}

func (rf *runFlags) options(stderr io.Writer) localinvoke.Options {
	o := localinvoke.Options{Credentials: bool(rf.credentials), NodeModules: *rf.nodeModules, Output: stderr,
		CrossArch: crossArchModes[*rf.crossArch], QEMU: *rf.qemu}
	if rf.verbose {
		o.EmulatorLog = stderr
	}
	return o
}

// loadFunction finds FUNCTION in ASSEMBLY and applies --env.
func (rf *runFlags) loadFunction(assembly, id string) (*localinvoke.Function, error) {
	fn, err := localinvoke.Load(assembly, id)
	if err != nil {
		return nil, err
	}
	if err := fn.Override(rf.env); err != nil {
		return nil, fmt.Errorf("--env: %w", err)
	}
	return fn, nil
}

// signalContext is cancelled by Ctrl-C, SIGTERM or a closed terminal
// (SIGHUP), so the emulators are stopped and their files removed before
// lambdaperf exits. After a SIGKILL, which cannot be caught, the next
// invoke, load or serve removes what was left (localinvoke's run folders).
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}

// functionArgs says what is wrong with the ASSEMBLY FUNCTION arguments of
// cmd, "" when nothing is.
func functionArgs(cmd string, rest []string) string {
	switch {
	case len(rest) == 0:
		return "missing ASSEMBLY (a cdk.out folder) and FUNCTION"
	case len(rest) == 1:
		return fmt.Sprintf("missing FUNCTION after %s: a logical id or a construct path", rest[0])
	case len(rest) > 2:
		return fmt.Sprintf("unexpected argument %q: %s takes ASSEMBLY and FUNCTION", rest[2], cmd)
	}
	return ""
}

// inputError prints why ASSEMBLY FUNCTION cannot be run and returns 2:
// with the usage hint for an unknown function.
func inputError(stderr io.Writer, cmd string, err error) int {
	if errors.Is(err, localinvoke.ErrUnknownFunction) {
		return usageError(stderr, cmd, "%v", err)
	}
	fmt.Fprintf(stderr, "lambdaperf %s: %v\n", cmd, err)
	return exitUsage
}

// runError prints an error of the local run and returns its exit status:
// 2 with the usage hint for an unknown function, 2 for what cannot run
// here (architecture, runtime, port, emulator), 1 otherwise.
func runError(stderr io.Writer, cmd string, err error) int {
	switch {
	case errors.Is(err, localinvoke.ErrUnknownFunction):
		return usageError(stderr, cmd, "%v", err)
	case errors.Is(err, localinvoke.ErrNotForHost), errors.Is(err, localinvoke.ErrUnsupported),
		errors.Is(err, localinvoke.ErrPortInUse), errors.Is(err, localinvoke.ErrNoEmulator):
		fmt.Fprintf(stderr, "lambdaperf %s: %v\n", cmd, err)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "lambdaperf %s: interrupted\n", cmd)
		return exitFunctionError
	}
	fmt.Fprintf(stderr, "lambdaperf %s: %v\n", cmd, err)
	return exitFunctionError
}

func printNotes(w io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

// syncWriter lets the function's output, written by other goroutines, and
// the command's own messages share stderr.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func runInvoke(args []string, stdout, stderr io.Writer) int {
	stderr = &syncWriter{w: stderr}
	fs := flag.NewFlagSet("invoke", flag.ContinueOnError)
	rf := addRunFlags(fs)
	count := fs.Int("count", 1, "invoke `N` times in a row: the first is a cold start, the others warm\n    \t(on Managed Instances: N at once, in one environment, up to its concurrency)")
	port := fs.Int("port", 0, "listen on 127.0.0.1:`PORT` (default: a free port)")
	format := fs.String("format", "text", "output `format`: text or json")
	setUsage(fs, "[flags] ASSEMBLY FUNCTION",
		"Runs FUNCTION of a cloud assembly (cdk.out) on this machine under the AWS Lambda\n"+
			"Runtime Interface Emulator, on 127.0.0.1 only, with the memory size, timeout and\n"+
			"environment of its template, and prints the response and a REPORT line: init\n"+
			"duration (cold start), duration, billed duration, max memory used.\n\n"+
			"FUNCTION is a logical id or a construct path (LambdaPerfApi/GoApi). Runs Go\n"+
			"(provided.al2023), Node.js and Python functions on the local node and python3; the\n"+
			"function's output goes to stderr. Linux only. A bootstrap built for the other\n"+
			"architecture (arm64 on an x86_64 machine) runs under QEMU user-mode emulation\n"+
			"(apt-get install qemu-user), its REPORT marked Emulated; --cross-arch rebuild\n"+
			"builds a Go function for this machine instead, for timings.\n"+
			"The emulator is built with Go on first use and cached; "+localinvoke.EmulatorEnv+"\n"+
			"names an aws-lambda-rie binary to use instead.\n\n"+
			"Durations are measured on this machine's CPU, not the share Lambda gives a memory\n"+
			"size; Max Memory Used is the runtime process's peak RSS.\n\n"+
			"A function on a Managed Instances capacity provider runs in one execution\n"+
			"environment with its per-environment concurrency (the template's\n"+
			"PerExecutionEnvironmentMaxConcurrency, or the runtime's default), the way its\n"+
			"runtime runs concurrent invocations: Node.js worker threads each running several\n"+
			"at once, Python processes. --count N sends N at once. A response that names\n"+
			"another invocation's request id is a concurrency bug (state kept at module\n"+
			"level): it is reported and the exit status is 1 (docs/local.md).\n\n"+
			"Exit status: 0 when the function answered, 1 when it returned an error or did\n"+
			"not answer, 2 for bad flags or input, or a function that cannot run here.")

	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "invoke", format, a...) }
	switch {
	case functionArgs("invoke", rest) != "":
		return bad("%s", functionArgs("invoke", rest))
	case *format != "text" && *format != "json":
		return bad("--format must be text or json, got %q", *format)
	case *count < 1 || *count > maxInvokeCount:
		return bad("--count must be 1..%d, got %d", maxInvokeCount, *count)
	case *port < 0 || *port > 65535:
		return bad("--port must be 1..65535, got %d", *port)
	}
	event, err := rf.readEvent()
	if err != nil {
		return bad("%v", err)
	}
	fn, err := rf.loadFunction(rest[0], rest[1])
	if err != nil {
		return inputError(stderr, "invoke", err)
	}
	if fn.ManagedInstances != nil && *port != 0 {
		return bad("--port: %s runs on Managed Instances, under lambdaperf's own Runtime API: there is no invoke endpoint to put on a port", fn.Name())
	}

	ctx, stop := signalContext()
	defer stop()
	opts := rf.options(stderr)
	opts.Port = *port
	in, err := localinvoke.Start(ctx, fn, opts)
	if err != nil {
		return runError(stderr, "invoke", err)
	}
	defer in.Close()
	if *format == "text" {
		printNotes(stderr, in.Notes())
		if mi := fn.ManagedInstances; mi != nil {
			printManaged(stderr, mi, in.Environments(), 1)
		}
	}

	results, err := invokeN(ctx, in, event, *count)
	if err != nil {
		in.Close()
		return runError(stderr, "invoke", err)
	}
	failed := false
	for _, r := range results {
		failed = failed || r.FunctionError != ""
		if *format == "text" {
			fmt.Fprintln(stdout, strings.TrimRight(string(r.Payload), "\n"))
			if line := functionErrorLine(r); line != "" {
				fmt.Fprintln(stderr, line)
			}
			fmt.Fprintln(stdout, r.Report)
		}
	}
	crossTalk := crossTalkLines(results)
	if *format == "json" {
		if err := writeInvokeJSON(stdout, fn, in, results); err != nil {
			fmt.Fprintf(stderr, "lambdaperf invoke: %v\n", err)
			return exitUsage
		}
	} else {
		for _, line := range crossTalk {
			fmt.Fprintln(stderr, line)
		}
	}
	if failed || len(crossTalk) > 0 {
		return exitFunctionError
	}
	return 0
}

// invokeN invokes n times: in a row, or on Managed Instances all at once
// (the environment runs as many as its concurrency, the others wait). The
// results are in the order sent.
func invokeN(ctx context.Context, in *localinvoke.Instance, event []byte, n int) ([]*localinvoke.Result, error) {
	results := make([]*localinvoke.Result, n)
	if in.Function().ManagedInstances == nil {
		for i := range results {
			r, err := in.Invoke(ctx, event)
			if err != nil {
				return nil, err
			}
			results[i] = r
		}
		return results, nil
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = in.Invoke(ctx, event)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

// crossTalkLines says which responses named another invocation's request
// id: state shared between concurrent invocations.
func crossTalkLines(results []*localinvoke.Result) []string {
	index := map[string]int{}
	for i, r := range results {
		index[r.Report.RequestID] = i + 1
	}
	var lines []string
	for i, r := range results {
		for _, id := range r.CrossTalk {
			lines = append(lines, fmt.Sprintf("concurrency bug: the response of invocation %d names the request id %s of invocation %d, which ran beside it: state kept between invocations (module level, a shared object) leaks from one to another on Managed Instances",
				i+1, id, index[id]))
		}
	}
	return lines
}

// printManaged says how a Managed Instances function runs here, and what
// the run does not reproduce.
func printManaged(w io.Writer, mi *localinvoke.ManagedInstances, env *localinvoke.EnvironmentReport, environments int) {
	local := ""
	if mi.LocalConcurrency != mi.Concurrency {
		local = fmt.Sprintf(", %d here", mi.LocalConcurrency)
	}
	fmt.Fprintf(w, "managed instances: per-environment concurrency %d (%s%s); %s\n", mi.Concurrency, mi.ConcurrencySource, local, mi.Model)
	if env != nil && env.Inits > 0 {
		fmt.Fprintf(w, "managed instances: %s initialized before any invocation, init %s ms (no cold starts on the request path)\n",
			plural(env.Inits, "environment"), fmtMs(env.Init.Max))
	}
	for _, line := range mi.NotEmulated(environments) {
		fmt.Fprintf(w, "not reproduced here: %s\n", line)
	}
}

// functionErrorLine names a failed invocation's error type, and its cause
// where the payload does not say it already (a runtime that exited after
// answering leaves its response there); "" when it answered.
func functionErrorLine(r *localinvoke.Result) string {
	if r.FunctionError == "" {
		return ""
	}
	line := "function error: " + r.FunctionError
	if r.Cause != "" && localinvoke.ErrorMessage(r.Payload) != r.Cause {
		line += ": " + r.Cause
	}
	return line
}

// invokeJSON is the --format json contract of invoke.
type invokeJSON struct {
	Function    string           `json:"function"`
	LogicalID   string           `json:"logicalId"`
	Runtime     string           `json:"runtime"`
	Invocations []invocationJSON `json:"invocations"`
	Notes       []string         `json:"notes"`
	// ManagedInstances is set for a function on a capacity provider.
	ManagedInstances *managedRunJSON `json:"managedInstances,omitempty"`
}

// managedRunJSON is how a Managed Instances function ran.
type managedRunJSON struct {
	localinvoke.ManagedInstances
	Environment *localinvoke.EnvironmentReport `json:"environment,omitempty"`
	// CrossTalk says which responses named another invocation's request id.
	CrossTalk   []string `json:"crossTalk"`
	NotEmulated []string `json:"notEmulated"`
}

type invocationJSON struct {
	// Response is the payload: JSON as is, anything else as a string.
	Response      json.RawMessage    `json:"response"`
	FunctionError string             `json:"functionError,omitempty"`
	Cause         string             `json:"cause,omitempty"`
	CrossTalk     []string           `json:"crossTalk,omitempty"`
	Report        localinvoke.Report `json:"report"`
	Logs          string             `json:"logs"`
}

func writeInvokeJSON(w io.Writer, fn *localinvoke.Function, in *localinvoke.Instance, results []*localinvoke.Result) error {
	out := invokeJSON{Function: fn.Name(), LogicalID: fn.LogicalID, Runtime: fn.Runtime, Notes: in.Notes()}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	if mi := fn.ManagedInstances; mi != nil {
		out.ManagedInstances = &managedRunJSON{ManagedInstances: *mi, Environment: in.Environments(), CrossTalk: crossTalkLines(results), NotEmulated: mi.NotEmulated(1)}
		if out.ManagedInstances.CrossTalk == nil {
			out.ManagedInstances.CrossTalk = []string{}
		}
	}
	for _, r := range results {
		resp := json.RawMessage(r.Payload)
		if !json.Valid(r.Payload) {
			resp, _ = json.Marshal(string(r.Payload))
		}
		out.Invocations = append(out.Invocations, invocationJSON{Response: resp, FunctionError: r.FunctionError, Cause: r.Cause, CrossTalk: r.CrossTalk, Report: r.Report, Logs: r.Logs})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
