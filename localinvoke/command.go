package localinvoke

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"
	"time"
)

// toolWaitDelay is how long a tool's Wait waits, after the tool exited or
// its context ended, for the output pipes to close: a child that inherited
// them and lives on (a daemon, a stuck compiler) does not hold the command
// up (exec.Cmd.WaitDelay).
const toolWaitDelay = 2 * time.Second

// command is exec.CommandContext for the tools lambdaperf runs itself (go,
// node --version): the tool runs in a process group of its own that is
// killed whole, not only its first process, when ctx ends, and Wait
// returns at most toolWaitDelay later whatever its children do. Run it
// with combinedOutput.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	ownGroup(cmd)
	cmd.WaitDelay = toolWaitDelay
	return cmd
}

var toolRuns atomic.Int64

// combinedOutput runs cmd and returns its output, then kills what is left
// of it: its process group, and what left the group (setsid, a double
// fork), found by the marker its environment carries.
func combinedOutput(cmd *exec.Cmd) ([]byte, error) {
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	marker := fmt.Sprintf("/lambdaperf-tool/%d/%d/", os.Getpid(), toolRuns.Add(1))
	cmd.Env = append(cmd.Env, markerEnv+"="+marker)
	out, err := cmd.CombinedOutput()
	if cmd.Process != nil {
		kill(cmd.Process.Pid)
		killMarked(marker)
	}
	return out, err
}
