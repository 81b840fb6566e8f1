package optimizedfn_test

import (
	"debug/buildinfo"
	"debug/elf"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// newStack is a unit-test stack: the built-in CloudFormation validator is
// off (it costs seconds; the reference stack tests keep it on, strict).
func newStack(t *testing.T) (awscdk.App, awscdk.Stack) {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Outdir:                          jsii.String(t.TempDir()),
		// As the CDK CLI does: records each asset's folder in the template.
		Context: &map[string]any{"aws:cdk:enable-asset-metadata": true},
	})
	return app, awscdk.NewStack(app, jsii.String("S"), nil)
}

func TestNodeDefaults(t *testing.T) {
	_, stack := newStack(t)
	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry:       "testdata/node/handler.ts",
		Environment: map[string]string{"STAGE": "prod"},
	})
	tpl := cdktest.Template(t, stack)

	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	p := cdktest.Props(lambda)
	want := map[string]any{
		"Runtime": "nodejs24.x", "MemorySize": 1024.0, "Timeout": 10.0, "Handler": "index.handler",
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %v, want %v", k, p[k], v)
		}
	}
	if arch := p["Architectures"].([]any); len(arch) != 1 || arch[0] != "arm64" {
		t.Errorf("Architectures = %v, want [arm64]", arch)
	}
	if mode := p["TracingConfig"].(map[string]any)["Mode"]; mode != "Active" {
		t.Errorf("tracing %v, want Active", mode)
	}
	logging := p["LoggingConfig"].(map[string]any)
	if logging["LogFormat"] != "JSON" || logging["ApplicationLogLevel"] != "INFO" || logging["SystemLogLevel"] != "INFO" {
		t.Errorf("LoggingConfig = %v, want JSON with INFO levels", logging)
	}
	vars := p["Environment"].(map[string]any)["Variables"].(map[string]any)
	if vars["STAGE"] != "prod" {
		t.Errorf("user environment lost: %v", vars)
	}
	for _, k := range []string{"AWS_NODEJS_CONNECTION_REUSE_ENABLED", "NODE_OPTIONS"} {
		if _, ok := vars[k]; ok {
			t.Errorf("%s is set: Node.js 24 ships SDK v3 and source maps are off", k)
		}
	}

	logGroupID, lg := cdktest.Only(t, tpl, "AWS::Logs::LogGroup")
	if days := cdktest.Props(lg)["RetentionInDays"]; days != 30.0 {
		t.Errorf("log retention %v days, want 30", days)
	}
	if ref := logging["LogGroup"].(map[string]any)["Ref"]; ref != logGroupID {
		t.Errorf("function logs to %v, want its own log group %s", ref, logGroupID)
	}

	versionID, _ := cdktest.Only(t, tpl, "AWS::Lambda::Version")
	_, alias := cdktest.Only(t, tpl, "AWS::Lambda::Alias")
	ap := cdktest.Props(alias)
	if ap["Name"] != "live" {
		t.Errorf("alias %v, want live", ap["Name"])
	}
	if v := ap["FunctionVersion"].(map[string]any)["Fn::GetAtt"].([]any); v[0] != versionID || v[1] != "Version" {
		t.Errorf("alias points at %v, want the published version %s", v, versionID)
	}
	if *fn.Alias().AliasName() != "live" {
		t.Errorf("Alias() getter: %s", *fn.Alias().AliasName())
	}

	// Least privilege: no managed policy; logs only to its own group.
	_, role := cdktest.Only(t, tpl, "AWS::IAM::Role")
	if mp, ok := cdktest.Props(role)["ManagedPolicyArns"]; ok {
		t.Errorf("role has managed policies %v", mp)
	}
}

// sdkImport is a load of an @aws-sdk package at run time (not the SDK's
// own error text that tells you to `[require("@aws-sdk/signature-v4-crt")]`).
var sdkImport = regexp.MustCompile(`[^\[](require\(|from ?|import\()"@aws-sdk/`)

// TestNodeBundles builds the test handler in each format and SDK source
// and inspects what esbuild wrote.
func TestNodeBundles(t *testing.T) {
	for _, c := range []struct {
		name   string
		props  optimizedfn.Props
		entry  string
		chunks bool // lazily imported modules in chunk files
		sdk    bool // the SDK inside the bundle
	}{
		{"the default splits ESM at import() and bundles the SDK", optimizedfn.Props{}, "index.mjs", true, true},
		{"ESM is one file", optimizedfn.Props{Format: optimizedfn.ESM}, "index.mjs", false, true},
		{"the build before SplitESM: CommonJS, the SDK from the runtime", optimizedfn.Props{Format: optimizedfn.CommonJS, SDK: optimizedfn.SDKFromRuntime}, "index.js", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			app, stack := newStack(t)
			c.props.Entry = "testdata/node/handler.ts"
			optimizedfn.New(stack, jsii.String("Api"), &c.props)
			_, lambda := cdktest.Only(t, cdktest.Template(t, stack), "AWS::Lambda::Function")
			if h := cdktest.Props(lambda)["Handler"]; h != "index.handler" {
				t.Errorf("handler %v, want index.handler", h)
			}
			files := assetFiles(t, app, stack)
			if !slices.Contains(files, c.entry) {
				t.Fatalf("bundle files %v lack %s", files, c.entry)
			}
			if chunks := len(files) > 1; chunks != c.chunks {
				t.Errorf("bundle files %v: chunks %v, want %v", files, chunks, c.chunks)
			}
			var all strings.Builder
			for _, f := range files {
				if filepath.Ext(f) != filepath.Ext(c.entry) {
					t.Errorf("%s in the bundle: want only %s files (no source map, no node_modules)", f, filepath.Ext(c.entry))
				}
				src := readAsset(t, app, stack, f)
				// esbuild keeps template literals' and legal comments' line
				// breaks; unminified code averages well under 200 per line.
				if lines := strings.Count(src, "\n") + 1; len(src) > 2000 && len(src)/lines < 200 {
					t.Errorf("%s averages %d characters a line: not minified", f, len(src)/lines)
				}
				all.WriteString(src)
			}
			src := all.String()
			if c.chunks && !strings.Contains(readAsset(t, app, stack, c.entry), `import("./`) {
				t.Errorf("%s imports no chunk lazily", c.entry)
			}
			imports := sdkImport.FindAllString(src, -1)
			if c.sdk && (len(imports) != 0 || !strings.Contains(src, "DynamoDB_20120810")) {
				t.Errorf("the SDK is not bundled: %v", imports)
			}
			if !c.sdk && (len(imports) == 0 || strings.Contains(src, "DynamoDB_20120810")) {
				t.Errorf("the SDK is bundled (imports %v): want require calls only", imports)
			}
			if strings.Contains(src, "sourceMappingURL") {
				t.Error("bundle references a source map")
			}
		})
	}
}

func TestSourceMapsAreOptInAndWarn(t *testing.T) {
	app, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: "testdata/node/handler.ts", SourceMap: true, Format: optimizedfn.CommonJS})
	tpl := cdktest.Template(t, stack)
	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	vars := cdktest.Props(lambda)["Environment"].(map[string]any)["Variables"].(map[string]any)
	if vars["NODE_OPTIONS"] != "--enable-source-maps" {
		t.Errorf("NODE_OPTIONS = %v", vars["NODE_OPTIONS"])
	}
	if files := assetFiles(t, app, stack); len(files) != 2 || files[1] != "index.js.map" {
		t.Errorf("bundle files %v, want index.js and index.js.map", files)
	}
	warnings := annotations(t, app, "warning")
	if !strings.Contains(warnings, "SourceMap is on") || !strings.Contains(warnings, optimizedfn.WarnSourceMap) {
		t.Errorf("no source map warning with id %s: %q", optimizedfn.WarnSourceMap, warnings)
	}
}

func TestX86IsAllowedWithAWarning(t *testing.T) {
	app, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: "testdata/node/handler.ts", Architecture: optimizedfn.X86_64})
	tpl := cdktest.Template(t, stack)
	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	if arch := cdktest.Props(lambda)["Architectures"].([]any); arch[0] != "x86_64" {
		t.Errorf("Architectures %v", arch)
	}
	if w := annotations(t, app, "warning"); !strings.Contains(w, "Architecture is x86_64") {
		t.Errorf("no x86_64 warning: %q", w)
	}
}

// TestWarningsCanBeAcknowledged: a warning's stable id silences it on the
// function it is acknowledged on, and only there.
func TestWarningsCanBeAcknowledged(t *testing.T) {
	app, stack := newStack(t)
	for _, id := range []string{"Acknowledged", "Warned"} {
		fn := optimizedfn.New(stack, jsii.String(id), &optimizedfn.Props{Entry: "testdata/gofn", Architecture: optimizedfn.X86_64})
		if id == "Acknowledged" {
			awscdk.Annotations_Of(fn).AcknowledgeWarning(jsii.String(optimizedfn.WarnX86), jsii.String("the native library has no arm64 build"))
		}
	}
	msgs, err := cdktest.Messages(*app.Synth(nil).Directory())
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, m := range msgs {
		if m.Level == "warning" && strings.Contains(m.Text, "Architecture is x86_64") {
			warned = append(warned, m.Path)
		}
	}
	if strings.Join(warned, " ") != "/S/Warned" {
		t.Errorf("x86_64 warnings on %v, want only /S/Warned", warned)
	}
}

func TestPropsAndPassThrough(t *testing.T) {
	_, stack := newStack(t)
	extra := &awslambda.FunctionOptions{EphemeralStorageSize: awscdk.Size_Mebibytes(jsii.Number(1024))}
	optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry: "testdata/node/handler.ts", Profile: optimizedfn.CPUBound, Timeout: 30 * time.Second,
		ReservedConcurrency: func() *int { n := 5; return &n }(), Format: optimizedfn.ESM,
		Tracing: awslambda.Tracing_DISABLED, AliasName: "prod", Extra: extra, ExpectedDuration: 120 * time.Millisecond,
		ExpectedRequestsPerSecond: 40, ExpectedCPUShare: 0.25,
	})
	tpl := cdktest.Template(t, stack)
	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	p := cdktest.Props(lambda)
	if p["MemorySize"] != 1769.0 || p["Timeout"] != 30.0 || p["ReservedConcurrentExecutions"] != 5.0 || p["Handler"] != "index.handler" {
		t.Errorf("memory %v timeout %v reserved %v handler %v", p["MemorySize"], p["Timeout"], p["ReservedConcurrentExecutions"], p["Handler"])
	}
	if _, ok := p["TracingConfig"]; ok && p["TracingConfig"].(map[string]any)["Mode"] == "Active" {
		t.Error("tracing should be off when Tracing_DISABLED")
	}
	if es := p["EphemeralStorage"]; es == nil || es.(map[string]any)["Size"] != 1024.0 {
		t.Errorf("Extra.EphemeralStorageSize not passed through: %v", es)
	}
	if _, alias := cdktest.Only(t, tpl, "AWS::Lambda::Alias"); cdktest.Props(alias)["Name"] != "prod" {
		t.Errorf("alias name %v", cdktest.Props(alias)["Name"])
	}
	if md, _ := lambda["Metadata"].(map[string]any)["lambdaperf"].(map[string]any); md["expectedDurationMs"] != 120.0 ||
		md["expectedRequestsPerSecond"] != 40.0 || md["expectedCpuShare"] != 0.25 {
		t.Errorf("the declared load is not in the function's metadata: %v", lambda["Metadata"])
	}
	if extra.MemorySize != nil || extra.Role != nil {
		t.Error("the caller's Extra was modified")
	}
}

func TestBadPropsStopSynthesis(t *testing.T) {
	_, stack := newStack(t)
	msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: "testdata/node/handler.ts", MemorySize: 64})
	})
	if want := `optimizedfn "S/Api": MemorySize must be 128..10240 MiB, got 64`; !strings.Contains(msg, want) {
		t.Errorf("panic %q, want %q", msg, want)
	}
}

func TestGoBootstrapIsLean(t *testing.T) {
	app, stack := newStack(t)
	for _, arch := range []optimizedfn.Architecture{optimizedfn.ARM64, optimizedfn.X86_64} {
		optimizedfn.New(stack, jsii.String("Go"+string(arch[:3])), &optimizedfn.Props{Entry: "testdata/gofn", Architecture: arch})
	}
	tpl := cdktest.Template(t, stack)
	lambdas := cdktest.Resources(tpl, "AWS::Lambda::Function")
	if len(lambdas) != 2 {
		t.Fatalf("%d functions", len(lambdas))
	}
	keys := map[string]bool{}
	for id, l := range lambdas {
		p := cdktest.Props(l)
		if p["Runtime"] != "provided.al2023" || p["Handler"] != "bootstrap" {
			t.Errorf("%s: runtime %v handler %v", id, p["Runtime"], p["Handler"])
		}
		keys[p["Code"].(map[string]any)["S3Key"].(string)] = true
	}
	if len(keys) != 2 {
		t.Errorf("arm64 and x86_64 builds share one asset: %v", keys)
	}

	outdir := *app.Synth(nil).Directory()
	machines := map[elf.Machine]bool{}
	for _, l := range lambdas {
		bin := filepath.Join(outdir, l["Metadata"].(map[string]any)["aws:asset:path"].(string), "bootstrap")
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatalf("bootstrap is not an ELF file: %v", err)
		}
		machines[f.Machine] = true
		if f.Section(".debug_info") != nil || f.Section(".symtab") != nil {
			t.Error("bootstrap keeps symbols or DWARF: not built with -s -w")
		}
		if len(f.Progs) > 0 {
			for _, prog := range f.Progs {
				if prog.Type == elf.PT_INTERP {
					t.Error("bootstrap is dynamically linked: CGO_ENABLED=0 missing")
				}
			}
		}
		f.Close()
		info, err := buildinfo.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		// Go leaves -ldflags out of the build info under -trimpath (it often
		// holds machine paths, go.dev/issue/52372): the missing symbol and
		// DWARF sections above prove -s -w instead.
		for k, v := range map[string]string{"-tags": "lambda.norpc", "-trimpath": "true", "CGO_ENABLED": "0", "GOOS": "linux"} {
			if settings[k] != v {
				t.Errorf("build setting %s = %q, want %q", k, settings[k], v)
			}
		}
		if _, ok := settings["vcs.revision"]; ok {
			t.Error("bootstrap carries a VCS stamp: its hash would change with every commit")
		}
	}
	if !machines[elf.EM_AARCH64] || !machines[elf.EM_X86_64] {
		t.Errorf("machines %v, want arm64 and x86_64", machines)
	}
}

// assetFiles lists the files of the stack's only Lambda code asset.
func assetFiles(t *testing.T, app awscdk.App, stack awscdk.Stack) []string {
	t.Helper()
	dir := assetDir(t, app, stack)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readAsset(t *testing.T, app awscdk.App, stack awscdk.Stack, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(assetDir(t, app, stack), name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func assetDir(t *testing.T, app awscdk.App, stack awscdk.Stack) string {
	t.Helper()
	tpl := cdktest.Template(t, stack)
	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	return filepath.Join(*app.Synth(nil).Directory(), lambda["Metadata"].(map[string]any)["aws:asset:path"].(string))
}

// annotations returns the messages of one level ("warning", "error",
// "info") recorded anywhere in the app.
func annotations(t *testing.T, app awscdk.App, level string) string {
	t.Helper()
	msgs, err := cdktest.Messages(*app.Synth(nil).Directory())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		if m.Level == level {
			out = append(out, m.Text)
		}
	}
	return strings.Join(out, "\n")
}

// TestGoAssetFollowsTheWholeModule: the Go asset is hashed by the built
// bootstrap, so an edit to another package of the handler's module, which
// CDK's default source hash of the entry folder would miss, gives a new
// asset, and an edit that changes no compiled byte (a comment) gives none:
// no deploy for nothing.
func TestGoAssetFollowsTheWholeModule(t *testing.T) {
	mod := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/h\n\ngo 1.26\n")
	write("cmd/fn/main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/h/greet\"\n)\n\nfunc main() { fmt.Println(greet.Greeting) }\n")
	greet := func(comment, greeting string) {
		write("greet/greet.go", "// Package greet "+comment+"\npackage greet\n\nconst Greeting = \""+greeting+"\"\n")
	}
	key := func() string {
		t.Helper()
		_, stack := newStack(t)
		optimizedfn.New(stack, jsii.String("Fn"), &optimizedfn.Props{Entry: filepath.Join(mod, "cmd", "fn")})
		_, fn := cdktest.Only(t, cdktest.Template(t, stack), "AWS::Lambda::Function")
		return cdktest.Props(fn)["Code"].(map[string]any)["S3Key"].(string)
	}

	greet("says hello.", "hello")
	first := key()
	greet("says hello, in other words.", "hello")
	if got := key(); got != first {
		t.Errorf("a comment edit in another package changed the asset: %s -> %s", first, got)
	}
	greet("says hello, in other words.", "hi")
	if got := key(); got == first {
		t.Errorf("an edit to another package of the module kept the asset %s: the function would deploy stale code", got)
	}
}
