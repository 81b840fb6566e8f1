package gates

// cdk.json carries the context `cdk init` writes for the aws-cdk-lib we
// pin (every recommended feature flag), so the CLI reports no unconfigured
// flag, and templates are what a new CDK project gets. The example app
// (examples/orders), which app teams copy, carries the same.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// deliberateFlags are the recommended flags a cdk.json may set to another
// value, and why. Keys are "<cdk.json>:<flag>".
var deliberateFlags = map[string]any{
	// LambdaPerfTuning imports LambdaPerfApi's function ARN: a strong
	// reference (Fn::ImportValue) keeps the API stack from being deleted
	// under the tuning stack; "weak" (Fn::GetStackOutput) would allow it.
	"cdk.json:@aws-cdk/core:defaultCrossStackReferences": "strong",
}

// recommendedFlags reads a JSON object of feature flags from node_modules.
func recommendedFlags(t *testing.T, rel string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoDir(), "node_modules", rel))
	if err != nil {
		t.Fatalf("%v: run `make deps`", err)
	}
	var flags map[string]any
	if err := json.Unmarshal(b, &flags); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return flags
}

// cdkContext reads the context of a cdk.json under the repository.
func cdkContext(t *testing.T, rel string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoDir(), rel))
	if err != nil {
		t.Fatal(err)
	}
	var cdk struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &cdk); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return cdk.Context
}

// TestCDKJSONSetsEveryRecommendedFlag: each cdk.json sets every flag that
// aws-cdk-lib recommends, to the recommended value unless deliberateFlags
// says why not, and nothing else: no reserved "aws:" key (the CLI warns
// about those), no flag the pinned aws-cdk-lib has retired or never knew.
func TestCDKJSONSetsEveryRecommendedFlag(t *testing.T) {
	lib := recommendedFlags(t, "aws-cdk-lib/recommended-feature-flags.json")
	// What `cdk init` writes is the CLI's copy: the two must agree, or a
	// CLI update brought flags the pinned aws-cdk-lib does not know.
	if cli := recommendedFlags(t, "aws-cdk/lib/init-templates/.recommended-feature-flags.json"); !reflect.DeepEqual(cli, lib) {
		t.Errorf("the aws-cdk CLI's init flags differ from aws-cdk-lib's recommended-feature-flags.json: pin matching versions")
	}
	for _, file := range []string{"cdk.json", "examples/orders/cdk.json"} {
		ctx := cdkContext(t, file)
		for flag, want := range lib {
			got, ok := ctx[flag]
			switch {
			case !ok:
				t.Errorf("%s does not set the recommended feature flag %q (recommended: %v)", file, flag, want)
			case reflect.DeepEqual(got, deliberateFlags[file+":"+flag]):
			case !reflect.DeepEqual(got, want):
				t.Errorf("%s sets %q to %v, recommended %v: set the recommended value, or add it to deliberateFlags with the reason", file, flag, got, want)
			}
		}
		for key := range ctx {
			switch _, recommended := lib[key]; {
			case strings.HasPrefix(key, "aws:"):
				t.Errorf("%s sets the reserved context key %q: the CLI warns on every run", file, key)
			case !recommended:
				t.Errorf("%s sets %q, which aws-cdk-lib does not recommend: an expired or unknown flag is noise", file, key)
			}
		}
	}
}

// TestCDKFlagsReportsNothingUnconfigured runs `cdk flags` over the
// synthesized reference app (offline: it reads the assembly's feature
// flag report) and expects no unconfigured flag.
func TestCDKFlagsReportsNothingUnconfigured(t *testing.T) {
	a := synth(t)
	cdk := filepath.Join(repoDir(), "node_modules", ".bin", "cdk")
	cmd := exec.Command(cdk, "flags", "--unstable=flags", "--no-notices", "--app", a.Dir)
	cmd.Dir = repoDir()
	cmd.Env = append(withoutCredentials(os.Environ()), "CDK_DISABLE_CLI_TELEMETRY=true", "CDK_DISABLE_VERSION_CHECK=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cdk flags: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Unconfigured feature flags") {
		t.Fatalf("cdk flags printed no table of unconfigured flags:\n%s", out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "@aws-cdk") && strings.Contains(line, "<unset>") {
			t.Errorf("cdk flags: unconfigured: %s", strings.TrimSpace(line))
		}
	}
}

// TestCDKSynthIsQuiet: `cdk synth` of the reference app prints no jsii
// stack-trace location (".../jsii-runtime.NNN/lib/program.js:1:5591")
// above the annotations the advisor adds at synthesis (app.go turns stack
// traces off), no "feature flags are not configured" line and no warning
// about cdk.json. The us-east-1 run has the advisor's cost estimates
// (the cost model prices that region).
func TestCDKSynthIsQuiet(t *testing.T) {
	out := synthPinned(t, "us-east-1").CLIOutput
	for _, noise := range []string{"program.js", "feature flags are not configured", "reserved context key"} {
		if strings.Contains(out, noise) {
			t.Errorf("cdk synth printed %q:\n%s", noise, out)
		}
	}
	if !strings.Contains(out, "[lambdaperf:cost-per-million]") {
		t.Errorf("cdk synth printed no advisor annotation, so the check proves nothing:\n%s", out)
	}
}
