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
	"strings"
	"testing"
)

// lintWarning is a cfn-lint warning the project tolerates: its rule, where
// it may appear ("STACK: message" must match Where), and why. Every other
// warning, and every error, fails TestCfnLint; so does a tolerated warning
// that no template shows any more.
type lintWarning struct {
	Rule  string
	Where *regexp.Regexp
	Why   string
}

var toleratedWarnings = []lintWarning{
	{
		Rule:  "W3005",
		Where: regexp.MustCompile(`^LambdaPerf\w+: '\w*Role\w*' dependency already enforced by a 'GetAtt' at 'Resources/\w+/Properties/Role'$`),
		Why: "CDK's awslambda.Function writes DependsOn on its execution role (so the role's policy exists before the function) although " +
			"Properties.Role already references it; the duplicate ordering is CDK's own and harmless.",
	},
	{
		Rule:  "W6001",
		Where: regexp.MustCompile(`^LambdaPerfTuning: The output value .*'Fn::ImportValue': 'LambdaPerfApi:ExportsOutput\w+'.* is an import from another output$`),
		Why: "LambdaPerfTuning's outputs are the ready-to-run Power Tuning execution inputs; each names the tuned function's ARN, " +
			"which the function's own stack exports, so the output embeds an Fn::ImportValue.",
	},
}

// cfnLintVersion is the cfn-lint the Makefile pins (CFN_LINT_VERSION) and
// installs with pip when it is missing.
func cfnLintVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoDir(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^CFN_LINT_VERSION\s*:?=\s*(\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("the Makefile pins no CFN_LINT_VERSION")
	}
	return string(m[1])
}

// cfnLint returns the cfn-lint to run, after checking it is the pinned
// version.
func cfnLint(t *testing.T) string {
	t.Helper()
	want := cfnLintVersion(t)
	bin, err := findCfnLint()
	if err != nil {
		t.Fatalf("cfn-lint is not on PATH nor in pip's user scripts folder: run `make test` (it runs `python3 -m pip install cfn-lint==%s` when cfn-lint is missing)", want)
	}
	out, err := exec.Command(bin, "--version").Output()
	if got := strings.TrimSpace(string(out)); err != nil || got != "cfn-lint "+want {
		t.Fatalf("%s --version is %q (%v), want cfn-lint %s: run `python3 -m pip install cfn-lint==%s`", bin, got, err, want, want)
	}
	return bin
}

// findCfnLint finds cfn-lint on PATH, else where `pip install` (as a user)
// puts console scripts: the user base's bin folder (~/.local/bin on
// Linux), which the Makefile adds to PATH and a plain `go test` does not.
func findCfnLint() (string, error) {
	bin, err := exec.LookPath("cfn-lint")
	if err == nil {
		return bin, nil
	}
	base, perr := exec.Command("python3", "-m", "site", "--user-base").Output()
	if perr != nil {
		return "", err
	}
	user := filepath.Join(strings.TrimSpace(string(base)), "bin", "cfn-lint")
	if st, serr := os.Stat(user); serr == nil && st.Mode()&0o111 != 0 {
		return user, nil
	}
	return "", err
}

// lintFinding is one cfn-lint match, as its JSON output gives it.
type lintFinding struct {
	Rule struct {
		ID string `json:"Id"`
	} `json:"Rule"`
	Level    string `json:"Level"`
	Message  string `json:"Message"`
	Filename string `json:"Filename"`
}

// runCfnLint lints templates for regions and returns every finding.
func runCfnLint(bin string, regions, templates []string) ([]lintFinding, error) {
	args := append([]string{"--format", "json", "--regions"}, regions...)
	args = append(append(args, "--"), templates...)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	// cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8
	// informational; 1 is a failure of cfn-lint itself.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode()&1 == 0) {
		return nil, fmt.Errorf("cfn-lint %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var findings []lintFinding
	if err := json.Unmarshal(stdout.Bytes(), &findings); err != nil {
		return nil, fmt.Errorf("cfn-lint output is not the JSON expected (%v):\n%.2000s\n%s", err, stdout.String(), stderr.String())
	}
	return findings, nil
}

// judge sorts findings into failures and the tolerated warnings they
// matched, by index into toleratedWarnings.
func judge(findings []lintFinding, stackOf map[string]string) (failures []string, used map[int]bool) {
	used = map[int]bool{}
	for _, f := range findings {
		stack := stackOf[f.Filename]
		if stack == "" {
			stack = strings.TrimSuffix(filepath.Base(f.Filename), ".template.json")
		}
		where := stack + ": " + f.Message
		tolerated := false
		for i, w := range toleratedWarnings {
			if f.Level == "Warning" && f.Rule.ID == w.Rule && w.Where.MatchString(where) {
				tolerated, used[i] = true, true
			}
		}
		if !tolerated {
			failures = append(failures, fmt.Sprintf("%s %s in %s", f.Level, f.Rule.ID, where))
		}
	}
	return failures, used
}

// TestCfnLint runs the pinned cfn-lint over every reference template:
// environment-agnostic (linted for both pinned regions) and pinned to
// each region. Zero errors; a warning only if toleratedWarnings lists it.
func TestCfnLint(t *testing.T) {
	bin := cfnLint(t)
	type run struct {
		name    string
		regions []string
		a       *Assembly
	}
	runs := []run{{"environment-agnostic", pinnedRegions, synth(t)}}
	for _, r := range pinnedRegions {
		runs = append(runs, run{"pinned to " + r, []string{r}, synthPinned(t, r)})
	}
	used := map[int]bool{}
	for _, r := range runs {
		var files []string
		stackOf := map[string]string{}
		for _, s := range r.a.Stacks() {
			files = append(files, r.a.Files[s])
			stackOf[r.a.Files[s]] = s
		}
		findings, err := runCfnLint(bin, r.regions, files)
		if err != nil {
			t.Fatal(err)
		}
		failures, u := judge(findings, stackOf)
		for _, f := range failures {
			t.Errorf("%s: %s: fix the construct, or list the warning in toleratedWarnings with the reason", r.name, f)
		}
		for i := range u {
			used[i] = true
		}
		t.Logf("%s: cfn-lint over %d templates: %d findings, %d not tolerated", r.name, len(files), len(findings), len(failures))
	}
	for i, w := range toleratedWarnings {
		if !used[i] {
			t.Errorf("%s is tolerated, but no template shows it any more: remove it from toleratedWarnings", w.Rule)
		}
		if len(w.Why) < 40 {
			t.Errorf("%s: a thin reason %q", w.Rule, w.Why)
		}
	}
}

// TestCfnLintFindsProblems proves the gate can fail: a template with an
// error and an untolerated warning yields both, and the tolerated
// W3005 of a CDK function passes.
func TestCfnLintFindsProblems(t *testing.T) {
	bin := cfnLint(t)
	tpl := filepath.Join(t.TempDir(), "bad.template.json")
	bad := `{"Parameters": {"Unused": {"Type": "String"}},
	"Resources": {
	  "FnRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
	    "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
	  "Fn": {"Type": "AWS::Lambda::Function", "DependsOn": ["FnRole"], "Properties": {
	    "Role": {"Fn::GetAtt": ["FnRole", "Arn"]}, "Runtime": "nodejs24.x", "Handler": "index.handler", "MemorySize": 64,
	    "Code": {"ZipFile": "exports.handler = async () => 1"}}}}}`
	if err := os.WriteFile(tpl, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, err := runCfnLint(bin, []string{goldenRegion}, []string{tpl})
	if err != nil {
		t.Fatal(err)
	}
	failures, used := judge(findings, map[string]string{tpl: "LambdaPerfBad"})
	text := strings.Join(failures, "\n")
	for _, want := range []string{"Error E3034", "Warning W2001"} {
		if !strings.Contains(text, want) {
			t.Errorf("failures lack %s (MemorySize 64 below 128, an unused parameter):\n%s", want, text)
		}
	}
	if !used[0] || strings.Contains(text, "W3005") {
		t.Errorf("the function's DependsOn its role (W3005) should be tolerated: used %v, failures:\n%s", used, text)
	}
}

// TestToleratedWarningsAreInTheGuide: the cfn-lint table in docs/gates.md
// lists exactly toleratedWarnings, with the same reasons.
func TestToleratedWarningsAreInTheGuide(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoDir(), guide))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, w := range toleratedWarnings {
		want[fmt.Sprintf("| `%s` | %s |", w.Rule, w.Why)] = true
	}
	got := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if regexp.MustCompile("^\\| `[EW]\\d{4}` \\|").MatchString(line) {
			got[line] = true
		}
	}
	for row := range want {
		if !got[row] {
			t.Errorf("%s lacks the row:\n%s", guide, row)
		}
	}
	for row := range got {
		if !want[row] {
			t.Errorf("%s lists a cfn-lint warning that toleratedWarnings does not (or in other words): %s", guide, row)
		}
	}
}
