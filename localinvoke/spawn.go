package localinvoke

import (
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// process is a program an instance runs: the emulator, or the runtime of a
// Managed Instances environment. It runs in a process group of its own
// that dies with lambdaperf, with /tmp and HOME in the instance's folder
// and a marker that finds every process it starts (killMarked), under the
// memory backstop (RLIMIT_DATA, memory.go); its output is followed line by
// line.
type process struct {
	cmd *exec.Cmd
	// exited closes when it has exited; err is Wait's error then.
	exited chan struct{}
	err    error
	// stdoutDone and stderrDone close when its streams end: when it and
	// every process that inherited them are gone.
	stdoutDone, stderrDone chan struct{}
}

// spawn starts argv in the task folder with c's environment, extra, and
// tmp as Lambda's /tmp (HOME there too, so ~/.aws of this machine stays
// out). exited is closed when it exits.
func (c *code) spawn(argv []string, tmp string, extra []string, stdoutLine, stderrLine func(string), exited chan struct{}) (*process, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = c.task
	env := make([]string, 0, len(c.env)+len(extra)+3)
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	env = append(env, extra...)
	env = append(env, "TMPDIR="+tmp, "HOME="+tmp, markerEnv+"="+tmp+string(filepath.Separator))
	cmd.Env = env
	detach(cmd)
	// Plain pipes rather than cmd.StdoutPipe: the children inherit the
	// write ends, and the process's exit must not wait for them.
	stdout, stdoutW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	stderr, stderrW, err := os.Pipe()
	if err != nil {
		stdout.Close()
		stdoutW.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = stdoutW, stderrW
	p := &process{cmd: cmd, exited: exited, stdoutDone: make(chan struct{}), stderrDone: make(chan struct{})}
	err = cmd.Start()
	stdoutW.Close()
	stderrW.Close()
	if err != nil {
		stdout.Close()
		stderr.Close()
		return nil, err
	}
	// Before it starts anything, which inherits the limit.
	if !c.opts.NoMemoryCap {
		_ = limitData(cmd.Process.Pid, c.dataLimit())
	}
	go func() {
		defer close(p.stdoutDone)
		defer stdout.Close()
		follow(stdout, stdoutLine)
	}()
	go func() {
		defer close(p.stderrDone)
		defer stderr.Close()
		follow(stderr, stderrLine)
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// stop ends the process: SIGTERM to its group, SIGKILL 2 s later; then
// every process of procs that is still the same one, and every process
// marked with tmp (what left the group: setsid, a double fork, which would
// keep the output pipes open or outlive lambdaperf). It waits at most 2 s
// more for the last output, so nothing is written after it returns.
func (p *process) stop(tmp string, procs []proc) {
	pid := p.cmd.Process.Pid
	select {
	case <-p.exited:
	default:
		terminate(pid)
		select {
		case <-p.exited:
		case <-time.After(2 * time.Second):
			kill(pid)
			select {
			case <-p.exited:
			case <-time.After(2 * time.Second):
			}
		}
	}
	for _, pr := range procs {
		killIfSame(pr)
	}
	killMarked(tmp + string(filepath.Separator))
	for _, done := range []chan struct{}{p.stdoutDone, p.stderrDone} {
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}
}
