//go:build linux

package hostile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Cases of a cloud assembly's structure: its manifest, lock and nested
// assemblies, and the files beside its templates.
func init() {
	// refused runs audit on an assembly the case spoils and wants exit 2
	// with a message holding every part.
	refused := func(spoil func(t *testing.T, dir string), parts ...string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			dir := cdkOut(t, h, "")
			writeJSON(t, filepath.Join(dir, "Other.template.json"), goodTemplate())
			spoil(t, dir)
			r := h.CLI("audit", dir)
			if r.Code != 2 {
				t.Fatalf("audit exited %d, want 2 (killed at the time bound: %v)\n%s", r.Code, r.Killed, clip(r.Out()))
			}
			for _, p := range parts {
				if !strings.Contains(r.Stderr, p) {
					t.Errorf("stderr does not say %q:\n%s", p, r.Stderr)
				}
			}
		}
	}
	register(
		Case{Area: "assembly", Name: "templates without manifest.json: a cdk synth killed before it wrote the manifest",
			Want:      "exit 2: the synthesis did not finish, run `cdk synth` again (the templates are not audited as a whole app)",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) { os.Remove(filepath.Join(d, "manifest.json")) },
				"holds 2 templates but no manifest.json", "Run `cdk synth` again")},
		Case{Area: "assembly", Name: "a stale synth.lock: the PID of a cdk synth that was killed",
			Want:      "exit 2: the assembly is incomplete, run `cdk synth` again",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) { write(t, filepath.Join(d, "synth.lock"), []byte("2147483646")) },
				"is left by a cdk synth (process 2147483646) that did not finish", "Run `cdk synth` again")},
		Case{Area: "assembly", Name: "a synth.lock of a cdk synth still running",
			Want:      "exit 2: cdk synth is still writing the assembly, wait for it",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) {
				write(t, filepath.Join(d, "synth.lock"), []byte(strconv.Itoa(os.Getpid())))
			},
				"is being written", "Wait for it to finish")},
		Case{Area: "assembly", Name: "a synth.lock that is a FIFO",
			Want:      "exit 2 at once: the assembly is incomplete (the lock is not waited on)",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) { fifo(t, filepath.Join(d, "synth.lock")) }, "is incomplete", "Run `cdk synth` again")},
		Case{Area: "assembly", Name: "manifest.json cut short",
			Want:      "exit 2: manifest.json is not valid JSON, run `cdk synth` again",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) {
				write(t, filepath.Join(d, "manifest.json"), []byte(`{"version": "48.0.0", "artifacts": {`))
			},
				"manifest.json is not valid JSON", "run `cdk synth` again")},
		Case{Area: "assembly", Name: "manifest.json that is a FIFO",
			Want:      "exit 2 at once: manifest.json is not a regular file (a FIFO is never waited on)",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) { fifo(t, filepath.Join(d, "manifest.json")) }, "manifest.json cannot be read: not a regular file (a FIFO)")},
		Case{Area: "assembly", Name: "manifest.json of 1 GiB (sparse)",
			Want:      "exit 2 at once: manifest.json is larger than 64 MiB, found from its size before a byte is read",
			TimeBound: quick, MemBound: small,
			Run: refused(func(t *testing.T, d string) { sparse(t, filepath.Join(d, "manifest.json"), 1<<30) }, "larger than 64 MiB")},
		Case{Area: "assembly", Name: "report on an assembly with a stale synth.lock",
			Want:      "exit 2: the report is not written from an incomplete assembly",
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := cdkOut(t, h, "")
				write(t, filepath.Join(dir, "synth.lock"), []byte("2147483646"))
				r := h.CLI("report", dir)
				if r.Code != 2 || !strings.Contains(r.Stderr, "did not finish") {
					t.Fatalf("report exited %d, want 2 and that synth did not finish:\n%s", r.Code, clip(r.Out()))
				}
				if _, err := os.Stat(filepath.Join(dir, "lambdaperf-report.json")); err == nil {
					t.Error("lambdaperf-report.json was written")
				}
			}},
	)

	// nested crafts a nested assembly folder "assembly-Stage" and checks
	// that it was not read, that the other stack was, and that nothing
	// from outside the assembly was audited.
	nested := func(craft func(t *testing.T, dir, outside string), why string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			outside := h.Dir()
			writeJSON(t, filepath.Join(outside, "manifest.json"), manifest(map[string]string{"Leak": "Leak.template.json"}))
			writeJSON(t, filepath.Join(outside, "Leak.template.json"), template(map[string]any{"Secret": fn("Leak/Secret/Resource", map[string]any{"MemorySize": 64})}))
			dir := cdkOut(t, h, "")
			writeJSON(t, filepath.Join(dir, "manifest.json"), manifest(map[string]string{"Good": "Good.template.json", "@Stage": "assembly-Stage"}))
			craft(t, dir, outside)
			fs := auditJSON(t, h, dir, 1)
			goodAudited(t, fs)
			wantFinding(t, fs, "template-unreadable", "", why)
			for _, f := range fs {
				if strings.Contains(f.Stack, "Leak") || strings.Contains(f.Path, "Leak") {
					t.Errorf("a stack from outside the assembly was audited: %s", summary([]finding{f}))
				}
			}
		}
	}
	register(
		Case{Area: "assembly", Name: "a nested assembly that is a symbolic link out of cdk.out",
			Want:      "not followed: a template-unreadable error names it, the other stacks are audited, nothing outside is read",
			TimeBound: quick, MemBound: small,
			Run: nested(func(t *testing.T, d, out string) { symlink(t, out, filepath.Join(d, "assembly-Stage")) }, "leaves the assembly")},
		Case{Area: "assembly", Name: "a nested assembly that links to its own parent (a loop)",
			Want:      "read once: a template-unreadable error names the loop, the stacks are audited once",
			TimeBound: quick, MemBound: small,
			Run: nested(func(t *testing.T, d, _ string) { symlink(t, ".", filepath.Join(d, "assembly-Stage")) }, "a link loop")},
		Case{Area: "assembly", Name: "a nested assembly without its manifest.json",
			Want:      "its templates are not audited as complete: a template-unreadable error names its manifest, the other stacks are audited",
			TimeBound: quick, MemBound: small,
			Run: nested(func(t *testing.T, d, _ string) {
				writeJSON(t, filepath.Join(d, "assembly-Stage", "StageApi.template.json"), goodTemplate())
			}, "no such file or directory: the stacks of this nested assembly were not read")},
		Case{Area: "assembly", Name: "a manifest whose directoryName climbs out with ..",
			Want:      "not followed: a template-unreadable error names it, the other stacks are audited",
			TimeBound: quick, MemBound: small,
			Run: nested(func(t *testing.T, d, out string) {
				rel, _ := filepath.Rel(d, out)
				writeJSON(t, filepath.Join(d, "manifest.json"), manifest(map[string]string{"Good": "Good.template.json", "@Stage": rel}))
			}, "is outside the assembly")},
	)

	// beside crafts a file beside the templates and wants the audit to end
	// in time, with an input-skipped warning naming the file, and the
	// stacks audited.
	beside := func(name string, craft func(t *testing.T, path string), why string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			dir := cdkOut(t, h, "")
			man := manifest(map[string]string{"Good": "Good.template.json"})
			man["artifacts"].(map[string]any)["Good"].(map[string]any)["additionalMetadataFile"] = "Good.metadata.json"
			writeJSON(t, filepath.Join(dir, "manifest.json"), man)
			if name != "Good.metadata.json" {
				writeJSON(t, filepath.Join(dir, "Good.metadata.json"), map[string]any{})
			}
			craft(t, filepath.Join(dir, name))
			fs := auditJSON(t, h, dir, 1)
			goodAudited(t, fs)
			wantFinding(t, fs, "input-skipped", "", name, why)
		}
	}
	register(
		Case{Area: "assembly", Name: "an asset manifest (*.assets.json) that is a FIFO",
			Want:      "not waited on: an input-skipped warning names it, the stacks are audited",
			TimeBound: quick, MemBound: small,
			Run: beside("Good.assets.json", func(t *testing.T, p string) { fifo(t, p) }, "a FIFO")},
		Case{Area: "assembly", Name: "an asset manifest of 1 GiB (sparse)",
			Want:      "refused from its size: an input-skipped warning names it, the stacks are audited",
			TimeBound: quick, MemBound: small,
			Run: beside("Good.assets.json", func(t *testing.T, p string) { sparse(t, p, 1<<30) }, "larger than 64 MiB")},
		Case{Area: "assembly", Name: "an asset manifest cut short",
			Want:      "an input-skipped warning says the functions it lists are not inspected (it was ignored silently)",
			TimeBound: quick, MemBound: small,
			Run: beside("Good.assets.json", func(t *testing.T, p string) { write(t, p, []byte(`{"files": {`)) }, "is not valid JSON")},
		Case{Area: "assembly", Name: "construct metadata (additionalMetadataFile) that is a FIFO",
			Want:      "not waited on: an input-skipped warning names it, the stack is read without it",
			TimeBound: quick, MemBound: small,
			Run: beside("Good.metadata.json", func(t *testing.T, p string) { fifo(t, p) }, "a FIFO")},
		Case{Area: "assembly", Name: "construct metadata that links out of the assembly",
			Want:      "not followed: an input-skipped warning names it, the stack is read without it",
			TimeBound: quick, MemBound: small,
			Run: beside("Good.metadata.json", func(t *testing.T, p string) {
				outside := filepath.Join(t.TempDir(), "secret.json")
				write(t, outside, []byte(`{"/Good/Api": [{"type": "aws:cdk:is-custom-resource-handler-singleton"}]}`))
				symlink(t, outside, p)
			}, "leaves the assembly")},
	)
}
