package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/release"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// runCLI runs the command line in-process.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// checkUsageError asserts exit status 2, nothing on stdout, and on stderr
// one line containing want followed by the usage hint.
func checkUsageError(t *testing.T, code int, stdout, stderr, want, hint string) {
	t.Helper()
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], want) || lines[1] != hint {
		t.Errorf("stderr =\n%s\nwant one line containing %q, then %q", stderr, want, hint)
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	snapshot.Golden(t, filepath.Join("testdata", "golden", name), []byte(got))
}

func TestRun(t *testing.T) {
	t.Run("prints usage and exits 2 without a command", func(t *testing.T) {
		code, stdout, stderr := runCLI()
		if code != 2 || stdout != "" || !strings.Contains(stderr, "Usage:") {
			t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	})
	t.Run("prints usage and exits 0 for -h", func(t *testing.T) {
		for _, arg := range []string{"-h", "--help", "help"} {
			code, stdout, stderr := runCLI(arg)
			if code != 0 || stderr != "" || !strings.Contains(stdout, "Commands:") {
				t.Errorf("%s: code %d, stdout %q, stderr %q", arg, code, stdout, stderr)
			}
		}
	})
	t.Run("rejects an unknown command with a hint", func(t *testing.T) {
		code, stdout, stderr := runCLI("deploy")
		checkUsageError(t, code, stdout, stderr, `lambdaperf: unknown command "deploy"`, "Run 'lambdaperf -h' for the list of commands.")
	})
	t.Run("dispatches to a command registered from another file", func(t *testing.T) {
		commands["aaa"] = func(args []string, stdout, _ io.Writer) int {
			io.WriteString(stdout, "aaa "+strings.Join(args, " "))
			return 3
		}
		summaries["aaa"] = "a command registered by a test"
		t.Cleanup(func() { delete(commands, "aaa"); delete(summaries, "aaa") })
		if code, stdout, _ := runCLI("aaa", "cdk.out"); code != 3 || stdout != "aaa cdk.out" {
			t.Errorf("code %d, stdout %q", code, stdout)
		}
		_, usage, _ := runCLI("-h")
		a, c, tu := strings.Index(usage, "  aaa "), strings.Index(usage, "  cost "), strings.Index(usage, "  tune ")
		if a < 0 || !(a < c && c < tu) {
			t.Errorf("usage does not list aaa, cost, tune in order:\n%s", usage)
		}
	})
	t.Run("lists commands without a summary too", func(t *testing.T) {
		commands["zz"] = func([]string, io.Writer, io.Writer) int { return 0 }
		t.Cleanup(func() { delete(commands, "zz") })
		if _, usage, _ := runCLI("-h"); !strings.Contains(usage, "  zz ") {
			t.Errorf("usage misses zz:\n%s", usage)
		}
	})
	t.Run("never panics on odd arguments", func(t *testing.T) {
		for _, args := range [][]string{
			{"cost", "--memory="}, {"cost", "--duration="}, {"cost", "-"}, {"cost", "--"}, {"cost", "--", "--memory"},
			{"cost", "--memory", "1e3"}, {"cost", "--invocations", "1e3"}, {"tune", ""}, {"tune", "--svg"},
			{"tune", "--balanced-weight", "NaN", "x.json"}, {""}, {"cost", "--format", ""},
		} {
			code, _, _ := runCLI(args...)
			if code != 2 {
				t.Errorf("%q: exit status %d, want 2", args, code)
			}
		}
	})
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		code, stdout, stderr := runCLI(args...)
		if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "lambdaperf "+release.Version) || !strings.HasSuffix(stdout, "\n") {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want \"lambdaperf %s\"", args, code, stdout, stderr, release.Version)
		}
	}
	code, stdout, stderr := runCLI("version", "extra")
	checkUsageError(t, code, stdout, stderr, `lambdaperf version: takes no arguments, got "extra"`, "Run 'lambdaperf version -h' for usage.")
}
