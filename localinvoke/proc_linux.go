package localinvoke

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// detach puts the emulator in its own process group and ties its life to
// ours: it is killed if lambdaperf dies first.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// ownGroup runs cmd in a process group of its own that is killed whole
// when cmd's context ends (Cmd.Cancel), not only its first process.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
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

// descendants lists every process below pid that is still its descendant
// (children first); a process that detached is found by marked instead.
func descendants(pid int) []proc {
	var out []proc
	queue := []int{pid}
	for len(queue) > 0 && len(out) < 4096 {
		for _, c := range children(queue[0]) {
			out = append(out, c)
			queue = append(queue, c.pid)
		}
		queue = queue[1:]
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

// statusKiB reads a "Vm...: N kB" field of /proc/pid/status.
func statusKiB(pid int, field string) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}

// peakRSSKiB is the largest resident set size (VmHWM) of the processes.
func peakRSSKiB(ps []proc) int {
	peak := 0
	for _, p := range ps {
		peak = max(peak, statusKiB(p.pid, "VmHWM"))
	}
	return peak
}

// rssKiB is the resident memory of the processes together now (VmRSS),
// and the largest peak (VmHWM) of one of them, which a short spike between
// two samples leaves behind.
func rssKiB(ps []proc) (now, peak int) {
	for _, p := range ps {
		now += statusKiB(p.pid, "VmRSS")
		peak = max(peak, statusKiB(p.pid, "VmHWM"))
	}
	return now, peak
}

// limitData caps the private writable memory (RLIMIT_DATA, soft and hard)
// of the running process pid with prlimit(2); its children inherit it.
func limitData(pid int, bytes uint64) error {
	lim := syscall.Rlimit{Cur: bytes, Max: bytes}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), uintptr(syscall.RLIMIT_DATA), uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// terminate asks a process group to stop.
func terminate(pid int) { _ = syscall.Kill(-pid, syscall.SIGTERM) }

// kill stops a process group now.
func kill(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// killIfSame kills the process group of p, and p, if p is still the same
// process.
func killIfSame(p proc) {
	if startTime(p.pid) == p.start {
		kill(p.pid)
		_ = syscall.Kill(p.pid, syscall.SIGKILL)
	}
}

// killMarked kills every process of this user whose environment holds
// markerEnv with a value under prefix: what an instance started, also the
// processes that left its process group or session (setsid, a double
// fork) and so escape kill. It returns how many it killed.
func killMarked(prefix string) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	self := os.Getpid()
	want := []byte(markerEnv + "=" + prefix)
	killed := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		st := startTime(pid)
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || st == "" {
			continue // gone, or another user's
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.HasPrefix(kv, want) {
				if startTime(pid) == st && syscall.Kill(pid, syscall.SIGKILL) == nil {
					killed++
				}
				break
			}
		}
	}
	return killed
}

// lockRun takes the lock that says the run folder dir is in use: an
// exclusive flock(2) on dir/lambdaperf.lock, held until the returned file
// is closed or the process dies (kill -9 included). The file is locked
// under another name and renamed into place, so a sweep never finds it
// unlocked.
func lockRun(dir string) (*os.File, error) {
	tmp := filepath.Join(dir, ".lock-new")
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	if err := os.Rename(tmp, filepath.Join(dir, runLockFile)); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// sweepRuns removes the run folders under tmp whose owner is gone (a
// lambdaperf killed with SIGKILL, or a crash), after killing what their
// instances left running. A folder whose lock is held is in use and left
// alone; one without a lock file is not lambdaperf's to judge.
func sweepRuns(tmp string) (removed int) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, runPrefix+"*"))
	for _, dir := range dirs {
		f, err := os.OpenFile(filepath.Join(dir, runLockFile), os.O_RDWR|syscall.O_NOFOLLOW, 0)
		if err != nil {
			continue
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) || err != nil {
			f.Close()
			continue
		}
		killMarked(dir + string(filepath.Separator))
		if os.RemoveAll(dir) == nil {
			removed++
		}
		f.Close()
	}
	return removed
}
