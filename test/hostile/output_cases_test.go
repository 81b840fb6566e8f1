//go:build linux

package hostile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Cases of what lambdaperf prints and writes: text from the input on the
// terminal, and files written into folders somebody else made.
func init() {
	// terminal audits a stack whose function has the logical ID and path,
	// and MemorySize 64 (a finding that names them), in text.
	terminal := func(id, path, raw, escaped string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			dir := oneStack(t, h, template(map[string]any{id: fn(path, map[string]any{"MemorySize": 64})}))
			r := h.CLI("audit", dir)
			if r.Code != 1 {
				t.Fatalf("audit exited %d, want 1\n%s", r.Code, clip(r.Out()))
			}
			if strings.Contains(r.Stdout, raw) {
				t.Errorf("the raw %q reached the terminal:\n%q", raw, clip(r.Stdout))
			}
			if !strings.Contains(r.Stdout, escaped) {
				t.Errorf("stdout does not show it escaped as %s:\n%s", escaped, clip(r.Stdout))
			}
		}
	}
	register(
		Case{Area: "output", Name: "a logical ID with terminal escapes (ESC ]0; sets the window title, ESC [2J clears the screen)",
			Want:      `the text report shows them escaped (\x1b, \a): nothing from the input moves the cursor or sets the title`,
			TimeBound: quick, MemBound: small,
			Run: terminal("Fn\x1b]0;pwned\a\x1b[2J", "S/Fn/Resource", "\x1b", `Fn\x1b]0;pwned\a\x1b[2J`)},
		Case{Area: "output", Name: "a construct path with a carriage return that would print over its line",
			Want:      `shown escaped (\r)`,
			TimeBound: quick, MemBound: small,
			Run: terminal("Fn", "S/Fn\rAll clear/Resource", "\r", `S/Fn\rAll clear`)},
		Case{Area: "output", Name: "a logical ID with a right-to-left override (U+202E) that shows it reversed",
			Want:      `shown escaped (\u202e), as other invisible format characters (zero-width spaces and joiners)`,
			TimeBound: quick, MemBound: small,
			Run: terminal("Fn\u202egnp.exe", "S/Fn/Resource", "\u202e", `Fn\u202egnp.exe`)},
		Case{Area: "output", Name: "a stack name with a C1 control (U+009B, CSI on 8-bit terminals) in JSON output",
			Want:      `JSON output escapes it (\u009b), as it escapes DEL and invisible format characters; the decoded name is unchanged`,
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", map[string]any{"MemorySize": 64})}))
				man := manifest(map[string]string{"S": "S.template.json"})
				man["artifacts"].(map[string]any)["S"].(map[string]any)["displayName"] = "Prod\u009b31m\u007f"
				writeJSON(t, filepath.Join(dir, "manifest.json"), man)
				r := h.CLI("audit", "--format", "json", dir)
				if strings.Contains(r.Stdout, "\u009b") || strings.Contains(r.Stdout, "\u007f") || !strings.Contains(r.Stdout, `Prod\u009b31m\u007f`) {
					t.Fatalf("exit %d; stdout does not escape U+009B and DEL:\n%q", r.Code, clip(r.Stdout))
				}
				var out struct{ Findings []finding }
				if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil || len(out.Findings) == 0 || out.Findings[0].Stack != "Prod\u009b31m\u007f" {
					t.Errorf("the JSON does not decode to the same name: %v", err)
				}
			}},
		Case{Area: "output", Name: "a stack name with a newline and a forged line in report's table",
			Want:      `shown escaped (\n): the table keeps one row per function`,
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", nil)}))
				man := manifest(map[string]string{"S": "S.template.json"})
				man["artifacts"].(map[string]any)["S"].(map[string]any)["displayName"] = "Prod\nAll functions pass"
				writeJSON(t, filepath.Join(dir, "manifest.json"), man)
				r := h.CLI("report", "--write=false", dir)
				if r.Code != 0 || strings.Contains(r.Stdout, "\nAll functions pass") || !strings.Contains(r.Stdout, `Prod\nAll functions pass`) {
					t.Fatalf("exit %d; stdout:\n%s", r.Code, clip(r.Stdout))
				}
			}},
	)

	// planted runs report on an assembly where lambdaperf-report.json is
	// what the case plants, and wants it refused with the victim intact.
	planted := func(plant func(t *testing.T, report, victim string), victimBefore string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", nil)}))
			victim := filepath.Join(h.Dir(), "victim.txt")
			if victimBefore != "" {
				write(t, victim, []byte(victimBefore))
			}
			report := filepath.Join(dir, "lambdaperf-report.json")
			plant(t, report, victim)
			r := h.CLI("report", dir)
			if r.Code != 2 || !strings.Contains(r.Stderr, "cannot write") {
				t.Fatalf("report exited %d, want 2 and that it cannot write the report (killed at the time bound: %v):\n%s", r.Code, r.Killed, clip(r.Out()))
			}
			if victimBefore != "" {
				unchanged(t, victim, victimBefore)
			} else if _, err := os.Lstat(victim); err == nil {
				t.Errorf("report created %s outside the assembly", victim)
			}
		}
	}
	register(
		Case{Area: "output", Name: "lambdaperf-report.json planted in the assembly as a link to a file outside it",
			Want:      "report refuses to write through the link (exit 2); the file outside is left as it was (it was overwritten)",
			TimeBound: quick, MemBound: small,
			Run: planted(func(t *testing.T, report, victim string) { symlink(t, victim, report) }, "keep me\n")},
		Case{Area: "output", Name: "lambdaperf-report.json planted as a dangling link to a path outside the assembly",
			Want:      "report refuses to write through the link (exit 2); no file appears outside (one was created)",
			TimeBound: quick, MemBound: small,
			Run: planted(func(t *testing.T, report, victim string) { symlink(t, victim, report) }, "")},
		Case{Area: "output", Name: "lambdaperf-report.json planted as a FIFO",
			Want:      "report refuses it at once (exit 2): a write never waits for a reader (it hung)",
			TimeBound: quick, MemBound: small,
			Run: planted(func(t *testing.T, report, _ string) { fifo(t, report) }, "")},
	)

	// tune runs lambdaperf tune on a Power Tuning result the case crafts.
	tune := func(craft func(t *testing.T, result string), check func(t *testing.T, r Result, result string)) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			result := filepath.Join(h.Dir(), "result.json")
			craft(t, result)
			check(t, h.CLI("tune", result), result)
		}
	}
	refusedWith := func(part string) func(t *testing.T, r Result, _ string) {
		return func(t *testing.T, r Result, _ string) {
			if r.Code != 2 || !strings.Contains(r.Stderr, part) {
				t.Fatalf("tune exited %d, want 2 and %q (killed at the time bound: %v):\n%s", r.Code, part, r.Killed, clip(r.Out()))
			}
		}
	}
	register(
		Case{Area: "output", Name: "a Power Tuning result that is a FIFO",
			Want:      "tune refuses it at once (exit 2, not a regular file): it hung waiting for a writer",
			TimeBound: quick, MemBound: small,
			Run: tune(func(t *testing.T, p string) { fifo(t, p) }, refusedWith("not a regular file (a FIFO)"))},
		Case{Area: "output", Name: "a Power Tuning result of 4 GiB (sparse)",
			Want:      "tune refuses it from its size (exit 2, larger than 16 MiB): it read 4 GiB into memory",
			TimeBound: quick, MemBound: small,
			Run: tune(func(t *testing.T, p string) { sparse(t, p, 4<<30) }, refusedWith("larger than 16 MiB"))},
		Case{Area: "output", Name: "the chart's file (RESULT.svg) planted beside the result as a link to a file outside",
			Want:      "tune refuses to write through the link (exit 2); the file outside is left as it was (it was overwritten)",
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := h.Dir()
				result := filepath.Join(dir, "result.json")
				write(t, result, []byte(`{"results": {"power": 512, "cost": 2e-7, "duration": 40, "stats": [`+
					`{"value": 256, "averagePrice": 2e-7, "averageDuration": 80}, {"value": 512, "averagePrice": 2e-7, "averageDuration": 40}]}}`))
				victim := filepath.Join(h.Dir(), "victim.txt")
				write(t, victim, []byte("keep me\n"))
				symlink(t, victim, filepath.Join(dir, "result.svg"))
				r := h.CLI("tune", result)
				if r.Code != 2 || !strings.Contains(r.Stderr, "refusing to write through it") {
					t.Errorf("tune exited %d, want 2 and a refusal:\n%s", r.Code, clip(r.Out()))
				}
				unchanged(t, victim, "keep me\n")
			}},
	)
}
