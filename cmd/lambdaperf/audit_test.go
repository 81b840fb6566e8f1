package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

const auditHint = "Run 'lambdaperf audit -h' for usage."

// auditGolden compares got with testdata/audit/golden/name, or rewrites it
// with -update.
func auditGolden(t *testing.T, name, got string) {
	t.Helper()
	snapshot.Golden(t, filepath.Join("testdata", "audit", "golden", name), []byte(got))
}

// jsonFinding is the JSON contract of one finding.
type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Stack    string `json:"stack"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
	Source   string `json:"source"`
}

func decodeFindings(t *testing.T, stdout string) []jsonFinding {
	t.Helper()
	var got struct {
		Summary struct {
			Stacks, Functions, CodeAssetsRead *int
		}
		Findings []jsonFinding
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || got.Findings == nil || got.Summary.Stacks == nil || got.Summary.CodeAssetsRead == nil {
		t.Fatalf("stdout is not a summary and a JSON list of findings: %v\n%s", err, stdout)
	}
	return got.Findings
}

func TestAuditExitStatus(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"a clean cloud assembly exits 0", []string{"audit", "testdata/audit/clean"}, 0},
		{"a template with an error exits 1", []string{"audit", "testdata/audit/mixed.template.json"}, 1},
		{"warnings alone exit 0", []string{"audit", "testdata/audit/warnings.template.json"}, 0},
		{"an error acknowledged with a reason no longer counts, but a short reason does", []string{"audit", "testdata/audit/suppressed.template.json"}, 1},
		{"json output keeps the exit status", []string{"audit", "--format", "json", "testdata/audit/mixed.template.json"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(tt.args...)
			if code != tt.want {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tt.want, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing", stderr)
			}
		})
	}
}

func TestAuditJSONIsAListOfFindings(t *testing.T) {
	code, stdout, _ := runCLI("audit", "--format", "json", "testdata/audit/mixed.template.json")
	if code != 1 {
		t.Fatalf("exit status %d, want 1", code)
	}
	got := decodeFindings(t, stdout)
	rules := map[string]jsonFinding{}
	for _, f := range got {
		if f.Rule == "" || f.Resource == "" || f.Message == "" || f.Fix == "" || f.Source == "" || f.Stack != "mixed" {
			t.Errorf("incomplete finding %+v", f)
		}
		switch f.Severity {
		case "error", "warning", "info":
		default:
			t.Errorf("severity %q, want error, warning or info", f.Severity)
		}
		rules[f.Rule] = f
	}
	for rule, resource := range map[string]string{"pc-on-latest": "OrdersLive", "deprecated-runtime": "Orders", "default-memory": "Orders", "no-log-retention": "Orders", "java-without-snapstart": "Reports"} {
		if f, ok := rules[rule]; !ok || f.Resource != resource {
			t.Errorf("want a %s finding on %s, got %+v", rule, resource, f)
		}
	}
	if got[0].Severity != "error" {
		t.Errorf("findings must list errors first, got %s first", got[0].Severity)
	}
}

func TestAuditJSONOfACleanAssemblyHoldsOnlyInfo(t *testing.T) {
	code, stdout, _ := runCLI("audit", "--format", "json", "testdata/audit/clean")
	if code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	for _, f := range decodeFindings(t, stdout) {
		if f.Severity != "info" {
			t.Errorf("clean assembly has a %s: %s", f.Severity, f.Message)
		}
	}
}

func TestAuditSuppression(t *testing.T) {
	code, stdout, _ := runCLI("audit", "--format", "json", "testdata/audit/suppressed.template.json")
	if code != 1 {
		t.Fatalf("exit status %d, want 1 (the short reason is an error)", code)
	}
	var rules []string
	for _, f := range decodeFindings(t, stdout) {
		rules = append(rules, f.Rule+"@"+f.Resource)
	}
	joined := strings.Join(rules, " ")
	if strings.Contains(joined, "pc-on-latest@OrdersLive") {
		t.Errorf("pc-on-latest was suppressed with a reason but is still reported: %s", joined)
	}
	for _, want := range []string{"suppression-invalid@Orders", "default-memory@Orders"} {
		if !strings.Contains(joined, want) {
			t.Errorf("want %s among %s", want, joined)
		}
	}
}

func TestAuditTextOutput(t *testing.T) {
	for _, tt := range []struct{ name, path, golden string }{
		{"a mixed template lists errors, warnings and info with fixes", "testdata/audit/mixed.template.json", "mixed.txt"},
		{"suppressions are listed with their reasons", "testdata/audit/suppressed.template.json", "suppressed.txt"},
		{"a clean assembly shows its code asset was read", "testdata/audit/clean", "clean.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, stdout, _ := runCLI("audit", tt.path)
			auditGolden(t, tt.golden, stdout)
		})
	}
}

func TestAuditBudgetFlag(t *testing.T) {
	_, stdout, _ := runCLI("audit", "--format", "json", "--budget-kb", "1", "testdata/audit/clean")
	found := false
	for _, f := range decodeFindings(t, stdout) {
		found = found || f.Rule == "bundle-over-budget"
	}
	if found {
		t.Errorf("the clean assembly's 100-byte package must fit a 1 KiB budget")
	}
	dir := t.TempDir()
	copyTree(t, "testdata/audit/clean", dir)
	testfiles.Write(t, filepath.Join(dir, "asset.1a2b3c", "data.bin"), string(testfiles.Noise(8<<10)))
	_, stdout, _ = runCLI("audit", "--format", "json", "--budget-kb", "1", dir)
	found = false
	for _, f := range decodeFindings(t, stdout) {
		found = found || f.Rule == "bundle-over-budget"
	}
	if !found {
		t.Errorf("an 8 KiB asset must exceed --budget-kb 1: %s", stdout)
	}
}

func TestAuditBadInput(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
		hint bool // a usage error, followed by the usage hint
	}{
		{"no path", []string{"audit"}, "missing PATH", true},
		{"two paths", []string{"audit", "a", "b"}, `unexpected argument "b"`, true},
		{"an unknown format", []string{"audit", "--format", "xml", "x"}, `--format must be text, json, sarif or codequality, got "xml"`, true},
		{"a zero budget", []string{"audit", "--budget-kb", "0", "x"}, "--budget-kb must be more than 0", true},
		{"an unknown flag", []string{"audit", "--fast", "x"}, "unknown flag --fast", true},
		{"a path that does not exist", []string{"audit", "testdata/audit/nope"}, "cannot read testdata/audit/nope: no such file or directory", false},
		{"a template that is not JSON", []string{"audit", "testdata/audit/broken.template.json"}, "is not CloudFormation JSON", false},
		{"a folder without templates", []string{"audit", empty}, "holds no CloudFormation templates", false},
		{"a JSON file that is not a template", []string{"audit", "testdata/audit/clean/manifest.json"}, "not a CloudFormation template", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tt.args...)
			if tt.hint {
				checkUsageError(t, code, stdout, stderr, tt.want, auditHint)
				return
			}
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, one line containing %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

func TestAuditHelp(t *testing.T) {
	code, stdout, _ := runCLI("audit", "-h")
	if code != 0 || !strings.Contains(stdout, "Usage: lambdaperf audit [flags] PATH") || !strings.Contains(stdout, "--budget-kb") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
	code, stdout, _ = runCLI("-h")
	if code != 0 || !strings.Contains(stdout, "audit") {
		t.Errorf("lambdaperf -h does not list audit: %s", stdout)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
