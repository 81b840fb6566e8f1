// Command lambdaperf prices and right-sizes AWS Lambda functions before they
// are deployed.
//
// Usage:
//
//	lambdaperf <command> [flags]
//
// Commands:
//
//	cost   price invocations, or compare the compute models for a steady load (--rps)
//	tune   read a Lambda Power Tuning result, recommend a memory size, chart it
//
// Run "lambdaperf <command> -h" for a command's flags, and
// "lambdaperf version" (or -version) for the release.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// commands maps a subcommand name to its entry point. It receives the
// arguments after the name and returns the exit status: 0 for success, 2
// for bad usage or input. Another file adds a command with
//
//	func init() { commands["audit"] = runAudit; summaries["audit"] = "..." }
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"cost": runCost,
	"tune": runTune,
}

// summaries holds the one-line description usage prints for each command.
var summaries = map[string]string{
	"cost": "price invocations, or compare the compute models for a steady load (--rps)",
	"tune": "read a Lambda Power Tuning result, recommend a memory size, chart it",
}

// exitUsage is the exit status for bad flags, arguments or input files.
const exitUsage = 2

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args (without the program name) to a command.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	case "-version", "--version":
		return runVersion(args[1:], stdout, stderr)
	default:
		cmd, ok := commands[name]
		if !ok {
			fmt.Fprintf(stderr, "lambdaperf: unknown command %q\n", name)
			fmt.Fprintln(stderr, "Run 'lambdaperf -h' for the list of commands.")
			return exitUsage
		}
		return cmd(args[1:], stdout, stderr)
	}
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	width := 0
	for name := range commands {
		names = append(names, name)
		width = max(width, len(name))
	}
	slices.Sort(names)
	fmt.Fprintln(w, "lambdaperf prices and right-sizes AWS Lambda functions.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  lambdaperf <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, name := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, name, summaries[name])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'lambdaperf <command> -h' for a command's flags.")
}

// parseFlags parses flags and positional arguments in any order. It returns
// the positional arguments, or an exit status when the caller must stop:
// 0 after -h (usage printed to stdout), 2 after an error (one line and a
// hint printed to stderr).
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) ([]string, int, bool) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdout)
				fs.Usage()
				return nil, 0, false
			}
			return nil, usageError(stderr, fs.Name(), "%s", flagError(err)), false
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, 0, true
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), 0, true
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// flagError rewrites the flag package's messages to name flags with "--".
func flagError(err error) string {
	msg := err.Error()
	msg = strings.Replace(msg, "for flag -", "for --", 1)
	msg = strings.Replace(msg, "flag provided but not defined: -", "unknown flag --", 1)
	msg = strings.Replace(msg, "flag needs an argument: -", "missing value for --", 1)
	return msg
}

// usageError prints "lambdaperf CMD: message" and a hint, and returns 2.
func usageError(stderr io.Writer, cmd, format string, a ...any) int {
	fmt.Fprintf(stderr, "lambdaperf %s: %s\n", cmd, fmt.Sprintf(format, a...))
	fmt.Fprintf(stderr, "Run 'lambdaperf %s -h' for usage.\n", cmd)
	return exitUsage
}

// setUsage makes fs print synopsis, a description and its flags.
func setUsage(fs *flag.FlagSet, synopsis, description string) {
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: lambdaperf %s %s\n\n%s\n\nFlags:\n", fs.Name(), synopsis, description)
		fs.VisitAll(func(f *flag.Flag) {
			name, help := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "  --%s %s\n    \t%s", f.Name, name, help)
			if f.DefValue != "" && f.DefValue != "0" && !strings.Contains(help, "(required)") {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
	}
}
