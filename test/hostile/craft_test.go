//go:build linux

package hostile

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bounds most cases share: a lambdaperf run here takes well under a second
// and 10-30 MiB (the machine may be shared and loaded: the time bound is
// generous, and still far under what the unfixed reader took: minutes, or
// forever).
const (
	quick   = 20 * time.Second
	small   = 128 << 20
	onePass = 256 << 20 // a 4 MiB template parsed in full
)

// fn is a Lambda function resource at a construct path.
func fn(path string, props map[string]any) map[string]any {
	p := map[string]any{"Runtime": "nodejs24.x", "Handler": "index.handler", "Role": "arn:aws:iam::123456789012:role/fn",
		"Code": map[string]any{"ZipFile": "exports.handler = async () => 1;"}, "MemorySize": 1024, "Architectures": []any{"arm64"}}
	for k, v := range props {
		p[k] = v
	}
	return map[string]any{"Type": "AWS::Lambda::Function", "Properties": p, "Metadata": map[string]any{"aws:cdk:path": path}}
}

// template wraps resources in a template.
func template(resources map[string]any) map[string]any {
	return map[string]any{"Resources": resources}
}

// goodTemplate holds one function with MemorySize 64: its
// memory-out-of-range error proves that the stack was audited.
func goodTemplate() map[string]any {
	return template(map[string]any{"Api": fn("Good/Api/Resource", map[string]any{"MemorySize": 64})})
}

// writeJSON writes v as JSON to path, creating its folder.
func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, data)
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// manifest lists stack artifacts (name -> template file) and nested
// assemblies (name -> folder, keys starting with "@").
func manifest(entries map[string]string) map[string]any {
	artifacts := map[string]any{}
	for name, file := range entries {
		if nested, ok := strings.CutPrefix(name, "@"); ok {
			artifacts[nested] = map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": file}}
			continue
		}
		artifacts[name] = map[string]any{"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
			"properties": map[string]any{"templateFile": file}}
	}
	return map[string]any{"version": "48.0.0", "artifacts": artifacts}
}

// cdkOut writes a cloud assembly in a new folder: the Good stack (one
// error) and a stack Bad with the template file badFile, which the case
// crafts; it returns the folder.
func cdkOut(t *testing.T, h *H, badFile string) string {
	t.Helper()
	dir := filepath.Join(h.Dir(), "cdk.out")
	writeJSON(t, filepath.Join(dir, "Good.template.json"), goodTemplate())
	entries := map[string]string{"Good": "Good.template.json"}
	if badFile != "" {
		entries["Bad"] = badFile
	}
	writeJSON(t, filepath.Join(dir, "manifest.json"), manifest(entries))
	return dir
}

// oneStack writes a cloud assembly of one stack S with the template.
func oneStack(t *testing.T, h *H, tpl any) string {
	t.Helper()
	dir := filepath.Join(h.Dir(), "cdk.out")
	writeJSON(t, filepath.Join(dir, "S.template.json"), tpl)
	writeJSON(t, filepath.Join(dir, "manifest.json"), manifest(map[string]string{"S": "S.template.json"}))
	return dir
}

// finding is a finding of `lambdaperf audit --format json`.
type finding struct {
	Rule, Severity, Stack, Resource, Path, Message string
}

// auditJSON runs lambdaperf audit --format json on path and decodes its
// findings; the run must end with the exit status want.
func auditJSON(t *testing.T, h *H, path string, want int) []finding {
	t.Helper()
	r := h.CLI("audit", "--format", "json", path)
	if r.Code != want {
		t.Fatalf("audit exited %d, want %d (killed at the time bound: %v)\n%s", r.Code, want, r.Killed, clip(r.Out()))
	}
	var out struct{ Findings []finding }
	if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil {
		t.Fatalf("audit printed no JSON report: %v\n%s", err, clip(r.Out()))
	}
	return out.Findings
}

// find returns the findings of rule, in stack when stack is not "".
func find(fs []finding, rule, stack string) []finding {
	var out []finding
	for _, f := range fs {
		if f.Rule == rule && (stack == "" || f.Stack == stack) {
			out = append(out, f)
		}
	}
	return out
}

// wantFinding fails unless exactly one finding of rule (in stack) holds
// every part of its message.
func wantFinding(t *testing.T, fs []finding, rule, stack string, parts ...string) finding {
	t.Helper()
	got := find(fs, rule, stack)
	if len(got) != 1 {
		t.Fatalf("%d %s findings in stack %q, want 1; findings: %s", len(got), rule, stack, summary(fs))
	}
	for _, p := range parts {
		if !strings.Contains(got[0].Message, p) {
			t.Errorf("%s finding %q does not say %q", rule, got[0].Message, p)
		}
	}
	return got[0]
}

// goodAudited fails unless the Good stack's own error was reported: the
// rest of the assembly was audited.
func goodAudited(t *testing.T, fs []finding) {
	t.Helper()
	if len(find(fs, "memory-out-of-range", "Good")) != 1 {
		t.Errorf("the Good stack was not audited: %s", summary(fs))
	}
}

func summary(fs []finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Severity + " " + f.Rule + " " + f.Stack + "/" + f.Resource + ": " + f.Message)
	}
	return b.String()
}

// clip cuts output for a failure message.
func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "..."
	}
	return s
}

// fifo makes a FIFO at path, or skips the case where there are none.
func fifo(t *testing.T, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
}

// sparse makes a file of size bytes that holds no blocks.
func sparse(t *testing.T, path string, size int64) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Skip("no sparse files here:", err)
	}
}

// socket binds a Unix socket at path; it is closed when the case ends.
func socket(t *testing.T, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.Remove(path)
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Skip("no Unix sockets here:", err)
	}
	t.Cleanup(func() { l.Close() })
}

// symlink replaces path with a symbolic link to target.
func symlink(t *testing.T, target, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.Remove(path)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

// unchanged fails unless the file at path still holds want.
func unchanged(t *testing.T, path, want string) {
	t.Helper()
	if b, err := os.ReadFile(path); err != nil || string(b) != want {
		t.Errorf("%s now holds %q (%v), want it left alone (%q)", path, clip(string(b)), err, want)
	}
}
