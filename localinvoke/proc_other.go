//go:build !linux

package localinvoke

import (
	"os"
	"os/exec"
)

// The emulator runs on Linux only; Start refuses other systems before any
// of these is called.

type proc struct {
	pid   int
	start string
}

func detach(*exec.Cmd)                 {}
func ownGroup(*exec.Cmd)               {}
func children(int) []proc              { return nil }
func descendants(int) []proc           { return nil }
func peakRSSKiB([]proc) int            { return 0 }
func rssKiB([]proc) (int, int)         { return 0, 0 }
func limitData(int, uint64) error      { return nil }
func terminate(int)                    {}
func kill(int)                         {}
func killIfSame(proc)                  {}
func killMarked(string) int            { return 0 }
func sweepRuns(string) int             { return 0 }
func lockRun(string) (*os.File, error) { return nil, nil }
