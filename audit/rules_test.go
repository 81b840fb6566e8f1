package audit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// auditDate pins runtime deprecations for the fixtures.
var auditDate = time.Date(2026, time.November, 26, 0, 0, 0, 0, time.UTC)

// fixtureSetup adds to a fixture what cannot be committed: compiled
// binaries, node_modules folders (ignored by git), large data. Keys are
// "<rule>/<fixture>".
var fixtureSetup = map[string]func(t *testing.T, dir string){
	"native-arch-mismatch/fires-when-an-arm64-function-ships-an-x86-bootstrap": func(t *testing.T, dir string) {
		copyFile(t, goBootstrap(t, "amd64", true), filepath.Join(dir, "asset.amd64", "bootstrap"))
	},
	"native-arch-mismatch/fires-when-an-x86-function-ships-an-arm64-node-addon": func(t *testing.T, dir string) {
		copyFile(t, goBootstrap(t, "arm64", true), filepath.Join(dir, "asset.addon-arm64", "node_modules", "sharp", "build", "Release", "sharp.node"))
		testfiles.Write(t, filepath.Join(dir, "asset.addon-arm64", "index.js"), "module.exports.handler=async()=>require('sharp');\n")
	},
	"native-arch-mismatch/passes-when-the-bootstrap-matches": func(t *testing.T, dir string) {
		copyFile(t, goBootstrap(t, "arm64", true), filepath.Join(dir, "asset.arm64", "bootstrap"))
	},
	"go-bootstrap-unoptimized/fires-without-norpc-and-stripping": func(t *testing.T, dir string) {
		copyFile(t, goBootstrap(t, "arm64", false), filepath.Join(dir, "asset.plain", "bootstrap"))
	},
	"go-bootstrap-unoptimized/passes-with-norpc-and-stripping": func(t *testing.T, dir string) {
		copyFile(t, goBootstrap(t, "arm64", true), filepath.Join(dir, "asset.optimized", "bootstrap"))
	},
	"node-bundles-aws-sdk/fires-when-node-modules-has-the-sdk": func(t *testing.T, dir string) {
		pkg := filepath.Join(dir, "asset.node-modules-sdk", "node_modules", "@aws-sdk", "client-dynamodb")
		testfiles.Write(t, filepath.Join(pkg, "package.json"), `{"name":"@aws-sdk/client-dynamodb","version":"3.1169.0"}`)
		testfiles.Write(t, filepath.Join(pkg, "dist-cjs", "index.js"), "module.exports={};\n")
	},
	"node-bundles-aws-sdk/fires-when-an-unminified-bundle-carries-the-sdk": func(t *testing.T, dir string) {
		var src strings.Builder
		src.WriteString("const USER_AGENT = \"x-amz-user-agent\";\n")
		for i := 0; src.Len() < 16<<10; i++ {
			fmt.Fprintf(&src, "function middleware%d(next) {\n  return async (args) => next(args);\n}\n", i)
		}
		src.WriteString("export const handler = async () => ({ statusCode: 200 });\n")
		testfiles.Write(t, filepath.Join(dir, "asset.unminified-sdk", "index.mjs"), src.String())
	},
	"node-module-missing/passes-when-node-modules-ships-it": func(t *testing.T, dir string) {
		pkg := filepath.Join(dir, "asset.shipped", "node_modules", "aws-sdk")
		testfiles.Write(t, filepath.Join(pkg, "package.json"), `{"name":"aws-sdk","version":"2.1692.0","main":"lib/aws.js"}`)
		testfiles.Write(t, filepath.Join(pkg, "lib", "aws.js"), "module.exports={S3:class{}};\n")
	},
	"node-modules-shipped/fires-when-node-modules-ships": func(t *testing.T, dir string) {
		pkg := filepath.Join(dir, "asset.node-modules", "node_modules", "left-pad")
		testfiles.Write(t, filepath.Join(pkg, "package.json"), `{"name":"left-pad","version":"1.3.0"}`)
		testfiles.Write(t, filepath.Join(pkg, "index.js"), "module.exports=(s,n)=>String(s).padStart(n);\n")
	},
	"bundle-over-budget/fires-when-the-package-is-over-the-budget": func(t *testing.T, dir string) {
		testfiles.Write(t, filepath.Join(dir, "asset.large", "index.mjs"), "export const handler=async()=>1;\n")
		testfiles.Write(t, filepath.Join(dir, "asset.large", "model.bin"), string(testfiles.Noise(64<<10)))
	},
}

func init() {
	sparse := func(t *testing.T, path string, size int64) {
		t.Helper()
		testfiles.Write(t, path, "")
		if err := os.Truncate(path, size); err != nil {
			t.Skip("no sparse files here:", err)
		}
	}
	fifo := func(t *testing.T, path string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skip("no FIFOs here:", err)
		}
	}
	for fixture, setup := range map[string]func(t *testing.T, dir string){
		"template-unreadable/fires-when-a-template-is-a-fifo": func(t *testing.T, dir string) { fifo(t, filepath.Join(dir, "stacks", "Piped.json")) },
		"code-asset-over-limit/fires-for-a-folder-with-a-4-gib-sparse-file": func(t *testing.T, dir string) {
			sparse(t, filepath.Join(dir, "asset.sparse", "data.bin"), 4<<30)
		},
		"code-asset-over-limit/fires-for-a-zip-bomb": func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "asset.bomb.zip"), testfiles.OverlappingZip(1000, 20<<20), 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"input-skipped/fires-when-an-asset-manifest-is-cut-short": func(t *testing.T, dir string) {
			testfiles.Write(t, filepath.Join(dir, "Stack.assets.json"), `{"version": "48.0.0", "files": {`)
		},
		"input-skipped/fires-when-a-folder-asset-holds-a-fifo": func(t *testing.T, dir string) {
			testfiles.Write(t, filepath.Join(dir, "asset.piped", "index.mjs"), "export const handler = async () => 1;\n")
			fifo(t, filepath.Join(dir, "asset.piped", "events.fifo"))
		},
	} {
		fixtureSetup[fixture] = setup
	}
}

// fixtureOptions are the audit options of fixtures that need other than
// the defaults.
var fixtureOptions = map[string]Options{
	"bundle-over-budget": {BudgetKB: 16},
}

// TestRules runs every fixture under testdata/rules/<rule>: a fixture
// named fires-* must yield a finding of that rule, passes-* must not.
func TestRules(t *testing.T) {
	for _, rule := range Rules() {
		files, _ := filepath.Glob(filepath.Join("testdata", "rules", rule.ID, "*.json"))
		for _, file := range files {
			fixture := strings.TrimSuffix(filepath.Base(file), ".json")
			verb, when, _ := strings.Cut(fixture, "-")
			t.Run(rule.ID+" "+verb+" "+strings.ReplaceAll(when, "-", " "), func(t *testing.T) {
				dir := t.TempDir()
				copyDir(t, filepath.Dir(file), dir)
				if setup := fixtureSetup[rule.ID+"/"+fixture]; setup != nil {
					setup(t, dir)
				}
				m, err := readFixture(dir, fixture)
				if err != nil {
					t.Fatalf("reading the fixture: %v", err)
				}
				opts := fixtureOptions[rule.ID]
				opts.Now = auditDate
				rep := Run(m, opts)
				var got []Finding
				for _, f := range rep.Findings {
					if f.Rule == rule.ID {
						got = append(got, f)
					}
				}
				switch verb {
				case "fires":
					if len(got) == 0 {
						t.Fatalf("no %s finding; all findings: %v", rule.ID, rep.Findings)
					}
					for _, f := range got {
						if f.Severity != rule.Severity || f.Message == "" || f.Fix == "" || f.Source != rule.Source || f.Resource == "" {
							t.Errorf("incomplete finding: %+v", f)
						}
					}
				case "passes":
					if len(got) > 0 {
						t.Errorf("unexpected %s finding: %s", rule.ID, got[0].Message)
					}
				default:
					t.Fatalf("fixture %s must start with fires- or passes-", file)
				}
			})
		}
	}
}

// readFixture reads a fixture: a template, or a cloud assembly manifest
// (a fixture with "artifacts"), which becomes the manifest.json of the
// fixture's folder.
func readFixture(dir, fixture string) (*Model, error) {
	file := filepath.Join(dir, fixture+".json")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var probe struct{ Artifacts json.RawMessage }
	if json.Unmarshal(data, &probe) != nil || probe.Artifacts == nil {
		return assembly.ReadTemplateFile(file)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644); err != nil {
		return nil, err
	}
	return assembly.ReadAssembly(dir)
}

// TestEveryRuleHasFixturesBothWays keeps rules honest: each one has a
// template where it fires and one where it does not, and a complete
// description.
func TestEveryRuleHasFixturesBothWays(t *testing.T) {
	seen := map[string]bool{}
	for _, rule := range Rules() {
		if seen[rule.ID] {
			t.Errorf("rule id %s is used twice", rule.ID)
		}
		seen[rule.ID] = true
		if rule.Summary == "" || rule.Source == "" || rule.Fix == "" || rule.check == nil {
			t.Errorf("rule %s lacks a summary, source, fix or check", rule.ID)
		}
		// SARIF's helpUri: every source cites a page.
		if !strings.Contains(rule.Source, "https://") {
			t.Errorf("rule %s cites no https:// page in its Source %q", rule.ID, rule.Source)
		}
		for _, verb := range []string{"fires", "passes"} {
			files, _ := filepath.Glob(filepath.Join("testdata", "rules", rule.ID, verb+"-*.json"))
			if len(files) == 0 {
				t.Errorf("rule %s has no %s-*.json fixture", rule.ID, verb)
			}
		}
	}
	dirs, _ := os.ReadDir(filepath.Join("testdata", "rules"))
	for _, d := range dirs {
		if !seen[d.Name()] {
			t.Errorf("testdata/rules/%s belongs to no rule", d.Name())
		}
	}
}
