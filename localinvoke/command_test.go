package localinvoke

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A tool whose children keep its output pipe open, in its process group
// and out of it, used to hold versionNote until they exited (60 s here):
// Wait waited for the pipe. Now it returns within toolWaitDelay and the
// children are gone.
func TestAToolsChildrenDoNotHoldTheCommand(t *testing.T) {
	dir := t.TempDir()
	pids := filepath.Join(dir, "pids")
	fake := filepath.Join(dir, "node")
	script := "#!/bin/sh\nsleep 60 &\necho $! >> " + pids + "\nsetsid sleep 61 &\necho $! >> " + pids + "\necho v24.1.0\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	note := versionNote(context.Background(), fake, "Node.js", "nodejs24.x")
	took := time.Since(began)
	if note != "" || took > toolWaitDelay+2*time.Second {
		t.Errorf("versionNote: %q after %v, want \"\" within %v", note, took, toolWaitDelay+2*time.Second)
	}
	data, _ := os.ReadFile(pids)
	for _, f := range strings.Fields(string(data)) {
		pid, _ := strconv.Atoi(f)
		deadline := time.Now().Add(2 * time.Second)
		for alive(pid) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if alive(pid) {
			t.Errorf("the tool's child %d outlived it", pid)
		}
	}
}

func TestCheckGoSourceRefusesFlagsThatRunPrograms(t *testing.T) {
	ok := &GoSource{ModuleRoot: "/src/fn", Package: "./cmd/api", Flags: []string{"-trimpath", "-buildvcs=false", "-tags", "lambda.norpc", "-ldflags", "-s -w"}}
	if err := checkGoSource("Api", ok); err != nil {
		t.Errorf("optimizedfn's own flags: %v", err)
	}
	for _, c := range []struct {
		name string
		src  GoSource
		want string
	}{
		{"-toolexec", GoSource{ModuleRoot: "/m", Package: ".", Flags: []string{"-toolexec=/bin/sh -c id"}}, `"-toolexec=/bin/sh -c id"`},
		{"-overlay", GoSource{ModuleRoot: "/m", Package: ".", Flags: []string{"-overlay", "x.json"}}, `"-overlay"`},
		{"an external linker in -ldflags", GoSource{ModuleRoot: "/m", Package: ".", Flags: []string{"-ldflags", "-extld=/tmp/evil"}}, `"-extld=/tmp/evil"`},
		{"a tag that is a flag", GoSource{ModuleRoot: "/m", Package: ".", Flags: []string{"-tags", "-x"}}, `"-x"`},
		{"a package that is a flag", GoSource{ModuleRoot: "/m", Package: "-toolexec=x"}, "not a folder of its module"},
		{"a package outside the module", GoSource{ModuleRoot: "/m", Package: "./../../etc"}, "not a folder of its module"},
		{"a relative module root", GoSource{ModuleRoot: "m", Package: "."}, "not an absolute path"},
	} {
		if err := checkGoSource("Api", &c.src); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// A lambdaperf killed with SIGKILL leaves its run folder and whatever its
// runtimes started; the next start removes the folder and kills them, and
// leaves a run that is still in use alone.
func TestTheNextStartSweepsWhatAKilledRunLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dead := filepath.Join(tmp, runPrefix+"dead")
	if err := os.MkdirAll(filepath.Join(dead, "tmp-1"), 0o755); err != nil {
		t.Fatal(err)
	}
	lock, err := lockRun(dead)
	if err != nil {
		t.Fatal(err)
	}
	lock.Close() // its owner died: the kernel dropped the lock
	orphan := exec.Command("sleep", "300")
	orphan.Env = append(os.Environ(), markerEnv+"="+filepath.Join(dead, "tmp-1")+"/")
	orphan.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := orphan.Start(); err != nil {
		t.Fatal(err)
	}
	defer orphan.Process.Kill()
	exited := make(chan struct{})
	go func() { orphan.Wait(); close(exited) }()
	live := filepath.Join(tmp, runPrefix+"live")
	os.Mkdir(live, 0o755)
	liveLock, err := lockRun(live)
	if err != nil {
		t.Fatal(err)
	}
	defer liveLock.Close()
	other := filepath.Join(tmp, runPrefix+"nolock") // not lambdaperf's to judge
	os.Mkdir(other, 0o755)

	in := start(t, writeAssembly(t, echoFn(t, "Echo")), "EchoFunction", Options{})
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead run's folder is still there: %v", err)
	}
	select {
	case <-exited:
	case <-time.After(3 * time.Second):
		t.Error("the dead run's orphan still runs")
	}
	for _, d := range []string{live, other} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
	in.Close()
	if _, err := os.Stat(in.code.work); !os.IsNotExist(err) {
		t.Errorf("this run's folder is left after Close: %v", err)
	}
}
