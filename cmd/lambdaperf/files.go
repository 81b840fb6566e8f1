package main

import (
	"fmt"
	"path/filepath"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// maxInputBytes bounds a JSON file a command is pointed at besides an
// assembly (a Power Tuning result, a load report): far above real ones (an
// Artillery report of a 15-minute run is a few MiB), far below what would
// hurt.
const maxInputBytes = 64 << 20

// readInput reads a file a command was pointed at: a regular file (a FIFO
// or device is refused, never waited on) of at most maxInputBytes.
func readInput(path string) ([]byte, error) {
	b, err := untrusted.ReadFile(path, maxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, pathErr(err))
	}
	return b, nil
}

// writeOutput writes a file a command produces (a chart, a script)
// atomically, and never through a symbolic link at path: its folder may be
// an assembly somebody else made.
func writeOutput(path string, data []byte) error {
	return untrusted.WriteFile(filepath.Dir(path), filepath.Base(path), data, 0o644)
}
