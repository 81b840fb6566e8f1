//go:build linux

package hostile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Cases of one template: what the file is, what its JSON holds, and the
// text it carries to the terminal.
func init() {
	// unreadable crafts the template of stack Bad and wants a
	// template-unreadable error on it, with the Good stack audited.
	unreadable := func(craft func(t *testing.T, path string), why string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			dir := cdkOut(t, h, "Bad.template.json")
			craft(t, filepath.Join(dir, "Bad.template.json"))
			fs := auditJSON(t, h, dir, 1)
			goodAudited(t, fs)
			wantFinding(t, fs, "template-unreadable", "Bad", "Bad.template.json", why)
		}
	}
	text := func(s string) func(t *testing.T, p string) {
		return func(t *testing.T, p string) { write(t, p, []byte(s)) }
	}
	const want = "a template-unreadable error on its stack; the other stacks are audited (it ended the whole audit with exit 2)"
	register(
		Case{Area: "template", Name: "a template that is a FIFO", Want: "not waited on: " + want, TimeBound: quick, MemBound: small,
			Run: unreadable(func(t *testing.T, p string) { fifo(t, p) }, "not a regular file (a FIFO)")},
		Case{Area: "template", Name: "a template that is a FIFO, audited as SARIF and as a Code Quality report", Want: "exit 1 with the template-unreadable error in the report; the FIFO is not opened again to find the resources' lines", TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := cdkOut(t, h, "Bad.template.json")
				fifo(t, filepath.Join(dir, "Bad.template.json"))
				for _, format := range []string{"sarif", "codequality"} {
					r := h.CLI("audit", "--format", format, dir)
					if r.Code != 1 || !strings.Contains(r.Stdout, "template-unreadable") {
						t.Errorf("--format %s: exit %d (killed at the time bound: %v), want 1 with template-unreadable\n%s", format, r.Code, r.Killed, clip(r.Out()))
					}
				}
			}},
		Case{Area: "template", Name: "a template that is a Unix socket", Want: want, TimeBound: quick, MemBound: small,
			Run: unreadable(func(t *testing.T, p string) { socket(t, p) }, "not a regular file (a socket)")},
		Case{Area: "template", Name: "a template that is a link to /dev/zero", Want: "not followed (it leaves the assembly): " + want, TimeBound: quick, MemBound: small,
			Run: unreadable(func(t *testing.T, p string) { symlink(t, "/dev/zero", p) }, "leaves the assembly")},
		Case{Area: "template", Name: "a template that is a folder", Want: want, TimeBound: quick, MemBound: small,
			Run: unreadable(func(t *testing.T, p string) { os.MkdirAll(p, 0o755) }, "not a regular file (a folder)")},
		Case{Area: "template", Name: "a template of 4 GiB (sparse)", Want: "refused from its size, before a byte is read: " + want, TimeBound: quick, MemBound: small,
			Run: unreadable(func(t *testing.T, p string) { sparse(t, p, 4<<30) }, "larger than 4 MiB")},
		Case{Area: "template", Name: "a template cut short (a synth killed while writing it)", Want: want, TimeBound: quick, MemBound: small,
			Run: unreadable(text(`{"Resources": {"Api": {"Type": "AWS::Lambda::Function", "Prop`), "is not CloudFormation JSON")},
		Case{Area: "template", Name: "a template followed by a second JSON object (two writes into one file)", Want: want + "; the first object alone was read as the template", TimeBound: quick, MemBound: small,
			Run: unreadable(text(`{"Resources": {}} {"Resources": {"Api": {"Type": "AWS::Lambda::Function"}}}`), "more follows its object")},
		Case{Area: "template", Name: "a template nested 100,000 brackets deep", Want: want, TimeBound: quick, MemBound: small,
			Run: unreadable(text(strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)), "is not CloudFormation JSON")},
		Case{Area: "template", Name: "a template with a number beyond float64 (1e400)", Want: want, TimeBound: quick, MemBound: small,
			Run: unreadable(text(`{"Resources": {"Api": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 1e400}}}}`), "is not CloudFormation JSON")},
		Case{Area: "template", Name: "Resources given as a list", Want: want, TimeBound: quick, MemBound: small,
			Run: unreadable(text(`{"Resources": [{"Type": "AWS::Lambda::Function"}]}`), "Resources is missing or not an object")},
		Case{Area: "template", Name: "a template that links out of the assembly", Want: "not followed: " + want + ", and the file outside is not audited", TimeBound: quick, MemBound: small,
			Run: unreadable(func(t *testing.T, p string) {
				outside := filepath.Join(t.TempDir(), "secret.template.json")
				writeJSON(t, outside, template(map[string]any{"Secret": fn("Bad/Secret/Resource", map[string]any{"MemorySize": 64})}))
				symlink(t, outside, p)
			}, "leaves the assembly")},
		Case{Area: "template", Name: "a manifest whose templateFile climbs out with ../..", Want: "not read: " + want, TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := cdkOut(t, h, "../../../../etc/passwd")
				fs := auditJSON(t, h, dir, 1)
				goodAudited(t, fs)
				wantFinding(t, fs, "template-unreadable", "Bad", "is outside the assembly")
			}},
		Case{Area: "template", Name: "a manifest whose templateFile is an absolute path", Want: "not read: " + want, TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				outside := filepath.Join(h.Dir(), "secret.template.json")
				writeJSON(t, outside, template(map[string]any{"Secret": fn("Bad/Secret/Resource", map[string]any{"MemorySize": 64})}))
				dir := cdkOut(t, h, outside)
				fs := auditJSON(t, h, dir, 1)
				goodAudited(t, fs)
				wantFinding(t, fs, "template-unreadable", "Bad", "is outside the assembly")
			}},
	)

	// malformed gives the property at path of a resource the value, and
	// wants a property-malformed error naming both (they were skipped as
	// unknown, silently).
	malformed := func(resource map[string]any, property, value string) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", nil), "R": resource}))
			fs := auditJSON(t, h, dir, 1)
			wantFinding(t, fs, "property-malformed", "S", property+" "+value, "CloudFormation refuses the template")
		}
	}
	withProps := func(typ string, props map[string]any) map[string]any {
		return map[string]any{"Type": typ, "Properties": props}
	}
	fnWith := func(props map[string]any) map[string]any { return fn("S/R/Resource", props) }
	const mwant = "a property-malformed error names the property and the value (it was read as unknown and skipped silently)"
	for _, c := range []struct {
		name     string
		resource map[string]any
		property string
		value    string
	}{
		{`MemorySize "lots"`, fnWith(map[string]any{"MemorySize": "lots"}), "MemorySize", `"lots"`},
		{"Timeout [1]", fnWith(map[string]any{"Timeout": []any{1}}), "Timeout", "[1]"},
		{"MemorySize 1.5", fnWith(map[string]any{"MemorySize": 1.5}), "MemorySize", "1.5"},
		{"MemorySize 1e15, beyond any integer CloudFormation takes", fnWith(map[string]any{"MemorySize": 1e15}), "MemorySize", "1000000000000000"},
		{`Architectures "arm64", a string for a list`, fnWith(map[string]any{"Architectures": "arm64"}), "Architectures", `"arm64"`},
		{"Environment.Variables given as a list", fnWith(map[string]any{"Environment": map[string]any{"Variables": []any{"A=1"}}}), "Environment.Variables", `["A=1"]`},
		{"ReservedConcurrentExecutions true", fnWith(map[string]any{"ReservedConcurrentExecutions": true}), "ReservedConcurrentExecutions", "true"},
		{`an alias's ProvisionedConcurrentExecutions "many"`, withProps("AWS::Lambda::Alias", map[string]any{"FunctionName": map[string]any{"Ref": "Fn"}, "FunctionVersion": "1", "Name": "live",
			"ProvisionedConcurrencyConfig": map[string]any{"ProvisionedConcurrentExecutions": "many"}}), "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", `"many"`},
		{"a scheduled action's Schedule given as a list", withProps("AWS::ApplicationAutoScaling::ScalableTarget", map[string]any{"ScalableDimension": "lambda:function:ProvisionedConcurrency",
			"ResourceId": "function:f:live", "MinCapacity": 1, "MaxCapacity": 2, "ScheduledActions": []any{map[string]any{"ScheduledActionName": "a", "Schedule": []any{"cron(0 8 * * ? *)"}}}}),
			"ScheduledActions[0].Schedule", `["cron(0 8 * * ? *)"]`},
		{`an event source mapping's BatchSize "ten"`, withProps("AWS::Lambda::EventSourceMapping", map[string]any{"FunctionName": map[string]any{"Ref": "Fn"}, "BatchSize": "ten"}), "BatchSize", `"ten"`},
		{"a queue's VisibilityTimeout {}", withProps("AWS::SQS::Queue", map[string]any{"VisibilityTimeout": map[string]any{}}), "VisibilityTimeout", "{}"},
		{`a log group's RetentionInDays "forever"`, withProps("AWS::Logs::LogGroup", map[string]any{"RetentionInDays": "forever"}), "RetentionInDays", `"forever"`},
	} {
		register(Case{Area: "template", Name: c.name, Want: mwant, TimeBound: quick, MemBound: small, Run: malformed(c.resource, c.property, c.value)})
	}
	register(
		Case{Area: "template", Name: "a resource that is a number, not an object", Want: "a property-malformed error names the resource (it was skipped silently)",
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", nil), "Stray": 7}))
				wantFinding(t, auditJSON(t, h, dir, 1), "property-malformed", "S", "Resource Stray is 7")
			}},
		Case{Area: "template", Name: `MemorySize "lots" in one branch of Fn::If`, Want: "a property-malformed error names the condition and the branch",
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", map[string]any{"MemorySize": map[string]any{"Fn::If": []any{"Big", "lots", 1024}}})}))
				wantFinding(t, auditJSON(t, h, dir, 1), "property-malformed", "S", "When condition Big is true", `MemorySize "lots"`)
			}},
		Case{Area: "template", Name: `a 1 KB dashboard body whose 40 metric rows each repeat the previous one twice ("...")`,
			Want:      "the rows past a metric's 62 entries are skipped and the audit ends (the rows doubled with every row until memory ran out)",
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				rows := []any{[]any{"AWS/Lambda", "Duration", "FunctionName", "f"}}
				for range 40 {
					rows = append(rows, []any{"...", "..."})
				}
				body, _ := json.Marshal(map[string]any{"widgets": []any{map[string]any{"properties": map[string]any{"title": "t", "metrics": rows}}}})
				dir := oneStack(t, h, template(map[string]any{"Fn": fn("S/Fn/Resource", nil),
					"Board": map[string]any{"Type": "AWS::CloudWatch::Dashboard", "Properties": map[string]any{"DashboardBody": string(body)}}}))
				auditJSON(t, h, dir, 0)
			}},
		Case{Area: "template", Name: "2,000 Fn::If conditions over 2,000 functions (500 KB)",
			Want:      "the error rules run with as many conditions decided both ways as a budget of 100,000 resource reads allows; an input-skipped warning names the rest (deciding every one took 103 s)",
			TimeBound: quick, MemBound: onePass,
			Run: func(t *testing.T, h *H) {
				resources := map[string]any{}
				for i := range 2000 {
					resources[fmt.Sprintf("F%04d", i)] = fn(fmt.Sprintf("S/F%04d/Resource", i), map[string]any{"MemorySize": map[string]any{"Fn::If": []any{fmt.Sprintf("C%04d", i), 128, 256}}})
				}
				dir := oneStack(t, h, template(resources))
				start := time.Now()
				fs := auditJSON(t, h, dir, 0)
				wantFinding(t, fs, "input-skipped", "S", "has 2000 conditions in Fn::If", "and 1971 more")
				t.Logf("audited in %s", time.Since(start).Round(time.Millisecond))
			}},
	)
}
