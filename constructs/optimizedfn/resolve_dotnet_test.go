package optimizedfn_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

const (
	dotnetEntry   = "testdata/dotnetfn"
	dotnetHandler = "Orders::Orders.Function::Handle"
)

// TestDotnetPublishFolder: a `dotnet publish` folder runs on dotnet10 with
// the handler as given, packaged without debug symbols, with SnapStart only
// where it is opted in (on published versions, behind the live alias).
func TestDotnetPublishFolder(t *testing.T) {
	app, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Default"), &optimizedfn.Props{Entry: dotnetEntry, Handler: dotnetHandler})
	optimizedfn.New(stack, jsii.String("Snap"), &optimizedfn.Props{Entry: dotnetEntry, Handler: "Orders", SnapStart: optimizedfn.SnapStartOn})
	tpl := cdktest.Template(t, stack)
	snap := 0
	for id, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		p := cdktest.Props(f)
		want := map[bool]string{true: "Orders", false: dotnetHandler}[strings.HasPrefix(id, "Snap")]
		if p["Runtime"] != "dotnet10" || p["Handler"] != want || p["Architectures"].([]any)[0] != "arm64" {
			t.Errorf("%s: runtime %v handler %v architectures %v", id, p["Runtime"], p["Handler"], p["Architectures"])
		}
		if s, ok := p["SnapStart"]; ok {
			snap++
			if s.(map[string]any)["ApplyOn"] != "PublishedVersions" || !strings.HasPrefix(id, "Snap") {
				t.Errorf("%s: SnapStart %v", id, s)
			}
		}
	}
	if snap != 1 {
		t.Errorf("%d functions with SnapStart, want only the one that opted in", snap)
	}
	if n := len(cdktest.Resources(tpl, "AWS::Lambda::Alias")); n != 2 {
		t.Errorf("%d aliases, want live on each", n)
	}

	app.Synth(nil)
	for _, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		entries, err := os.ReadDir(filepath.Join(*app.Outdir(), f["Metadata"].(map[string]any)["aws:asset:path"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if got := strings.Join(names, " "); got != "Orders.deps.json Orders.dll Orders.runtimeconfig.json" {
			t.Errorf("asset files %s, want the publish folder without Orders.pdb", got)
		}
	}
}

// TestDotnetPlan: what Resolve decides and refuses for a publish folder,
// without synthesis.
func TestDotnetPlan(t *testing.T) {
	p, err := optimizedfn.Resolve("S/Fn", &optimizedfn.Props{Entry: dotnetEntry, Handler: dotnetHandler})
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != optimizedfn.KindDotnet || p.Runtime != optimizedfn.Dotnet10 || p.SnapStart || p.Handler != dotnetHandler {
		t.Errorf("plan %s %s SnapStart=%v handler %s", p.Kind, p.Runtime, p.SnapStart, p.Handler)
	}

	// A copy of the fixture with one file rewritten.
	variant := func(name, from, to string) string {
		dir := t.TempDir()
		entries, _ := os.ReadDir(dotnetEntry)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dotnetEntry, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() == name {
				b = []byte(strings.Replace(string(b), from, to, 1))
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	net8 := variant("Orders.runtimeconfig.json", `"net10.0"`, `"net8.0"`)
	win := variant("Orders.deps.json", "v10.0/linux-arm64", "v10.0/win-x64")
	anyRID := variant("Orders.deps.json", "v10.0/linux-arm64", "v10.0")
	for _, c := range []struct {
		name  string
		props optimizedfn.Props
		want  string // "" = valid
	}{
		{"an executable assembly", optimizedfn.Props{Entry: dotnetEntry, Handler: "Orders"}, ""},
		{"no handler", optimizedfn.Props{Entry: dotnetEntry}, `Handler is required for a .NET entry, which names no default: set it to Assembly::Namespace.Class::Method`},
		{"a Python-style handler", optimizedfn.Props{Entry: dotnetEntry, Handler: "index.handler::x"}, `Handler "index.handler::x" is not a .NET handler`},
		{"an assembly not published", optimizedfn.Props{Entry: dotnetEntry, Handler: "Billing::Billing.Function::Handle"}, `assembly Billing is not in Entry "testdata/dotnetfn" (no Billing.dll)`},
		{"built for .NET 8", optimizedfn.Props{Entry: net8, Handler: dotnetHandler}, `was built for "net8.0", but runtime dotnet10 runs net10.0: set <TargetFramework>net10.0</TargetFramework>`},
		{"published for arm64, run on x86_64", optimizedfn.Props{Entry: dotnetEntry, Handler: dotnetHandler, Architecture: optimizedfn.X86_64}, `was published for linux-arm64, but the function runs on x86_64: publish with -r linux-x64, or set Architecture to arm64`},
		{"published for Windows", optimizedfn.Props{Entry: win, Handler: dotnetHandler}, `was published for win-x64, which Lambda does not run`},
		{"published for no runtime identifier runs on x86_64 too", optimizedfn.Props{Entry: anyRID, Handler: dotnetHandler, Architecture: optimizedfn.X86_64}, ""},
		{"a Node.js runtime for a publish folder", optimizedfn.Props{Entry: dotnetEntry, Handler: dotnetHandler, Runtime: optimizedfn.NodeJS24}, `Runtime "nodejs24.x" cannot run Entry "testdata/dotnetfn" (a .NET handler): use one of dotnet10`},
		{"SnapStart with provisioned concurrency", optimizedfn.Props{Entry: dotnetEntry, Handler: dotnetHandler, SnapStart: optimizedfn.SnapStartOn, ProvisionedConcurrency: &concurrency.Config{Min: 2}}, "ProvisionedConcurrency and SnapStart cannot be combined"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := optimizedfn.Resolve("S/Fn", &c.props)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}
