package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/lambdaperf/lambdaperf/internal/release"
)

func init() {
	commands["version"] = runVersion
	summaries["version"] = "print the lambdaperf release (also -version)"
}

// runVersion prints the release, as `lambdaperf -version` does.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	setUsage(fs, "", "Prints the lambdaperf release, and the module version the binary was built from when it differs.")
	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return usageError(stderr, "version", "takes no arguments, got %q", rest[0])
	}
	fmt.Fprintln(stdout, release.String())
	return 0
}
