package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const serveHint = "Run 'lambdaperf serve -h' for usage."

// buildCLI builds this command into a temporary folder, for the tests that
// need a process of their own (signals).
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "lambdaperf")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// descendants lists the processes below pid, children first.
func descendants(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, task := range tasks {
		b, _ := os.ReadFile(task)
		for _, f := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
				out = append(out, descendants(c)...)
			}
		}
	}
	return out
}

// gone waits up to two seconds for pid to leave the process table (an
// orphan's zombie is reaped by init).
func gone(pid int) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); os.IsNotExist(err) {
			return true
		}
	}
	return false
}

func TestServe(t *testing.T) {
	asm := invokeAssembly(t)
	bin := buildCLI(t)
	cmd := exec.Command(bin, "serve", "--report", "--instances", "2", "--env", "TABLE=items", asm, "Test/Echo")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	first := make(chan string, 1)
	go func() {
		if lines.Scan() {
			first <- lines.Text()
		}
		close(first)
	}()
	var url string
	select {
	case line := <-first:
		m := regexp.MustCompile(`as a Function URL on (http://127\.0\.0\.1:\d+/) with 2 emulator instances; Ctrl-C stops$`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first line %q\nstderr:\n%s", line, stderr.String())
		}
		url = m[1]
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start\nstderr:\n%s", stderr.String())
	}

	for i := 0; i < 2; i++ {
		resp, err := http.Post(url+"items?x=1", "application/json", strings.NewReader(`{"echo": 1}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"table":"items"`) || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: %d %s", i, resp.StatusCode, body)
		}
	}
	procs := descendants(cmd.Process.Pid)
	if len(procs) < 3 {
		t.Errorf("two emulators and a runtime below serve: %v", procs)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(out)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\nstderr:\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	if want := "lambdaperf serve: stopped after 2 requests, 1 cold start, 0 errors (answered 502), 0 abandoned by their clients, 0 instance restarts"; !strings.Contains(string(rest), want) {
		t.Errorf("stdout %q, want %q", rest, want)
	}
	log := stderr.String()
	if n := strings.Count(log, "POST /items 200 (instance 0) REPORT RequestId: "); n != 2 || strings.Count(log, "Init Duration") != 1 {
		t.Errorf("want two REPORT lines, one cold:\n%s", log)
	}
	for _, pid := range procs {
		if !gone(pid) {
			t.Errorf("process %d still runs after serve stopped", pid)
		}
	}
}

func TestServeBadInput(t *testing.T) {
	asm := invokeAssembly(t)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", nil, "missing ASSEMBLY (a cdk.out folder) and FUNCTION"},
		{"no function", []string{asm}, "missing FUNCTION after " + asm},
		{"an event file", []string{"--event", "x.json", asm, "Test/Echo"}, "--event: serve takes its events from HTTP requests"},
		{"a bad cross-arch mode", []string{"--cross-arch", "fast", asm, "Test/Echo"}, `--cross-arch must be emulate, rebuild or refuse, got "fast"`},
		{"a bad port", []string{"--port", "70000", asm, "Test/Echo"}, "--port must be 1..65535, got 70000"},
		{"too many instances", []string{"--instances", "65", asm, "Test/Echo"}, "--instances must be 1..64, got 65"},
		{"an unknown function", []string{asm, "Nope"}, `unknown function "Nope"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"serve"}, c.args...)...)
			checkUsageError(t, code, stdout, stderr, c.want, serveHint)
		})
	}
	t.Run("a runtime that cannot run here", func(t *testing.T) {
		code, _, stderr := runCLI("serve", asm, "Test/Jv")
		if code != 2 || !strings.Contains(stderr, "not supported locally") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}
