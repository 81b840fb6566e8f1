package layering

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/lambdaperf/lambdaperf"

// floors says which of the module's packages each package may import
// (non-test imports; prefixes, module-relative). Rules are matched by the
// longest prefix; a package no rule matches fails the test, so a new
// package gets its floor on purpose.
//
//	floor 1  lambda/...      Lambda's limits, runtimes and layer catalog
//	floor 2  handlercode     handler code, parsed and never run
//	floor 2  costmodel       prices
//	floor 3  assembly        the cloud-assembly reader
//	floor 4  audit           the advisor's rules
//	floor 5  localinvoke     local invoke and load
//	floor 6  cmd/...         the command line
//
// The constructs stand beside the floors: they use Lambda's facts, the
// handler-code reader, the cost model and the internal helpers, never the reader, the advisor, local
// invoke or the command line, except constructs/advisor, the aspect that
// runs the advisor's rules over the construct tree.
var floors = []struct {
	pkg   string   // module-relative package path prefix ("" is the root)
	may   []string // module-relative prefixes it may import
	plain bool     // plain Go: no jsii runtime, no CDK, no constructs module
}{
	{pkg: "lambda", may: []string{"lambda"}, plain: true},
	{pkg: "costmodel", may: []string{"lambda"}, plain: true},
	{pkg: "handlercode", may: []string{"lambda", "internal/untrusted"}, plain: true},
	{pkg: "assembly", may: []string{"lambda", "handlercode", "internal/untrusted"}, plain: true},
	{pkg: "audit", may: []string{"lambda", "costmodel", "assembly", "handlercode", "internal/schedule", "internal/untrusted"}, plain: true},
	{pkg: "audit/cdkfixtures", may: nil}, // test-only package
	{pkg: "localinvoke", may: []string{"lambda", "costmodel", "assembly", "internal/untrusted"}, plain: true},
	{pkg: "localinvoke/referencetest", may: nil}, // test-only package
	{pkg: "cmd", may: []string{"lambda", "costmodel", "assembly", "audit", "localinvoke", "constructs", "stacks", "internal"}},
	{pkg: "constructs", may: []string{"lambda", "costmodel", "handlercode", "constructs", "internal/problems", "internal/nag", "internal/fnenv", "internal/schedule", "internal/nodebin"}},
	{pkg: "constructs/advisor", may: []string{"lambda", "costmodel", "assembly", "audit", "internal/problems"}},
	{pkg: "internal", may: nil},
	{pkg: "internal/testfiles", may: nil, plain: true},
	{pkg: "internal/schedule", may: nil, plain: true},  // AWS schedule expressions: constructs and advisor check them alike
	{pkg: "internal/untrusted", may: nil, plain: true}, // bounded reads and contained writes of input somebody else made
	{pkg: "internal/nodebin", may: nil, plain: true},   // npm binaries (esbuild, cdk), found as npx finds them
	{pkg: "internal/release", may: nil, plain: true},   // the release version

	{pkg: "cdktest", may: []string{"internal/nodebin"}},
	{pkg: "snapshot", may: []string{"internal/untrusted"}},
	{pkg: "stacks", may: []string{"lambda", "costmodel", "constructs", "internal/nag"}},
	{pkg: "test", may: []string{""}},   // black-box tests: anything
	{pkg: "", may: []string{"stacks"}}, // app.go
}

// cdkModules are the module paths that bring the jsii runtime along.
var cdkModules = []string{"github.com/aws/jsii-runtime-go", "github.com/aws/aws-cdk-go/", "github.com/aws/constructs-go/", "github.com/cdklabs/"}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Error      *struct{ Err string }
}

// TestFloors proves with `go list -json` what each package imports: no
// import runs up the house, and the plain-Go floors pull in no CDK.
func TestFloors(t *testing.T) {
	pkgs := list(t)
	if len(pkgs) < 20 {
		t.Fatalf("go list printed %d packages; want the whole module", len(pkgs))
	}
	for _, p := range pkgs {
		rel := relative(p.ImportPath)
		rule := -1
		for i, f := range floors {
			if within(rel, f.pkg) && (rule < 0 || len(f.pkg) > len(floors[rule].pkg)) {
				rule = i
			}
		}
		if rule < 0 {
			t.Errorf("%s is on no floor: add it to the floors table", rel)
			continue
		}
		f := floors[rule]
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module+"/") && imp != module {
				continue
			}
			if to := relative(imp); !allowed(to, f.may) && (rel == "" || !within(to, rel)) {
				t.Errorf("%s imports %s: %q may import only %q", rel, to, f.pkg, f.may)
			}
		}
		if f.plain {
			for _, dep := range p.Deps {
				for _, m := range cdkModules {
					if strings.HasPrefix(dep, m) {
						t.Errorf("%s depends on %s: it must stay plain Go (no jsii, no CDK)", rel, dep)
					}
				}
			}
		}
	}
}

// TestTheRulesBite makes sure the check above can fail: an upward import
// and a sideways one are refused.
func TestTheRulesBite(t *testing.T) {
	for _, tt := range []struct{ from, to string }{
		{"lambda", "costmodel"}, {"costmodel", "assembly"}, {"assembly", "audit"}, {"handlercode", "assembly"}, {"lambda", "handlercode"}, {"handlercode", "audit"},
		{"audit", "localinvoke"}, {"localinvoke", "audit"}, {"constructs/optimizedfn", "audit"},
		{"constructs/optimizedfn", "assembly"}, {"constructs/monitoring", "localinvoke"}, {"constructs/advisor", "cmd/lambdaperf"},
	} {
		rule := ""
		for _, f := range floors {
			if within(tt.from, f.pkg) && len(f.pkg) >= len(rule) {
				rule = f.pkg
			}
		}
		for _, f := range floors {
			if f.pkg == rule && allowed(tt.to, f.may) {
				t.Errorf("%s may import %s; the floors forbid it", tt.from, tt.to)
			}
		}
	}
}

func list(t *testing.T) []pkg {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list packages: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-e", "-json=ImportPath,Imports,Deps,Error", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if p.Error != nil {
			t.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// relative is the module-relative path of an import path ("" for the root).
func relative(importPath string) string {
	return strings.TrimPrefix(strings.TrimPrefix(importPath, module), "/")
}

// within reports whether rel is prefix or below it.
func within(rel, prefix string) bool {
	return prefix == "" || rel == prefix || strings.HasPrefix(rel, prefix+"/")
}

func allowed(to string, may []string) bool {
	for _, m := range may {
		if within(to, m) {
			return true
		}
	}
	return false
}
