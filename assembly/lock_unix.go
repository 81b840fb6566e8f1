//go:build unix

package assembly

import (
	"errors"
	"syscall"
)

// processRunning reports whether a process with the PID exists (signal
// 0 checks without sending anything), as the CDK CLI decides whether a
// lock is stale.
func processRunning(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
