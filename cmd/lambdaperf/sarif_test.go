package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaSHA256 pins testdata/sarif/sarif-schema-2.1.0.json (see
// ORIGIN.md there).
const sarifSchemaSHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"

// sarifValidator compiles the committed SARIF 2.1.0 schema, with format
// assertions on (uri, date-time ...).
func sarifValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != sarifSchemaSHA256 {
		t.Fatalf("%s changed (sha256 %x): update ORIGIN.md and sarifSchemaSHA256 with its new origin", path, sum)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sarifOf runs the audit with --format sarif and checks the log against
// the schema; it returns the exit status and the log.
func sarifOf(t *testing.T, schema *jsonschema.Schema, path string) (int, sarifLog) {
	t.Helper()
	code, stdout, stderr := runCLI("audit", "--format", "sarif", path)
	if stderr != "" {
		t.Errorf("stderr %q", stderr)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("%s: the SARIF log breaks the SARIF 2.1.0 schema: %v", path, err)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	return code, log
}

// lineOf is the 1-based line of the first line of file holding text.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), text) {
			return n
		}
	}
	t.Fatalf("%s has no line with %q", file, text)
	return 0
}

// TestAuditSARIFIsValid: `audit --format sarif` writes SARIF 2.1.0 that
// the official schema accepts, for a template with errors, warnings, info
// and suppressions and for a clean cloud assembly, with the exit status of
// the other formats; results carry their level, message and fix, the
// template file relative to the assembly and the resource's line in it,
// and the construct path; suppressed findings carry their justification;
// rules carry their help, fix and source.
func TestAuditSARIFIsValid(t *testing.T) {
	schema := sarifValidator(t)
	for path, wantCode := range map[string]int{
		"testdata/audit/mixed.template.json":      1,
		"testdata/audit/suppressed.template.json": 1,
		"testdata/audit/warnings.template.json":   0,
		"testdata/audit/clean":                    0,
	} {
		t.Run(path, func(t *testing.T) {
			code, log := sarifOf(t, schema, path)
			if code != wantCode {
				t.Errorf("exit status %d, want %d as with --format text", code, wantCode)
			}
			if len(log.Runs) != 1 {
				t.Fatalf("%d runs, want 1", len(log.Runs))
			}
			run := log.Runs[0]
			d := run.Tool.Driver
			if d.Name != "lambdaperf" || d.Version == "" || d.InformationURI != informationURI || len(d.Rules) < 40 {
				t.Errorf("driver %s %s %s with %d rules", d.Name, d.Version, d.InformationURI, len(d.Rules))
			}
			for _, r := range d.Rules {
				if !strings.HasPrefix(r.HelpURI, "https://") || !strings.Contains(r.Help.Text, "Fix: ") || !strings.Contains(r.Help.Text, "Source: ") || r.Properties.Source == "" {
					t.Errorf("rule %s: help %q, helpUri %q", r.ID, r.Help.Text, r.HelpURI)
				}
			}
			base := run.OriginalURIBaseIDs[sarifAssemblyBase]
			if want := strings.TrimSuffix(strings.TrimPrefix(path, "./"), filepath.Base(path)); !strings.HasSuffix(path, ".json") {
				want = path + "/"
				if base.URI != want || base.URIBaseID != sarifSourceRoot {
					t.Errorf("ASSEMBLY is %+v, want %s under %s", base, want, sarifSourceRoot)
				}
			} else if base.URI != want {
				t.Errorf("ASSEMBLY is %+v, want the template's folder %s", base, want)
			}
			for _, r := range run.Results {
				if r.RuleID != d.Rules[r.RuleIndex].ID || r.Message.Text == "" || !strings.Contains(r.Message.Text, "\nFix: ") || r.PartialFingerprints[fingerprintKey] == "" {
					t.Errorf("incomplete result %+v", r)
				}
				if want := d.Rules[r.RuleIndex].DefaultConfiguration.Level; r.Level != want {
					t.Errorf("%s: level %s, want %s", r.RuleID, r.Level, want)
				}
				loc := r.Locations[0]
				if loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation.URIBaseID != sarifAssemblyBase || loc.PhysicalLocation.Region == nil {
					t.Errorf("%s on %s: no template location: %+v", r.RuleID, r.Properties.Resource, loc.PhysicalLocation)
					continue
				}
				file := path
				if !strings.HasSuffix(path, ".json") {
					file = filepath.Join(path, loc.PhysicalLocation.ArtifactLocation.URI)
				} else if loc.PhysicalLocation.ArtifactLocation.URI != filepath.Base(path) {
					t.Errorf("uri %s, want %s relative to the template's folder", loc.PhysicalLocation.ArtifactLocation.URI, filepath.Base(path))
				}
				if want := lineOf(t, file, `"`+r.Properties.Resource+`": {`); loc.PhysicalLocation.Region.StartLine != want {
					t.Errorf("%s: line %d, want %d, where %s starts", r.RuleID, loc.PhysicalLocation.Region.StartLine, want, r.Properties.Resource)
				}
				if ll := loc.LogicalLocations; len(ll) != 1 || ll[0].Name != r.Properties.Resource || !strings.HasSuffix(ll[0].FullyQualifiedName, "/Resource") {
					t.Errorf("%s: logical location %+v, want the construct path of %s", r.RuleID, ll, r.Properties.Resource)
				}
			}
		})
	}

	_, log := sarifOf(t, schema, "testdata/audit/suppressed.template.json")
	var suppressed int
	for _, r := range log.Runs[0].Results {
		if len(r.Suppressions) == 0 {
			continue
		}
		suppressed++
		if s := r.Suppressions[0]; s.Kind != "inSource" || s.Status != "accepted" || len(s.Justification) < 10 || r.RuleID != "pc-on-latest" || r.Level != "error" {
			t.Errorf("suppressed %s: %+v", r.RuleID, s)
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed results, want the 1 acknowledged pc-on-latest error", suppressed)
	}
}

// resourceLines reads only the keys of the top-level Resources object: a
// nested key named like a resource, a Resources key elsewhere and broken
// JSON after the resources do not move or add lines.
func TestResourceLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "t.json")
	body := `{
  "Metadata": {"Resources": {"Fake": 1}},
  "Resources": {
    "Fn": {"Type": "AWS::Lambda::Function",
      "Properties": {"Fn2": {"Resources": ["x", {"y": "z"}]}}},
    "Fn2": {
      "Type": "AWS::Lambda::Alias"
    }
  },
  "Outputs": {"Fn3": ` // broken on purpose
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	got := resourceLines(file)
	if len(got) != 2 || got["Fn"] != 4 || got["Fn2"] != 6 {
		t.Errorf("lines %v, want Fn on 4 and Fn2 on 6 only", got)
	}
	if got := resourceLines(filepath.Join(dir, "missing.json")); len(got) != 0 {
		t.Errorf("a missing file gave %v", got)
	}
}

// TestAuditCodeQuality: `audit --format codequality` writes the fields a
// GitLab Code Quality report has, for unsuppressed findings only, located
// in the template file (from the folder audit ran in) at the resource's
// line, with the exit status of the other formats.
func TestAuditCodeQuality(t *testing.T) {
	for _, abs := range []bool{false, true} {
		path := "testdata/audit/suppressed.template.json"
		if abs {
			var err error
			if path, err = filepath.Abs(path); err != nil {
				t.Fatal(err)
			}
		}
		code, stdout, stderr := runCLI("audit", "--format", "codequality", path)
		if code != 1 || stderr != "" {
			t.Errorf("exit status %d (stderr %q), want 1 as with --format text", code, stderr)
		}
		var issues []map[string]any
		if err := json.Unmarshal([]byte(stdout), &issues); err != nil || len(issues) == 0 {
			t.Fatalf("not a list of issues: %v\n%s", err, stdout)
		}
		fingerprints := map[string]bool{}
		for _, is := range issues {
			var got codeQualityIssue
			b, _ := json.Marshal(is)
			if err := json.Unmarshal(b, &got); err != nil || len(is) != 5 {
				t.Errorf("issue %v: want exactly description, check_name, fingerprint, severity, location", is)
			}
			if got.CheckName == "pc-on-latest" {
				t.Errorf("the suppressed pc-on-latest finding is reported: %+v", got)
			}
			if fingerprints[got.Fingerprint] || got.Description == "" || !strings.Contains(got.Description, " Fix: ") {
				t.Errorf("issue %+v: fingerprint reused or description incomplete", got)
			}
			fingerprints[got.Fingerprint] = true
			want := map[string]string{"suppression-invalid": "critical", "default-memory": "minor", "cost-per-million": "info"}[got.CheckName]
			if want != "" && got.Severity != want {
				t.Errorf("%s: severity %s, want %s", got.CheckName, got.Severity, want)
			}
			if got.Location.Path != "testdata/audit/suppressed.template.json" || got.Location.Lines.Begin < 3 {
				t.Errorf("%s: at %s:%d, want the template's path from here and its resource's line", got.CheckName, got.Location.Path, got.Location.Lines.Begin)
			}
		}
	}
}
