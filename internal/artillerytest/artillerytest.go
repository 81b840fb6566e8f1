// Package artillerytest runs the pinned Artillery of test/artillery for the
// tests that load a local server with it (localinvoke/referencetest and
// test/hostile) and reads its report.
package artillerytest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Bin is the Artillery that `make artillery` installs under repo (the
// repository's root); the test fails when it is missing.
func Bin(t testing.TB, repo string) string {
	t.Helper()
	bin := filepath.Join(repo, "test", "artillery", "node_modules", ".bin", "artillery")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("Artillery is not installed: run `make artillery` (%v)", err)
	}
	return bin
}

// Users is a script of one phase: arrivalRate users a second for seconds
// seconds, each one GET of path (Artillery templates allowed) to target,
// giving up after timeout seconds (fractions allowed: 0.1).
func Users(target string, arrivalRate, seconds int, timeout float64, path string) string {
	return fmt.Sprintf(`config:
  target: %q
  http:
    timeout: %g
  phases:
    - duration: %d
      arrivalRate: %d
scenarios:
  - flow:
      - get:
          url: %q
`, target, timeout, seconds, arrivalRate, path)
}

// Run runs Artillery (bin) on script, from a new folder, within 3 minutes
// and in a process group killed whole at the end of that time, and returns
// the counters of its report's aggregate (http.codes.200,
// errors.ETIMEDOUT, ...).
func Run(t testing.TB, bin, script string) map[string]int {
	t.Helper()
	dir := t.TempDir()
	file, report := filepath.Join(dir, "load.yml"), filepath.Join(dir, "report.json")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run", "--output", report, file)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ARTILLERY_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("artillery run: %v\n%s", err, out)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Aggregate struct{ Counters map[string]int }
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Aggregate.Counters
}
