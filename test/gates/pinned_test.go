package gates

// The templates `cdk deploy` sends: with credentials, the CDK CLI sets
// CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION, app.go pins every stack to
// them, layer ARNs become literals and any context lookup runs. These
// tests run the real CLI (`cdk synth`) pinned to a made-up account in two
// regions with no credentials at all, as a fresh machine would.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaperf/lambdaperf/snapshot"
)

const (
	// pinnedAccount is a made-up account: nothing may need to reach it.
	pinnedAccount = "111111111111"
	// goldenRegion is the pinned region with golden templates.
	goldenRegion = "eu-west-1"
)

// pinnedRegions are the regions the reference app is pinned to: the
// golden one, and us-east-1, where the layer accounts differ.
var pinnedRegions = []string{goldenRegion, "us-east-1"}

// pinnedEnv is the environment each pinned `cdk synth` runs with, besides
// CDK_DEFAULT_ACCOUNT. The CLI overwrites CDK_DEFAULT_REGION with the
// SDK's default region (AWS_REGION, AWS_DEFAULT_REGION, the profile, else
// us-east-1), so AWS_REGION is what pins eu-west-1; the us-east-1 run is
// the literal command of issue 13, `CDK_DEFAULT_ACCOUNT=111111111111
// CDK_DEFAULT_REGION=eu-west-1 npx cdk synth`, which therefore pins
// us-east-1 on a machine with no AWS configuration.
var pinnedEnv = map[string][]string{
	goldenRegion: {"AWS_REGION=" + goldenRegion, "CDK_DEFAULT_REGION=" + goldenRegion},
	"us-east-1":  {"CDK_DEFAULT_REGION=" + goldenRegion},
}

var (
	pinnedOnce      sync.Once
	pinnedAssembly  map[string]*Assembly
	pinnedErr       error
	gitStatusBefore string
	gitStatusAfter  string
)

// synthPinned returns the reference app synthesized by `cdk synth`
// pinned to pinnedAccount and region. The first call synthesizes every
// pinned region at once, in parallel processes.
func synthPinned(t *testing.T, region string) *Assembly {
	t.Helper()
	if testing.Short() {
		t.Skip("synthesizes the reference app with the CDK CLI")
	}
	pinnedOnce.Do(func() {
		pinnedAssembly = map[string]*Assembly{}
		gitStatusBefore, pinnedErr = gitStatus()
		if pinnedErr != nil {
			return
		}
		var wg sync.WaitGroup
		errs := make([]error, len(pinnedRegions))
		asms := make([]*Assembly, len(pinnedRegions))
		for i, r := range pinnedRegions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				asms[i], errs[i] = cdkSynthPinned(r)
			}()
		}
		wg.Wait()
		for i, r := range pinnedRegions {
			if errs[i] != nil && pinnedErr == nil {
				pinnedErr = errs[i]
			}
			pinnedAssembly[r] = asms[i]
		}
		gitStatusAfter, _ = gitStatus()
	})
	if pinnedErr != nil {
		t.Fatal(pinnedErr)
	}
	a := pinnedAssembly[region]
	if a == nil {
		t.Fatalf("no pinned synthesis for %s", region)
	}
	return a
}

// withoutCredentials is the environment minus every way the AWS SDK finds
// credentials or a profile, so a lookup cannot succeed by accident.
func withoutCredentials(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") || strings.HasPrefix(name, "CDK_") {
			continue
		}
		out = append(out, kv)
	}
	none := filepath.Join(os.TempDir(), "lambdaperf-no-aws-config")
	return append(out, "AWS_CONFIG_FILE="+none, "AWS_SHARED_CREDENTIALS_FILE="+none, "AWS_EC2_METADATA_DISABLED=true")
}

// cdkSynthPinned runs `npx cdk synth` in the repository, as the issue's
// check does: CDK_DEFAULT_ACCOUNT=111111111111 and the region of
// pinnedEnv, no credentials, output into a temporary folder. Notices,
// telemetry and the version check are off: they reach the network.
func cdkSynthPinned(region string) (*Assembly, error) {
	root := repoDir()
	out, err := os.MkdirTemp("", "lambdaperf-pinned-"+region+"-")
	if err != nil {
		return nil, err
	}
	cdk := filepath.Join(root, "node_modules", ".bin", "cdk")
	cmd := exec.Command(cdk, "synth", "--quiet", "--no-notices", "--output", out)
	cmd.Dir = root
	// CDK_DEFAULT_ACCOUNT passes through when no credentials name an
	// account; the region comes from pinnedEnv.
	env := append(withoutCredentials(os.Environ()), pinnedEnv[region]...)
	cmd.Env = append(env, "CDK_DEFAULT_ACCOUNT="+pinnedAccount,
		"CDK_DISABLE_CLI_TELEMETRY=true", "CDK_DISABLE_VERSION_CHECK=true",
		"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20",
		"PATH="+filepath.Join(root, "node_modules", ".bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	b, err := cmd.CombinedOutput()
	if err != nil {
		os.RemoveAll(out)
		return nil, fmt.Errorf("CDK_DEFAULT_ACCOUNT=%s CDK_DEFAULT_REGION=%s cdk synth without credentials failed: %v\n%s", pinnedAccount, region, err, b)
	}
	a, err := readAssembly(out)
	if a != nil {
		a.CLIOutput = string(b)
	}
	return a, err
}

// gitStatus is the repository's `git status`, untracked files included.
func gitStatus() (string, error) {
	b, err := exec.Command("git", "-C", repoDir(), "status", "--porcelain", "--untracked-files=all").Output()
	return string(b), err
}

// TestPinnedSynthNeedsNoCredentials: `cdk synth` pinned to an account,
// with no credentials, exits 0 (synthPinned fails otherwise), asks for no
// context lookup, and leaves `git status` as it was (no cdk.context.json).
func TestPinnedSynthNeedsNoCredentials(t *testing.T) {
	for _, region := range pinnedRegions {
		a := synthPinned(t, region)
		b, err := os.ReadFile(filepath.Join(a.Dir, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"missing"`) {
			t.Errorf("%s: the cloud assembly asks for context lookups (manifest.json \"missing\"): %.500s", region, b)
		}
		var manifest struct {
			Artifacts map[string]struct {
				Type        string `json:"type"`
				Environment string `json:"environment"`
			} `json:"artifacts"`
		}
		if err := json.Unmarshal(b, &manifest); err != nil {
			t.Fatal(err)
		}
		want := "aws://" + pinnedAccount + "/" + region
		for name, art := range manifest.Artifacts {
			if art.Type == "aws:cloudformation:stack" && art.Environment != want {
				t.Errorf("%s: stack %s deploys to %s, want %s", region, name, art.Environment, want)
			}
		}
	}
	if gitStatusBefore != gitStatusAfter {
		t.Errorf("pinned cdk synth changed git status:\nbefore:\n%s\nafter:\n%s", gitStatusBefore, gitStatusAfter)
	}
	if _, err := os.Stat(filepath.Join(repoDir(), "cdk.context.json")); err == nil && !strings.Contains(gitStatusAfter, "cdk.context.json") {
		tracked, _ := exec.Command("git", "-C", repoDir(), "ls-files", "cdk.context.json").Output()
		if len(tracked) == 0 {
			t.Error("cdk.context.json exists but git does not track it")
		}
	}
}

// TestPinnedStacksAreTheAgnosticOnes: pinning changes no stack: the
// pinned assemblies hold the stacks stacks.All builds, all of them.
func TestPinnedStacksAreTheAgnosticOnes(t *testing.T) {
	want := synth(t).Stacks()
	for _, region := range pinnedRegions {
		if got := synthPinned(t, region).Stacks(); !slices.Equal(got, want) {
			t.Errorf("%s: stacks %v, want the environment-agnostic %v", region, got, want)
		}
	}
}

// pinnedLayers are the layer ARNs a pinned reference stack may carry, by
// region and architecture: AWS's published ARNs of the Lambda Insights
// extension
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versionsARM.html)
// and the Parameters and Secrets extension
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html#ps-integration-lambda-extensions-add).
// The reference functions all run on arm64.
var pinnedLayers = map[string]map[string][]string{
	"eu-west-1": {"arm64": {
		"arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension-Arm64:23",
		"arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4",
	}},
	"us-east-1": {"arm64": {
		"arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:23",
		"arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4",
	}},
}

// TestPinnedLayerARNsAreLiterals: in a pinned stack every layer is the
// literal ARN for the stack's region and the function's architecture, no
// Fn::FindInMap over a region mapping.
func TestPinnedLayerARNsAreLiterals(t *testing.T) {
	for _, region := range pinnedRegions {
		a := synthPinned(t, region)
		withLayers := 0
		for _, stack := range a.Stacks() {
			tpl := a.Templates[stack]
			for id, r := range tpl["Resources"].(map[string]any) {
				res := r.(map[string]any)
				if res["Type"] != "AWS::Lambda::Function" {
					continue
				}
				props, _ := res["Properties"].(map[string]any)
				arch := "x86_64"
				if archs, _ := props["Architectures"].([]any); len(archs) == 1 {
					arch = fmt.Sprint(archs[0])
				}
				layers, _ := props["Layers"].([]any)
				if len(layers) > 0 {
					withLayers++
				}
				for _, l := range layers {
					s, ok := l.(string)
					if !ok || !slices.Contains(pinnedLayers[region][arch], s) {
						t.Errorf("%s %s %s (%s): layer %v is not a known literal ARN for %s %s: %v",
							region, stack, constructPath(tpl, id), arch, l, region, arch, pinnedLayers[region][arch])
					}
				}
			}
			for name := range mapOf(tpl["Mappings"]) {
				if strings.HasSuffix(name, "Layers") {
					t.Errorf("%s %s: a pinned stack maps layers by region (%s)", region, stack, name)
				}
			}
		}
		if withLayers == 0 {
			t.Errorf("%s: no function with layers: the check checked nothing", region)
		}
	}
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// TestPinnedGoldenSnapshots compares every stack pinned to goldenRegion
// with its golden file. Refresh on purpose with:
// go test ./test/gates -run TestPinnedGoldenSnapshots -update
func TestPinnedGoldenSnapshots(t *testing.T) {
	a := synthPinned(t, goldenRegion)
	dir := filepath.Join("testdata", "pinned-"+goldenRegion)
	for name, tpl := range a.Templates {
		t.Run(name, func(t *testing.T) {
			snapshot.Golden(t, filepath.Join(dir, name+".template.json"), snapshot.Normalize(tpl))
		})
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	for _, f := range files {
		if _, ok := a.Templates[strings.TrimSuffix(filepath.Base(f), ".template.json")]; !ok {
			t.Errorf("%s has no stack any more: delete it", f)
		}
	}
}
