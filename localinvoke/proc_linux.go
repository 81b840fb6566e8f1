package localinvoke

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// detach puts the emulator in its own process group and ties its life to
// ours: it is killed if lambdaperf dies first.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// proc identifies a process across pid reuse: pid and start time.
type proc struct {
	pid   int
	start string
}

// children lists the direct children of pid (the runtime processes the
// emulator started, each in its own process group).
func children(pid int) []proc {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	var out []proc
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(f); err == nil {
				if st := startTime(c); st != "" {
					out = append(out, proc{c, st})
				}
			}
		}
	}
	return out
}

// startTime is field 22 of /proc/pid/stat, "" when the process is gone.
func startTime(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	// The command name (field 2) may hold spaces: split after its ')'.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 20 {
		return ""
	}
	return fields[19]
}

// peakRSSKiB is the largest resident set size (VmHWM) of the processes.
func peakRSSKiB(ps []proc) int {
	peak := 0
	for _, p := range ps {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/status")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				peak = max(peak, kb)
			}
		}
	}
	return peak
}

// terminate asks a process group to stop.
func terminate(pid int) { _ = syscall.Kill(-pid, syscall.SIGTERM) }

// kill stops a process group now.
func kill(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// killIfSame kills the process group of p if p is still the same process.
func killIfSame(p proc) {
	if startTime(p.pid) == p.start {
		kill(p.pid)
	}
}
