package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/localinvoke"
)

func init() {
	commands["serve"] = runServe
	summaries["serve"] = "serve a function of cdk.out as a Function URL on 127.0.0.1, under local emulators"
}

func runServe(args []string, stdout, stderr io.Writer) int {
	stderr = &syncWriter{w: stderr}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	rf := addRunFlags(fs)
	port := fs.Int("port", 0, "listen on 127.0.0.1:`PORT` (default: a free port, printed at start)")
	instances := fs.Int("instances", localinvoke.DefaultInstances, "emulator pool size `N`: the function's concurrency; each instance's first request is a cold start\n    \t(on Managed Instances: the execution environments, default 1, each at its per-environment concurrency)")
	var report switchFlag
	fs.Var(&report, "report", "print the REPORT line of every invocation to stderr (cold starts and errors are always printed)")
	setUsage(fs, "[flags] ASSEMBLY FUNCTION",
		"Serves FUNCTION of a cloud assembly (cdk.out) as a Function URL on 127.0.0.1 until\n"+
			"Ctrl-C or SIGTERM: each HTTP request becomes a Function URL event (payload format\n"+
			"2.0: headers, cookies, query, a body base64-encoded unless it is text) for a pool\n"+
			"of AWS Lambda Runtime Interface Emulators, as `lambdaperf load` uses, and the\n"+
			"function's response becomes the HTTP response (statusCode, headers, cookies, a\n"+
			"base64 body; other JSON is a 200 application/json). A function error is a 502.\n\n"+
			"Like a Function URL with AuthType NONE: a SigV4 Authorization header is passed on,\n"+
			"not verified. Point `lambdaperf load --url http://127.0.0.1:PORT/ ASSEMBLY FUNCTION`\n"+
			"(an Artillery script) or any HTTP client at it.\n\n"+
			"Cold starts and errors are printed to stderr as they happen, every REPORT line\n"+
			"with --report, and a summary when it stops; the function's output goes to stderr\n"+
			"with --verbose. It stops every emulator and runtime it started before it exits.\n\n"+
			"It is bounded like Lambda: a request body, and the event made of it, of at most 6 MiB\n"+
			"(413 above), a response of at most 6 MiB (502 above), the runtime's memory at the\n"+
			"function's MemorySize (killed above it, a 502). A client that hangs up does not cut\n"+
			"the invocation short: it runs to its end and its instance is reused after it; an\n"+
			"instance whose emulator died is replaced. Clients get 10 s for their headers, 30 s\n"+
			"for the whole request and to read the answer, and idle connections are closed after\n"+
			"30 s (docs/local.md).\n\n"+
			"Exit status: 0 after a signal, 2 for bad flags or input, or a function that\n"+
			"cannot run here.")

	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "serve", format, a...) }
	switch {
	case functionArgs("serve", rest) != "":
		return bad("%s", functionArgs("serve", rest))
	case *port < 0 || *port > 65535:
		return bad("--port must be 1..65535, got %d", *port)
	case *instances < 1 || *instances > localinvoke.MaxInstances:
		return bad("--instances must be 1..%d, got %d", localinvoke.MaxInstances, *instances)
	case *rf.event != "":
		return bad("--event: serve takes its events from HTTP requests")
	}
	if err := rf.check(); err != nil {
		return bad("%v", err)
	}
	fn, err := rf.loadFunction(rest[0], rest[1])
	if err != nil {
		return inputError(stderr, "serve", err)
	}

	ctx, stop := signalContext()
	defer stop()
	opts := rf.options(io.Discard)
	if rf.verbose {
		opts.Output, opts.EmulatorLog = stderr, stderr
	}
	opts.Port = *port
	pool := *instances
	if !flagSet(fs, "instances") {
		pool = 0 // the library's default: 1 environment on Managed Instances
	}
	srv, err := localinvoke.Serve(ctx, fn, localinvoke.ServeOptions{
		Options: opts, Instances: pool,
		OnInvoke: func(s localinvoke.Served) { printServed(stderr, s, bool(report)) },
	})
	if err != nil {
		return runError(stderr, "serve", err)
	}
	printNotes(stderr, srv.Notes())
	if mi := fn.ManagedInstances; mi != nil {
		printManaged(stderr, mi, srv.Environments(), srv.Instances())
		fmt.Fprintf(stdout, "lambdaperf serve: %s (%s, %d MiB) as a Function URL on %s with %s x %d concurrent (Managed Instances); Ctrl-C stops\n",
			fn.Name(), fn.Runtime, fn.MemoryMiB, srv.URL(), plural(srv.Instances(), "execution environment"), mi.LocalConcurrency)
	} else {
		fmt.Fprintf(stdout, "lambdaperf serve: %s (%s, %d MiB) as a Function URL on %s with %s; Ctrl-C stops\n",
			fn.Name(), fn.Runtime, fn.MemoryMiB, srv.URL(), plural(srv.Instances(), "emulator instance"))
	}
	<-ctx.Done()
	stop()
	closeErr := srv.Close()
	st := srv.Stats()
	peak := ""
	if env := srv.Environments(); env != nil {
		peak = fmt.Sprintf(", at most %d at once in one environment", env.PeakInFlight)
	}
	fmt.Fprintf(stdout, "lambdaperf serve: stopped after %s, %s, %s (answered 502), %d abandoned by their clients, %s%s\n",
		plural(int(st.Requests), "request"), plural(int(st.ColdStarts), "cold start"), plural(int(st.Errors), "error"),
		st.Abandoned, plural(int(st.Restarts), "instance restart"), peak)
	if closeErr != nil {
		fmt.Fprintf(stderr, "lambdaperf serve: %v\n", closeErr)
	}
	return 0
}

// printServed prints a request's cold start or error, and its REPORT line
// when report is set.
func printServed(w io.Writer, s localinvoke.Served, report bool) {
	line := fmt.Sprintf("%s %s %d", s.Method, s.Path, s.Status)
	if s.Instance >= 0 {
		line += fmt.Sprintf(" (instance %d)", s.Instance)
	}
	r := s.Result
	switch {
	case s.Err != nil && r == nil:
		fmt.Fprintf(w, "%s: %v\n", line, s.Err)
		return
	case r != nil && r.FunctionError != "":
		// The payload is not printed here: say its message.
		msg := r.Cause
		if msg == "" {
			msg = localinvoke.ErrorMessage(r.Payload)
		}
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		fmt.Fprintf(w, "%s: function error: %s: %s\n", line, r.FunctionError, untrusted.Printable(msg))
	case s.Err != nil:
		fmt.Fprintf(w, "%s: %v\n", line, s.Err)
	}
	if r == nil {
		return
	}
	if report {
		fmt.Fprintf(w, "%s %s\n", line, r.Report)
	} else if r.Report.Cold {
		fmt.Fprintf(w, "%s: cold start, Init Duration %.2f ms\n", line, float64(r.Report.InitDuration.Microseconds())/1000)
	}
}
