package gates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// control is an AWS Control Tower proactive control the project
// deliberately does not follow. The table in docs/gates.md lists the same
// rows (TestNotFollowedControlsAreInTheGuide keeps them equal).
type control struct {
	ID   string // e.g. CT.LAMBDA.PR.3
	Asks string // what the control asks, in a few words
	Why  string // why the library does otherwise
}

// notFollowed is the whole list: any other non-compliant control fails
// TestControlTowerRules, and so does a control listed here that every
// template follows (then remove it here and in docs/gates.md).
var notFollowed = []control{
	{
		ID:   "CT.CLOUDWATCH.PR.2",
		Asks: "CloudWatch log groups keep logs for at least a year",
		Why: "Logs are kept one month by default: they serve debugging, metric filters turn them into metrics CloudWatch keeps 15 months, " +
			"and a year costs twelve times the storage. Set `LogRetention` (optimizedfn) or `FlowLogRetention` (network) where an audit needs a year.",
	},
	{
		ID:   "CT.CLOUDWATCH.PR.3",
		Asks: "CloudWatch log groups are encrypted with a customer managed KMS key",
		Why: "CloudWatch Logs encrypts log data at rest anyway; a customer managed key costs $1 a month per key plus requests, needs a key policy for the logs service, " +
			"and only adds a second check (kms:Decrypt) to reading logs. Where required, set `KmsKeyId` on the `CfnLogGroup` of `fn.LogGroup()` to a key that lets `logs.<region>.amazonaws.com` use it.",
	},
	{
		ID:   "CT.LAMBDA.PR.3",
		Asks: "Every Lambda function runs in a VPC",
		Why: "A VPC is for functions that reach private resources or need egress control (`Network`, as in `LambdaPerfVpc`); for the rest it adds NAT gateways " +
			"(about $33 a month each) or interface endpoints (about $7 a month per AZ) to reach AWS APIs, and makes nothing faster.",
	},
}

// guardBinary is the cfn-guard that @cdklabs/cdk-validator-cfnguard ships
// for this machine (its bin/<ubuntu|macos>/<x86_64|aarch64>).
func guardBinary() (string, error) {
	osDir := map[string]string{"linux": "ubuntu", "darwin": "macos"}[runtime.GOOS]
	archDir := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	if osDir == "" || archDir == "" {
		return "", fmt.Errorf("@cdklabs/cdk-validator-cfnguard ships cfn-guard for linux and darwin on amd64 and arm64, not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin := filepath.Join(guardPackage(), "bin", osDir, archDir, "cfn-guard")
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("cfn-guard for %s/%s is missing at %s: run `make deps` (npm ci installs @cdklabs/cdk-validator-cfnguard from package-lock.json)", runtime.GOOS, runtime.GOARCH, bin)
	}
	return bin, nil
}

func guardPackage() string {
	return filepath.Join(repoDir(), "node_modules", "@cdklabs", "cdk-validator-cfnguard")
}

// rulesDir holds the Control Tower rules, one folder per service.
func rulesDir() string { return filepath.Join(guardPackage(), "rules", "control-tower", "cfn-guard") }

// finding is one non-compliant rule in one template.
type finding struct {
	File      string   // the template
	Control   string   // the Control Tower control, e.g. CT.LAMBDA.PR.3 (the rule name when the rule names none)
	Rule      string   // the guard rule, e.g. lambda_inside_vpc_check
	Resources []string // logical IDs of the resources it failed on
}

var controlID = regexp.MustCompile(`\[(CT\.[A-Z0-9]+\.PR\.\d+)\]`)

// guard runs cfn-guard with rules (files or folders) over templates and
// returns every non-compliant rule.
func guard(rules, templates []string) ([]finding, error) {
	bin, err := guardBinary()
	if err != nil {
		return nil, err
	}
	args := []string{"validate", "--output-format", "json", "--show-summary", "none", "--structured"}
	for _, r := range rules {
		args = append(args, "--rules", r)
	}
	for _, t := range templates {
		args = append(args, "--data", t)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	// cfn-guard exits 19 (or 5) when a rule fails: the results are on
	// stdout either way.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && (exit.ExitCode() == 19 || exit.ExitCode() == 5)) {
		return nil, fmt.Errorf("cfn-guard %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var results []struct {
		Name         string           `json:"name"`
		Status       string           `json:"status"`
		NotCompliant []map[string]any `json:"not_compliant"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		return nil, fmt.Errorf("cfn-guard output is not the JSON expected (%v):\n%.2000s\n%s", err, stdout.String(), stderr.String())
	}
	if len(results) != len(templates) {
		return nil, fmt.Errorf("cfn-guard reported on %d files, want the %d templates", len(results), len(templates))
	}
	var out []finding
	for _, r := range results {
		for _, nc := range r.NotCompliant {
			rule, _ := nc["Rule"].(map[string]any)
			f := finding{File: r.Name}
			f.Rule, _ = rule["name"].(string)
			ids, resources := map[string]bool{}, map[string]bool{}
			walk(rule, ids, resources)
			f.Control = f.Rule
			if len(ids) > 0 { // one control per rule file
				f.Control = sortedKeys(ids)[0]
			}
			f.Resources = sortedKeys(resources)
			out = append(out, f)
		}
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// walk collects the control IDs in a guard result's messages and the
// logical IDs of the resources its failed checks point at. The result's
// shape depends on how each rule is written, so it is searched, not
// decoded.
func walk(v any, controls, resources map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			s, isString := e.(string)
			switch {
			case k == "custom_message" && isString:
				for _, m := range controlID.FindAllStringSubmatch(s, -1) {
					controls[m[1]] = true
				}
			case k == "path" && isString && strings.HasPrefix(s, "/Resources/"):
				resources[strings.SplitN(s, "/", 4)[2]] = true
			default:
				walk(e, controls, resources)
			}
		}
	case []any:
		for _, e := range x {
			walk(e, controls, resources)
		}
	}
}

// TestControlTowerRules runs every AWS Control Tower proactive-control
// rule over every reference template: a non-compliant control fails
// unless notFollowed lists it with its reason.
func TestControlTowerRules(t *testing.T) {
	a := synth(t)
	var files []string
	stackOf := map[string]string{}
	for _, s := range a.Stacks() {
		files = append(files, a.Files[s])
		stackOf[a.Files[s]] = s
	}
	rules, _ := filepath.Glob(filepath.Join(rulesDir(), "*", "*.guard"))
	if len(rules) < 100 {
		t.Fatalf("%d Control Tower rules in %s, want the package's full set", len(rules), rulesDir())
	}
	findings, err := guard([]string{rulesDir()}, files)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d Control Tower rules over %d templates", len(rules), len(files))

	skipped := map[string]bool{}
	for _, c := range notFollowed {
		skipped[c.ID] = true
	}
	seen := map[string]bool{}
	for _, f := range findings {
		stack := stackOf[f.File]
		if stack == "" {
			stack = f.File
		}
		var where []string
		for _, id := range f.Resources {
			where = append(where, constructPath(a.Templates[stack], id))
		}
		seen[f.Control] = true
		if skipped[f.Control] {
			t.Logf("%s (not followed, see docs/gates.md): %s %s", f.Control, stack, join(where))
			continue
		}
		t.Errorf("%s: %s fails %s (rule %s) on %s: fix the construct, or list the control in notFollowed and docs/gates.md with the reason",
			stack, filepath.Base(f.File), f.Control, f.Rule, join(where))
	}
	for _, c := range notFollowed {
		if !seen[c.ID] {
			t.Errorf("%s is listed as not followed, but every template follows it now: remove it from notFollowed and docs/gates.md", c.ID)
		}
	}
}

// TestGuardFindsViolations proves the gate can fail: a function outside a
// VPC breaks CT.LAMBDA.PR.3, and the finding names the control, the rule
// and the resource.
func TestGuardFindsViolations(t *testing.T) {
	tpl := filepath.Join(t.TempDir(), "bad.template.json")
	bad := `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
		"Role": "arn:aws:iam::123456789012:role/r", "Runtime": "nodejs24.x", "Handler": "index.handler",
		"Code": {"ZipFile": "exports.handler = async () => 1"}}}}}`
	if err := os.WriteFile(tpl, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, err := guard([]string{filepath.Join(rulesDir(), "lambda")}, []string{tpl})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Control == "CT.LAMBDA.PR.3" && join(f.Resources) == "Fn" && f.Rule == "lambda_inside_vpc_check" {
			return
		}
	}
	t.Errorf("cfn-guard's findings on a function outside a VPC lack CT.LAMBDA.PR.3 on Fn: %+v", findings)
}

// guideRow is a control's row in the table of docs/gates.md.
func guideRow(c control) string {
	return fmt.Sprintf("| `%s` | %s | %s |", c.ID, c.Asks, c.Why)
}

// TestNotFollowedControlsAreInTheGuide: docs/gates.md lists exactly the
// controls of notFollowed, with the same words.
func TestNotFollowedControlsAreInTheGuide(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoDir(), guide))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	var rows []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "| `CT.") {
			rows = append(rows, line)
		}
	}
	want := map[string]bool{}
	for _, c := range notFollowed {
		row := guideRow(c)
		want[row] = true
		if !strings.Contains(text, row+"\n") {
			t.Errorf("%s lacks the row of %s; want:\n%s", guide, c.ID, row)
		}
		if strings.Contains(c.Asks+c.Why, "|") || strings.Contains(c.Asks+c.Why, "\n") {
			t.Errorf("%s: a reason with | or a line break breaks the table in docs/gates.md", c.ID)
		}
	}
	for _, r := range rows {
		if !want[r] {
			t.Errorf("%s lists a control that notFollowed does not (or in other words): %s", guide, r)
		}
	}
}
