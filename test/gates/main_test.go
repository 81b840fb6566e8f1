// Package gates holds the offline gates over the synthesized reference
// templates that need no jsii: AWS Control Tower's proactive controls run
// by cfn-guard, least privilege in every IAM statement, and reproducible
// synthesis. It synthesizes
// the app once, as `cdk synth` does (`go run app.go` with cdk.json's
// context), in a process of its own, so it runs beside the other test
// packages instead of after them.
package gates

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// guide is the user guide, relative to the repository root, whose tables
// list the Control Tower controls not followed and the cfn-lint warnings
// tolerated; the tests keep them equal to notFollowed and toleratedWarnings.
const guide = "docs/gates.md"

// repoDir is the repository root, found from this file rather than the
// working directory.
func repoDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("gates: cannot locate the repository")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// Assembly is the synthesized reference app, read as plain JSON.
type Assembly struct {
	Dir       string                    // cdk.out folder
	Files     map[string]string         // template file by stack name
	Templates map[string]map[string]any // template by stack name
	CLIOutput string                    // what `cdk synth` printed, when the CLI synthesized it
}

// Stacks returns the stack names in order.
func (a *Assembly) Stacks() []string {
	var names []string
	for n := range a.Templates {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var (
	once     sync.Once
	assembly *Assembly
	synthErr error
	outDir   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if outDir != "" {
		os.RemoveAll(outDir)
	}
	for _, a := range pinnedAssembly {
		if a != nil {
			os.RemoveAll(a.Dir)
		}
	}
	os.Exit(code)
}

// synth returns the reference assembly, synthesizing it on first use.
func synth(t *testing.T) *Assembly {
	t.Helper()
	if testing.Short() {
		t.Skip("synthesizes the reference app")
	}
	once.Do(func() { assembly, synthErr = synthesize() })
	if synthErr != nil {
		t.Fatal(synthErr)
	}
	return assembly
}

// synthesize synthesizes the repository's app into a temporary folder.
func synthesize() (*Assembly, error) {
	var err error
	if outDir, err = os.MkdirTemp("", "lambdaperf-gates-"); err != nil {
		return nil, err
	}
	if err := synthesizeIn(repoDir(), outDir); err != nil {
		return nil, err
	}
	return readAssembly(outDir)
}

// synthesizeIn runs root's app.go as the CDK CLI does: CDK_OUTDIR, and the
// context of cdk.json (feature flags, the validator's rules as errors)
// plus the asset and construct-path metadata the CLI turns on, in
// CDK_CONTEXT_JSON.
func synthesizeIn(root, out string) error {
	b, err := os.ReadFile(filepath.Join(root, "cdk.json"))
	if err != nil {
		return err
	}
	var cdk struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &cdk); err != nil {
		return fmt.Errorf("cdk.json: %v", err)
	}
	cdk.Context["aws:cdk:enable-asset-metadata"] = true
	cdk.Context["aws:cdk:enable-path-metadata"] = true
	ctx, _ := json.Marshal(cdk.Context)

	cmd := exec.Command("go", "run", "app.go")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+out, "CDK_CONTEXT_JSON="+string(ctx),
		"PATH="+filepath.Join(root, "node_modules", ".bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("synthesis of the reference app (go run app.go in %s) failed: %v\n%s", root, err, b)
	}
	return nil
}

// readAssembly reads every stack template the cloud assembly's manifest
// lists.
func readAssembly(dir string) (*Assembly, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Artifacts map[string]struct {
			Type       string `json:"type"`
			Properties struct {
				TemplateFile string `json:"templateFile"`
			} `json:"properties"`
		} `json:"artifacts"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		return nil, fmt.Errorf("manifest.json: %v", err)
	}
	a := &Assembly{Dir: dir, Files: map[string]string{}, Templates: map[string]map[string]any{}}
	for name, art := range manifest.Artifacts {
		if art.Type != "aws:cloudformation:stack" {
			continue
		}
		file := filepath.Join(dir, art.Properties.TemplateFile)
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var tpl map[string]any
		if err := json.Unmarshal(b, &tpl); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		a.Files[name], a.Templates[name] = file, tpl
	}
	if len(a.Templates) == 0 {
		return nil, fmt.Errorf("the assembly in %s has no stacks", dir)
	}
	return a, nil
}

// constructPath names a resource by its construct path, as users know it,
// falling back to the logical ID.
func constructPath(tpl map[string]any, logicalID string) string {
	res, _ := tpl["Resources"].(map[string]any)
	r, _ := res[logicalID].(map[string]any)
	meta, _ := r["Metadata"].(map[string]any)
	if p, ok := meta["aws:cdk:path"].(string); ok {
		return p
	}
	return logicalID
}

// list reads a policy field that is one value or a list of them.
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	default:
		return []any{x}
	}
}

// join renders values for messages.
func join(vs []string) string { return strings.Join(vs, ", ") }
