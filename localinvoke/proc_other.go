//go:build !linux

package localinvoke

import "os/exec"

// The emulator runs on Linux only; Start refuses other systems before any
// of these is called.

type proc struct {
	pid   int
	start string
}

func detach(*exec.Cmd)      {}
func children(int) []proc   { return nil }
func peakRSSKiB([]proc) int { return 0 }
func terminate(int)         {}
func kill(int)              {}
func killIfSame(proc)       {}
