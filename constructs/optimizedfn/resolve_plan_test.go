package optimizedfn

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/internal/nodebin"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
)

const (
	nodeEntry = "testdata/node/handler.ts"
	goEntry   = "testdata/gofn"
)

func intp(n int) *int { return &n }

func TestResolveDefaults(t *testing.T) {
	p, err := Resolve("Stack/Fn", &Props{Entry: nodeEntry})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"a .ts entry runs on nodejs24.x", p.Runtime, NodeJS24},
		{"architecture is arm64", p.Architecture, ARM64},
		{"memory is Balanced's 1,024 MiB", p.MemoryMiB, 1024},
		{"timeout is 10 s", p.Timeout, 10 * time.Second},
		{"the handler export is handler", p.Handler, "handler"},
		{"the bundle is ESM split at import()", p.Format, SplitESM},
		{"the bundle carries the SDK", p.SDK, SDKBundled},
		{"esbuild targets node24", p.EsbuildTarget, "node24"},
		{"the alias is live", p.AliasName, "live"},
		{"tracing is active", p.Tracing, awslambda.Tracing_ACTIVE},
		{"system logs keep INFO (platform.report)", p.SysLogLevel, awslambda.SystemLogLevel_INFO},
		{"no source map", p.SourceMap, false},
		{"no warnings", len(p.Warnings), 0},
		{"no environment of the construct's own", len(p.Environment), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if !strings.HasSuffix(p.LockFile, "package-lock.json") {
		t.Errorf("lock file %q, want the repository's package-lock.json", p.LockFile)
	}

	g, err := Resolve("Stack/Go", &Props{Entry: goEntry})
	if err != nil {
		t.Fatal(err)
	}
	if g.Runtime != ProvidedAL2023 || g.Handler != "bootstrap" || g.GoPackage != "./constructs/optimizedfn/testdata/gofn" {
		t.Errorf("Go plan: runtime %s handler %s package %s", g.Runtime, g.Handler, g.GoPackage)
	}
}

func TestProfilesSizeMemory(t *testing.T) {
	cases := []struct {
		name    string
		profile Profile
		memory  int
		vcpus   float64
	}{
		{"Balanced is the default", Profile{}, 1024, 0.58},
		{"CPUBound buys one vCPU", CPUBound, 1769, 1},
		{"IOBound", IOBound, 512, 0.29},
		{"Simple", Simple, 256, 0.14},
		{"Parallel(2) buys two vCPUs", Parallel(2), 3538, 2},
		{"Parallel(6) is capped at 10,240 MiB", Parallel(6), 10240, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Resolve("", &Props{Entry: nodeEntry, Profile: c.profile})
			if err != nil {
				t.Fatal(err)
			}
			if p.MemoryMiB != c.memory {
				t.Errorf("memory %d, want %d", p.MemoryMiB, c.memory)
			}
			if v := p.VCPUs(); v < c.vcpus-0.01 || v > c.vcpus+0.01 {
				t.Errorf("vCPUs %.2f, want %.2f", v, c.vcpus)
			}
		})
	}
	p, err := Resolve("", &Props{Entry: nodeEntry, Profile: CPUBound, MemorySize: 2048})
	if err != nil {
		t.Fatal(err)
	}
	if p.MemoryMiB != 2048 || p.Profile != "custom" {
		t.Errorf("MemorySize must override the profile: %d %s", p.MemoryMiB, p.Profile)
	}
}

// TestBadProps is the table of invalid props and the exact error each gives.
func TestBadProps(t *testing.T) {
	big := strings.Repeat("x", 4100)
	cases := []struct {
		name  string
		props Props
		want  string
	}{
		{"no entry", Props{}, `optimizedfn "S/F": Entry is required`},
		{"a missing entry", Props{Entry: "testdata/nope.ts"}, `Entry "testdata/nope.ts" does not exist`},
		{"an entry that is not a handler file", Props{Entry: "testdata/node/README.txt"}, `is not a supported handler file`},
		{"a Go entry that is not a main package", Props{Entry: "testdata/notmain"}, `is package notmain, not a main package`},
		{"a Go folder without .go files", Props{Entry: "testdata/node"}, `has no .go files`},
		{"a runtime the construct does not build", Props{Entry: nodeEntry, Runtime: "nodejs18.x"}, `Runtime "nodejs18.x" is not supported: use one of dotnet10, java21, java25, nodejs22.x, nodejs24.x, provided.al2023, python3.12, python3.13, python3.14`},
		{"a Node runtime for a Go entry", Props{Entry: goEntry, Runtime: NodeJS22}, `Runtime "nodejs22.x" cannot run Entry "testdata/gofn" (a Go handler): use one of provided.al2023`},
		{"memory below 128 MiB", Props{Entry: nodeEntry, MemorySize: 64}, `MemorySize must be 128..10240 MiB, got 64`},
		{"memory above 10,240 MiB", Props{Entry: nodeEntry, MemorySize: 10241}, `MemorySize must be 128..10240 MiB, got 10241`},
		{"Parallel(0)", Props{Entry: nodeEntry, Profile: Parallel(0)}, `Profile Parallel(0) asks for 0 vCPUs, Lambda offers 1..6`},
		{"Parallel(7)", Props{Entry: nodeEntry, Profile: Parallel(7)}, `Profile Parallel(7) asks for 7 vCPUs`},
		{"a timeout under a second", Props{Entry: nodeEntry, Timeout: 500 * time.Millisecond}, `Timeout must be 1s..900s, got 500ms`},
		{"a timeout over 15 minutes", Props{Entry: nodeEntry, Timeout: 901 * time.Second}, `Timeout must be 1s..900s, got 15m1s`},
		{"a timeout in fractions of a second", Props{Entry: nodeEntry, Timeout: 1500 * time.Millisecond}, `Timeout must be whole seconds, got 1.5s`},
		{"an unknown architecture", Props{Entry: nodeEntry, Architecture: "arm32"}, `Architecture "arm32" is not a Lambda architecture`},
		{"negative reserved concurrency", Props{Entry: nodeEntry, ReservedConcurrency: intp(-1)}, `ReservedConcurrency must be 0 or more, got -1`},
		{"an environment over 4 KB", Props{Entry: nodeEntry, Environment: map[string]string{"BIG": big}}, `Environment is 4110 bytes, Lambda allows 4096`},
		{"reserved environment names", Props{Entry: nodeEntry, Environment: map[string]string{"AWS_REGION": "x", "_HANDLER": "y"}}, `Environment sets reserved names AWS_REGION, _HANDLER`},
		{"an invalid environment name", Props{Entry: nodeEntry, Environment: map[string]string{"1BAD": "x"}}, `Environment name "1BAD" is invalid`},
		{"a handler that is not an identifier", Props{Entry: nodeEntry, Handler: "index.handler()"}, `Handler "index.handler()" is not an exported function name`},
		{"a handler for a Go entry", Props{Entry: goEntry, Handler: "main"}, `Handler "main" is set for a Go entry`},
		{"source maps for a Go entry", Props{Entry: goEntry, SourceMap: true}, `SourceMap, Format and SDK apply to Node.js bundles`},
		{"an SDK source for a Go entry", Props{Entry: goEntry, SDK: SDKFromRuntime}, `SourceMap, Format and SDK apply to Node.js bundles, but Entry "testdata/gofn" is a Go handler`},
		{"an unknown bundle format", Props{Entry: nodeEntry, Format: "umd"}, `Format "umd" is not a bundle format: use optimizedfn.SplitESM, optimizedfn.ESM or optimizedfn.CommonJS`},
		{"an unknown SDK source", Props{Entry: nodeEntry, SDK: "layer"}, `SDK "layer" is not an SDK source: use optimizedfn.SDKBundled or optimizedfn.SDKFromRuntime`},
		{"an alias named $LATEST", Props{Entry: nodeEntry, AliasName: "$LATEST"}, `AliasName "$LATEST" is not a valid alias name`},
		{"an all-digit alias name", Props{Entry: nodeEntry, AliasName: "42"}, `AliasName "42" is not a valid alias name`},
		{"a description over 256 characters", Props{Entry: nodeEntry, Description: strings.Repeat("d", 257)}, `Description is 257 characters, Lambda allows 256`},
		{"an expected duration longer than the timeout", Props{Entry: nodeEntry, ExpectedDuration: 11 * time.Second}, `ExpectedDuration must be 1ms..Timeout (10s), got 11s`},
		{"an expected duration under a millisecond", Props{Entry: nodeEntry, ExpectedDuration: time.Microsecond}, `ExpectedDuration must be 1ms..Timeout (10s), got 1µs`},
		{"a negative expected rate", Props{Entry: nodeEntry, ExpectedRequestsPerSecond: -1}, `ExpectedRequestsPerSecond must be a rate >= 0 requests per second, got -1`},
		{"an expected rate that is not a number", Props{Entry: nodeEntry, ExpectedRequestsPerSecond: math.NaN()}, `ExpectedRequestsPerSecond must be a rate >= 0 requests per second, got NaN`},
		{"an expected CPU share given as a percentage", Props{Entry: nodeEntry, ExpectedCPUShare: 20}, `ExpectedCPUShare must be a share above 0 and at most 1 of ExpectedDuration, got 20`},
		{"memory through Extra", Props{Entry: nodeEntry, Extra: &awslambda.FunctionOptions{MemorySize: new(float64)}}, `Extra.MemorySize is owned by the construct: set Props.MemorySize or Props.Profile instead`},
		{"tracing through Extra", Props{Entry: nodeEntry, Extra: &awslambda.FunctionOptions{Tracing: awslambda.Tracing_DISABLED}}, `Extra.Tracing is owned by the construct: set Props.Tracing instead`},
		//lint:ignore SA1019 the test proves the construct refuses the deprecated field
		{"retention through Extra", Props{Entry: nodeEntry, Extra: &awslambda.FunctionOptions{LogRetention: "ONE_DAY"}}, `Extra.LogGroup/LogRetention/LoggingFormat is owned by the construct`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Resolve("S/F", &c.props)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), `optimizedfn "S/F": `) {
				t.Errorf("error does not name the construct path: %v", err)
			}
		})
	}
}

func TestAllProblemsAreReportedAtOnce(t *testing.T) {
	err := (&Props{Entry: nodeEntry, MemorySize: 64, Timeout: time.Hour}).Validate()
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
		t.Fatalf("want two joined errors, got %v", err)
	}
}

func TestMissingToolchainIsAClearError(t *testing.T) {
	defer func(orig func(string) (string, error)) { lookPath = orig }(lookPath)
	lookPath = func(string) (string, error) { return "", errors.New("not found") }
	defer func(orig func(string, ...string) (string, error)) { findNodeBin = orig }(findNodeBin)
	findNodeBin = func(name string, from ...string) (string, error) {
		return "", &nodebin.NotFoundError{Name: name, Looked: from}
	}

	_, err := Resolve("S/F", &Props{Entry: nodeEntry})
	if err == nil {
		t.Fatal("missing esbuild: no error")
	}
	// Both fixes, with the pinned version and the project folder (where
	// the lock file is), and why there is no fallback.
	project, _ := filepath.Abs(filepath.Join("..", ".."))
	for _, want := range []string{
		`optimizedfn "S/F": esbuild is not in node_modules/.bin at or above`,
		"Node.js bundling is local only (no Docker)",
		"npm install --save-dev --save-exact esbuild@" + nodebin.EsbuildVersion + "` in " + project,
		"or put esbuild on PATH",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing esbuild:\n  %v\nwant it to contain:\n  %s", err, want)
		}
	}
	_, err = Resolve("S/G", &Props{Entry: goEntry})
	if err == nil || !strings.Contains(err.Error(), "the Go toolchain (`go`) is not on PATH") {
		t.Errorf("missing go: %v", err)
	}
}

// TestEsbuildIsFoundWithoutPath: with nothing on PATH, Resolve finds the
// project's node_modules/.bin/esbuild above the entry (make deps installs
// it there), as CDK's NodejsFunction does.
func TestEsbuildIsFoundWithoutPath(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	p, err := Resolve("S/F", &Props{Entry: nodeEntry})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs(filepath.Join("..", "..", "node_modules", ".bin", "esbuild"))
	if p.Esbuild != want {
		t.Errorf("Esbuild = %q, want the repository's %q", p.Esbuild, want)
	}
}

func TestSoftProblemsAreWarnings(t *testing.T) {
	p, err := Resolve("", &Props{Entry: nodeEntry, Architecture: X86_64, SourceMap: true, Environment: map[string]string{"NODE_OPTIONS": "--max-old-space-size=400"}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, w := range p.Warnings {
		ids[w.ID] = true
	}
	if !ids[WarnX86] || !ids[WarnSourceMap] || len(ids) != 2 {
		t.Errorf("warnings %v, want %s and %s", p.Warnings, WarnX86, WarnSourceMap)
	}
	if got := p.Environment["NODE_OPTIONS"]; got != "--max-old-space-size=400 --enable-source-maps" {
		t.Errorf("NODE_OPTIONS = %q: source maps must be enabled without dropping the user's options", got)
	}
}

func TestEnvironmentSizeSkipsTokens(t *testing.T) {
	token := "${Token[TOKEN.123]}"
	if got, want := EnvironmentSize(map[string]string{"TABLE": token}), len(`{"TABLE":""}`); got != want {
		t.Errorf("EnvironmentSize with a token = %d, want %d (the token's length is unknown)", got, want)
	}
	huge := map[string]string{"A": strings.Repeat(token, 300)}
	if _, err := Resolve("", &Props{Entry: nodeEntry, Environment: huge}); err != nil {
		t.Errorf("unresolved tokens must not fail the size check: %v", err)
	}
}

func TestResolveDoesNotModifyProps(t *testing.T) {
	env := map[string]string{"A": "1"}
	props := &Props{Entry: nodeEntry, SourceMap: true, Environment: env}
	if _, err := Resolve("", props); err != nil {
		t.Fatal(err)
	}
	if len(env) != 1 || props.Runtime != "" || props.AliasName != "" {
		t.Errorf("props were modified: %+v", props)
	}
}

// TestWithEnvironment: a variable added after New gets the checks of
// Props.Environment, and the plan it came from is left alone.
func TestWithEnvironment(t *testing.T) {
	p, err := Resolve("S/Fn", &Props{Entry: nodeEntry, Environment: map[string]string{"TABLE": "items"},
		Layers: []extensions.Layer{extensions.ParametersAndSecrets(nil)}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.WithEnvironment("CACHE_ENDPOINT", "${Token[TOKEN.42]}")
	if err != nil {
		t.Fatal(err)
	}
	if q.Environment["CACHE_ENDPOINT"] != "${Token[TOKEN.42]}" || q.Environment["TABLE"] != "items" {
		t.Errorf("environment %v", q.Environment)
	}
	if _, set := p.Environment["CACHE_ENDPOINT"]; set {
		t.Error("WithEnvironment changed the plan it was called on")
	}
	big := strings.Repeat("x", MaxEnvironmentBytes)
	for _, c := range []struct{ name, value, want string }{
		{"AWS_REGION", "eu-west-1", `optimizedfn "S/Fn": AddEnvironment AWS_REGION: Lambda sets this name itself`},
		{"1BAD", "x", `AddEnvironment "1BAD": the name is invalid`},
		{"TABLE", "orders", `AddEnvironment TABLE: the function already sets it (to "items"): a second value would silently replace the first`},
		{"PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2774", `AddEnvironment PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: the function already sets it (to "2773")`},
		{"DB_PASSWORD", "hunter2", `AddEnvironment DB_PASSWORD holds a literal value that looks like a secret`},
		{"NOTES", big, `AddEnvironment NOTES: the environment would be`},
	} {
		if _, err := p.WithEnvironment(c.name, c.value); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WithEnvironment(%s): got %v, want an error with %q", c.name, err, c.want)
		}
	}
	// A token's length is unknown until deployment: only its name counts.
	if _, err := p.WithEnvironment("LONG_TOKEN", "${Token[TOKEN.7]}"+big[:10]); err != nil {
		t.Errorf("a short token: %v", err)
	}
}

// TestRefusesARuntimeWhoseCreationIsBlocked: the lifecycle table of
// package lambda (the one the advisor's runtime-create-blocked reads)
// stops a plan on a runtime Lambda no longer creates functions on.
func TestRefusesARuntimeWhoseCreationIsBlocked(t *testing.T) {
	defer func(old func() time.Time) { now = old }(now)
	now = func() time.Time { return time.Date(2027, time.June, 2, 0, 0, 0, 0, time.UTC) }
	_, err := Resolve("S/Fn", &Props{Entry: nodeEntry, Runtime: NodeJS22})
	if err == nil || !strings.Contains(err.Error(), `Runtime "nodejs22.x": Lambda has blocked creating functions on it since 2027-06-01`) || !strings.Contains(err.Error(), "use nodejs24.x") {
		t.Errorf("nodejs22.x after its block-create date: %v", err)
	}
	if _, err := Resolve("S/Fn", &Props{Entry: nodeEntry, Runtime: NodeJS24}); err != nil {
		t.Errorf("nodejs24.x: %v", err)
	}
	now = func() time.Time { return time.Date(2026, time.December, 6, 0, 0, 0, 0, time.UTC) }
	if _, err := Resolve("S/Fn", &Props{Entry: nodeEntry, Runtime: NodeJS22}); err != nil {
		t.Errorf("nodejs22.x before its block-create date: %v", err)
	}
}
