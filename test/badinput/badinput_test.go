// Package badinput is the bad-input matrix: one table, across every
// construct, of invalid props and combinations and the exact error users
// see. Each row is a subtest; together they render docs/bad-input.md
// (go test ./test/badinput -update regenerates it). Nearly every row runs
// the pure-Go validation the constructs run before building (Resolve and
// Validate): no jsii, no synthesis, milliseconds; the few that only the
// built tree or a toolchain shows (a VPC's subnets, a handler that does
// not compile) build a stack.
package badinput

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/cache"
	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/powertuning"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
	"github.com/lambdaperf/lambdaperf/internal/nodebin"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// repoDir is the repository root, found from this file.
func repoDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("badinput: cannot locate the repository")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// TestMain puts the repository's node_modules/.bin first on PATH, as the
// Makefile does, so Node.js rows find esbuild and show only their own
// problem.
func TestMain(m *testing.M) {
	os.Setenv("PATH", filepath.Join(repoDir(), "node_modules", ".bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	code := m.Run()
	jsii.Close() // the rows that build
	os.Exit(code)
}

// Construct paths the rows pass, as New would from the construct tree.
const (
	fnPath    = "Shop/Checkout"
	netPath   = "Shop/Network"
	cachePath = "Shop/Cache"
	capPath   = "Shop/Capacity"
)

// Entries of valid handlers; each row breaks one prop around one.
const (
	nodeEntry = "testdata/node/handler.ts"
	goEntry   = "testdata/gofn"
	javaEntry = "testdata/javafn"
	pyEntry   = "testdata/pyfn"
	// dotnetEntry is a `dotnet publish` folder; dotnetHandler its handler.
	dotnetEntry   = "testdata/dotnetfn"
	dotnetHandler = "Orders::Orders.Function::Handle"
)

// row is one invalid input and the error it gives.
type row struct {
	construct string // the package users call
	area      string // the part of it
	name      string // the case, as a sentence
	want      string // a distinctive fragment of the error
	err       func(t *testing.T) error
}

// Fakes for jsii types whose presence alone is checked, so rows need no
// jsii object.
type (
	fakeFunction  struct{ awslambda.IFunction }
	fakeFS        struct{ awslambda.FileSystem }
	fakeSnapStart struct{ awslambda.SnapStartConf }
	fakeArch      struct{ awslambda.Architecture }
	fakeDuration  struct{ awscdk.Duration }
	fakeGroup     struct{ awsec2.ISecurityGroup }
	fakeLayer     struct{ awslambda.ILayerVersion }
)

// fakeSize is an ephemeral storage size of mib MiB.
type fakeSize struct {
	awscdk.Size
	mib float64
}

func (s fakeSize) IsUnresolved() *bool                                { f := false; return &f }
func (s fakeSize) ToMebibytes(*awscdk.SizeConversionOptions) *float64 { return &s.mib }

// fn resolves optimized-function props as New does.
func fn(entry string, p optimizedfn.Props) func(*testing.T) error {
	p.Entry = entry
	return func(*testing.T) error { _, err := optimizedfn.Resolve(fnPath, &p); return err }
}

func node(p optimizedfn.Props) func(*testing.T) error { return fn(nodeEntry, p) }

// extra is a Node.js function with one pass-through field set.
func extra(set func(*awslambda.FunctionOptions)) func(*testing.T) error {
	x := &awslambda.FunctionOptions{}
	set(x)
	return node(optimizedfn.Props{Extra: x})
}

// pc is provisioned concurrency on a Node.js function.
func pc(cfg concurrency.Config, reserved ...int) func(*testing.T) error {
	p := optimizedfn.Props{ProvisionedConcurrency: &cfg}
	if len(reserved) > 0 {
		p.ReservedConcurrency = &reserved[0]
	}
	return node(p)
}

// schedule is auto-scaled provisioned concurrency with schedules.
func schedule(min, max int, s ...concurrency.Schedule) func(*testing.T) error {
	return pc(concurrency.Config{Min: min, AutoScaling: &concurrency.AutoScaling{Max: max, Schedules: s}})
}

// cron is a schedule with one cron expression.
func cron(expr string) func(*testing.T) error {
	return schedule(1, 5, concurrency.Schedule{Cron: expr, Min: 2})
}

const weekdays = "cron(0 8 ? * MON-FRI *)"

// enableAutoScaling calls EnableAutoScaling's check on the plan of props.
func enableAutoScaling(entry string, p optimizedfn.Props, twice bool, a *concurrency.AutoScaling) func(*testing.T) error {
	p.Entry = entry
	return func(t *testing.T) error {
		plan, err := optimizedfn.Resolve(fnPath, &p)
		if err != nil {
			t.Fatalf("the base props are invalid: %v", err)
		}
		if twice {
			if plan, err = plan.WithAutoScaling(&concurrency.AutoScaling{Max: 5}); err != nil {
				t.Fatalf("the first EnableAutoScaling failed: %v", err)
			}
		}
		_, err = plan.WithAutoScaling(a)
		return err
	}
}

// layers is a Node.js function with layers.
func layers(l ...extensions.Layer) func(*testing.T) error {
	return node(optimizedfn.Props{Layers: l})
}

func secrets(p extensions.ParametersAndSecretsProps) func(*testing.T) error {
	return layers(extensions.ParametersAndSecrets(&p))
}

func netw(p network.Props) func(*testing.T) error {
	return func(*testing.T) error { _, err := network.Resolve(netPath, &p); return err }
}

// fakeProvider is a capacity provider whose plan alone is read.
type fakeProvider struct{ arch capacity.Architecture }

func (f fakeProvider) Plan() capacity.Plan {
	return capacity.Plan{Path: "Shop/Capacity", Architecture: f.arch, MaxVCPUs: capacity.DefaultMaxVCPUs}
}
func (f fakeProvider) CapacityProvider() awslambda.CapacityProvider { return nil }

// onMI is a function on a Graviton capacity provider.
func onMI(entry string, p optimizedfn.Props, mi optimizedfn.ManagedInstances) func(*testing.T) error {
	if mi.CapacityProvider == nil {
		mi.CapacityProvider = fakeProvider{capacity.ARM64}
	}
	p.ManagedInstances = &mi
	return fn(entry, p)
}

func capacityOf(p capacity.Props) func(*testing.T) error {
	return func(*testing.T) error { _, err := capacity.Resolve(capPath, &p); return err }
}

func cacheOf(p cache.Props) func(*testing.T) error {
	p.Network = network.Import(nil, nil)
	return func(*testing.T) error { _, err := cache.Resolve(cachePath, &p); return err }
}

// target is a valid monitoring target changed by set.
func target(set func(*monitoring.Target)) monitoring.Target {
	t := monitoring.Target{Function: fakeFunction{}, Label: "Api", Timeout: 10 * time.Second}
	if set != nil {
		set(&t)
	}
	return t
}

func monitor(p monitoring.Props) func(*testing.T) error {
	return func(*testing.T) error { return p.Validate() }
}

func monitorTarget(set func(*monitoring.Target)) func(*testing.T) error {
	return monitor(monitoring.Props{Functions: []monitoring.Target{target(set)}})
}

// sources attached to a function with a 10 s timeout, as NewSQS,
// NewStream and NewAsync resolve them.
var checkoutFn = sources.Function{Timeout: 10 * time.Second}

func sqsOf(p sources.SQSProps, q *sources.QueueFacts) func(*testing.T) error {
	return func(*testing.T) error { _, err := sources.ResolveSQS(fnPath+"/Orders", &p, checkoutFn, q); return err }
}

func streamOf(p sources.StreamProps) func(*testing.T) error {
	return func(*testing.T) error { _, err := sources.ResolveStream(fnPath+"/Changes", &p, checkoutFn); return err }
}

func asyncOf(p sources.AsyncProps) func(*testing.T) error {
	return func(*testing.T) error { _, err := sources.ResolveAsync(fnPath+"/Async", &p, false); return err }
}

func durp(d time.Duration) *time.Duration { return &d }

type (
	fakeQueue struct{ awssqs.IQueue }
	fakeTopic struct{ awssns.ITopic }
	fakeTable struct{ awsdynamodb.ITable }
)

func tuning(p powertuning.Props) func(*testing.T) error {
	if p.Functions == nil {
		p.Functions = []*optimizedfn.Function{{}}
	}
	return func(*testing.T) error { return p.Validate() }
}

// tempDirs are the temporary folders rows made: messages show them as
// <tmp>, so the matrix is the same on every machine.
var tempDirs []string

func tempDir(t *testing.T) string {
	d := t.TempDir()
	tempDirs = append(tempDirs, d)
	return d
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// withoutTools runs check with an empty PATH and no JAVA_HOME: no esbuild,
// go or javac.
func withoutTools(check func(*testing.T) error) func(*testing.T) error {
	return func(t *testing.T) error {
		t.Setenv("PATH", tempDir(t))
		t.Setenv("JAVA_HOME", "")
		return check(t)
	}
}

func intp(n int) *int { return &n }

// built builds constructs into the stack "Shop", as `cdk synth` would, and
// returns what stops synthesis: for what only the built tree or a
// toolchain shows (a VPC's subnets, a handler that does not compile).
func built(build func(t *testing.T, stack awscdk.Stack)) func(*testing.T) error {
	return func(t *testing.T) (err error) {
		app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(tempDir(t))})
		stack := awscdk.NewStack(app, jsii.String("Shop"), nil)
		defer func() {
			if r := recover(); r != nil {
				if err, _ = r.(error); err == nil {
					err = fmt.Errorf("%v", r)
				}
			}
		}()
		build(t, stack)
		return nil
	}
}

// publicVpc is a VPC of public subnets only, as a network.Network.
func publicVpc(stack awscdk.Stack) network.Network {
	return network.Import(awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{NatGateways: jsii.Number(0), MaxAzs: jsii.Number(2),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{{Name: jsii.String("Public"), SubnetType: awsec2.SubnetType_PUBLIC}}}), nil)
}

const (
	insightsX86   = "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:56"
	insightsARM64 = "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension-Arm64:23"
	myLayer       = "arn:aws:lambda:eu-west-1:123456789012:layer:my-lib:3"
)

// rows is the matrix, by construct.
func rows() []row {
	sixLayers := []extensions.Layer{extensions.LambdaInsights(), extensions.ParametersAndSecrets(nil)}
	for _, name := range []string{"liba", "libb", "libc", "libd"} {
		sixLayers = append(sixLayers, extensions.FromARN(strings.Replace(myLayer, "my-lib", name, 1), extensions.ARM64))
	}
	bigValue := strings.Repeat("x", 4100)
	nearlyFull := map[string]string{"BIG": strings.Repeat("x", 4000)}
	tenMinutes, fraction, big := 10*time.Minute, 1500*time.Millisecond, 5000
	public := network.Import(nil, &network.ImportProps{Subnets: &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC}})
	private := network.Import(nil, nil)

	return []row{
		// optimizedfn: entry, runtime and handler
		{"optimizedfn", "entry", "no entry", `Entry is required`, fn("", optimizedfn.Props{})},
		{"optimizedfn", "entry", "an entry that does not exist", `Entry "testdata/nope.ts" does not exist`, fn("testdata/nope.ts", optimizedfn.Props{})},
		{"optimizedfn", "entry", "a file that is not a handler", `is not a supported handler file`, fn("testdata/node/README.txt", optimizedfn.Props{})},
		{"optimizedfn", "entry", "a Go folder that is not a main package", `is package lib, not a main package`, fn("testdata/notmain", optimizedfn.Props{})},
		{"optimizedfn", "entry", "a folder with no Go, Python, Java or .NET handler", `has no .go files, .py files, .java files or a *.runtimeconfig.json`, fn("testdata/node", optimizedfn.Props{})},
		{"optimizedfn", "entry", "a Go folder outside a Go module", `is not inside a Go module`, func(t *testing.T) error {
			dir := filepath.Join(tempDir(t), "gofn")
			write(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
			return fn(dir, optimizedfn.Props{})(t)
		}},
		{"optimizedfn", "entry", "a Node.js handler without a lock file", `has no package-lock.json (or pnpm/yarn/bun lock file)`, func(t *testing.T) error {
			entry := filepath.Join(tempDir(t), "handler.ts")
			write(t, entry, "export const handler = async () => 1;\n")
			return fn(entry, optimizedfn.Props{})(t)
		}},
		{"optimizedfn", "runtime", "a runtime the construct does not build", `Runtime "nodejs18.x" is not supported`, node(optimizedfn.Props{Runtime: "nodejs18.x"})},
		{"optimizedfn", "runtime", "a Node.js runtime for a Go entry", `Runtime "nodejs22.x" cannot run Entry "testdata/gofn" (a Go handler)`, fn(goEntry, optimizedfn.Props{Runtime: optimizedfn.NodeJS22})},
		{"optimizedfn", "handler", "a Node.js handler that is not an identifier", `Handler "index.handler()" is not an exported function name`, node(optimizedfn.Props{Handler: "index.handler()"})},
		{"optimizedfn", "handler", "a handler the JavaScript entry does not export", `Handler "handler" names no export of the bundle built from Entry testdata/node/legacy.mjs (legacy.mjs does not export handler (it exports main))`, fn("testdata/node/legacy.mjs", optimizedfn.Props{})},
		{"optimizedfn", "handler", "a handler for a Go entry", `Handler "main" is set for a Go entry`, fn(goEntry, optimizedfn.Props{Handler: "main"})},
		{"optimizedfn", "handler", "a Node.js handler naming another file", `Handler "orders.handler" names orders.ts, a file beside Entry handler.ts, but lambdaperf bundles only Entry`, func(t *testing.T) error {
			dir := tempDir(t)
			write(t, filepath.Join(dir, "package-lock.json"), `{"lockfileVersion": 3}`)
			write(t, filepath.Join(dir, "handler.ts"), "export const handler = async () => 1;\n")
			write(t, filepath.Join(dir, "orders.ts"), "export const handler = async () => 2;\n")
			return fn(filepath.Join(dir, "handler.ts"), optimizedfn.Props{Handler: "orders.handler"})(t)
		}},
		{"optimizedfn", "bundle", "source maps for a Go entry", `SourceMap, Format and SDK apply to Node.js bundles`, fn(goEntry, optimizedfn.Props{SourceMap: true})},
		{"optimizedfn", "bundle", "an unknown bundle format", `Format "umd" is not a bundle format`, node(optimizedfn.Props{Format: "umd"})},
		{"optimizedfn", "alias", "an alias named $LATEST", `AliasName "$LATEST" is not a valid alias name`, node(optimizedfn.Props{AliasName: "$LATEST"})},
		{"optimizedfn", "alias", "an alias name of digits only", `AliasName "42" is not a valid alias name`, node(optimizedfn.Props{AliasName: "42"})},
		{"optimizedfn", "metadata", "a description over 256 characters", `Description is 257 characters, Lambda allows 256`, node(optimizedfn.Props{Description: strings.Repeat("d", 257)})},
		{"optimizedfn", "metadata", "an expected duration longer than the timeout", `ExpectedDuration must be 1ms..Timeout (10s), got 11s`, node(optimizedfn.Props{ExpectedDuration: 11 * time.Second})},
		{"optimizedfn", "metadata", "an expected duration under a millisecond", `ExpectedDuration must be 1ms..Timeout (10s), got 1µs`, node(optimizedfn.Props{ExpectedDuration: time.Microsecond})},
		{"optimizedfn", "metadata", "a negative expected request rate", `ExpectedRequestsPerSecond must be a rate >= 0 requests per second, got -5`, node(optimizedfn.Props{ExpectedRequestsPerSecond: -5})},
		{"optimizedfn", "metadata", "an expected CPU share given as a percentage", `ExpectedCPUShare must be a share above 0 and at most 1 of ExpectedDuration, got 20`, node(optimizedfn.Props{ExpectedCPUShare: 20})},

		// optimizedfn: sizing
		{"optimizedfn", "sizing", "memory below 128 MiB", `MemorySize must be 128..10240 MiB, got 64`, node(optimizedfn.Props{MemorySize: 64})},
		{"optimizedfn", "sizing", "memory above 10,240 MiB", `MemorySize must be 128..10240 MiB, got 10241`, node(optimizedfn.Props{MemorySize: 10241})},
		{"optimizedfn", "sizing", "Parallel(0)", `Profile Parallel(0) asks for 0 vCPUs, Lambda offers 1..6`, node(optimizedfn.Props{Profile: optimizedfn.Parallel(0)})},
		{"optimizedfn", "sizing", "Parallel(7)", `Profile Parallel(7) asks for 7 vCPUs`, node(optimizedfn.Props{Profile: optimizedfn.Parallel(7)})},
		{"optimizedfn", "sizing", "a timeout under a second", `Timeout must be 1s..900s, got 500ms`, node(optimizedfn.Props{Timeout: 500 * time.Millisecond})},
		{"optimizedfn", "sizing", "a timeout over 15 minutes", `Timeout must be 1s..900s, got 15m1s`, node(optimizedfn.Props{Timeout: 901 * time.Second})},
		{"optimizedfn", "sizing", "a timeout in fractions of a second", `Timeout must be whole seconds, got 1.5s`, node(optimizedfn.Props{Timeout: 1500 * time.Millisecond})},
		{"optimizedfn", "sizing", "an unknown architecture", `Architecture "arm32" is not a Lambda architecture`, node(optimizedfn.Props{Architecture: "arm32"})},
		{"optimizedfn", "sizing", "negative reserved concurrency", `ReservedConcurrency must be 0 or more, got -1`, node(optimizedfn.Props{ReservedConcurrency: intp(-1)})},
		{"optimizedfn", "sizing", "reserved concurrency above any account's quota", `ReservedConcurrency 100000 is above what any account can reserve`, node(optimizedfn.Props{ReservedConcurrency: intp(100000)})},
		{"optimizedfn", "sizing", "every problem at once: memory and timeout", `MemorySize must be 128..10240 MiB, got 64`, node(optimizedfn.Props{MemorySize: 64, Timeout: time.Hour})},

		// optimizedfn: environment
		{"optimizedfn", "environment", "an environment over 4 KB", `Environment is 4110 bytes, Lambda allows 4096`, node(optimizedfn.Props{Environment: map[string]string{"BIG": bigValue}})},
		{"optimizedfn", "environment", "names Lambda reserves", `Environment sets reserved names AWS_REGION, _HANDLER`, node(optimizedfn.Props{Environment: map[string]string{"AWS_REGION": "x", "_HANDLER": "y"}})},
		{"optimizedfn", "environment", "an invalid variable name", `Environment name "1BAD" is invalid`, node(optimizedfn.Props{Environment: map[string]string{"1BAD": "x"}})},
		{"optimizedfn", "environment", "literal secrets in the environment", `Environment DB_PASSWORD, STRIPE_API_KEY hold literal values that look like a secret`, node(optimizedfn.Props{Environment: map[string]string{"DB_PASSWORD": "hunter2", "STRIPE_API_KEY": "sk_live_1", "STAGE": "prod"}})},
		{"optimizedfn", "environment", "a Secrets Manager dynamic reference in the environment", `Environment DB_PASSWORD holds a Secrets Manager dynamic reference: CloudFormation would write the secret into the function's configuration in plain text`, node(optimizedfn.Props{Environment: map[string]string{"DB_PASSWORD": "{{resolve:secretsmanager:prod/db:SecretString:password::}}"}})},
		{"optimizedfn", "environment", "JavaFullJIT for a Node.js handler", `JavaFullJIT applies to Java handlers`, node(optimizedfn.Props{JavaFullJIT: true})},

		// optimizedfn: logs and tracing (CDK enums, checked before jsii sees them)
		{"optimizedfn", "logs", "a log retention in days", `LogRetention "30" is a number of days, not an awslogs.RetentionDays: use awslogs.RetentionDays_ONE_MONTH`, node(optimizedfn.Props{LogRetention: "30"})},
		{"optimizedfn", "logs", "a log retention CloudWatch does not offer", `LogRetention "31" is not an awslogs.RetentionDays: CloudWatch Logs keeps logs only for these periods`, node(optimizedfn.Props{LogRetention: "31"})},
		{"optimizedfn", "logs", "an unknown application log level", `ApplicationLogLevel "VERBOSE" is not a log level`, node(optimizedfn.Props{ApplicationLogLevel: "VERBOSE"})},
		{"optimizedfn", "logs", "an unknown system log level", `SystemLogLevel "ERROR" is not a log level`, node(optimizedfn.Props{SystemLogLevel: "ERROR"})},
		{"optimizedfn", "logs", "an unknown tracing mode", `Tracing "ON" is not a tracing mode`, node(optimizedfn.Props{Tracing: "ON"})},

		// optimizedfn: fields of Extra the construct owns
		{"optimizedfn", "Extra", "memory through Extra", `Extra.MemorySize is owned by the construct: set Props.MemorySize or Props.Profile instead`, extra(func(x *awslambda.FunctionOptions) { x.MemorySize = new(float64) })},
		{"optimizedfn", "Extra", "a timeout through Extra", `Extra.Timeout is owned by the construct: set Props.Timeout instead`, extra(func(x *awslambda.FunctionOptions) { x.Timeout = fakeDuration{} })},
		{"optimizedfn", "Extra", "an architecture through Extra", `Extra.Architecture is owned by the construct`, extra(func(x *awslambda.FunctionOptions) { x.Architecture = fakeArch{} })},
		{"optimizedfn", "Extra", "environment through Extra", `Extra.Environment is owned by the construct: set Props.Environment instead`, extra(func(x *awslambda.FunctionOptions) { x.Environment = &map[string]*string{} })},
		{"optimizedfn", "Extra", "tracing through Extra", `Extra.Tracing is owned by the construct: set Props.Tracing instead`, extra(func(x *awslambda.FunctionOptions) { x.Tracing = awslambda.Tracing_DISABLED })},
		{"optimizedfn", "Extra", "reserved concurrency through Extra", `Extra.ReservedConcurrentExecutions is owned by the construct: set Props.ReservedConcurrency instead`, extra(func(x *awslambda.FunctionOptions) { x.ReservedConcurrentExecutions = new(float64) })},
		{"optimizedfn", "Extra", "a description through Extra", `Extra.Description is owned by the construct: set Props.Description instead`, extra(func(x *awslambda.FunctionOptions) { s := "d"; x.Description = &s })},
		//lint:ignore SA1019 the row proves the deprecated field is refused, not dropped
		{"optimizedfn", "Extra", "log retention through Extra", `Extra.LogGroup/LogRetention/LoggingFormat is owned by the construct`, extra(func(x *awslambda.FunctionOptions) { x.LogRetention = "ONE_DAY" })},
		{"optimizedfn", "Extra", "an application log level through Extra", `Extra.ApplicationLogLevel is owned by the construct: set Props.ApplicationLogLevel instead`, extra(func(x *awslambda.FunctionOptions) { x.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel_DEBUG })},
		{"optimizedfn", "Extra", "a system log level through Extra", `Extra.SystemLogLevel is owned by the construct: set Props.SystemLogLevel instead`, extra(func(x *awslambda.FunctionOptions) { x.SystemLogLevelV2 = awslambda.SystemLogLevel_WARN })},
		{"optimizedfn", "Extra", "version options through Extra", `Extra.CurrentVersionOptions is owned by the construct`, extra(func(x *awslambda.FunctionOptions) { x.CurrentVersionOptions = &awslambda.VersionOptions{} })},
		{"optimizedfn", "Extra", "SnapStart through Extra", `Extra.SnapStart is owned by the construct: set Props.SnapStart instead`, extra(func(x *awslambda.FunctionOptions) { x.SnapStart = fakeSnapStart{} })},
		{"optimizedfn", "Extra", "a VPC through Extra", `Extra.Vpc/VpcSubnets/SecurityGroups/Allow* is owned by the construct: set Props.Network`, extra(func(x *awslambda.FunctionOptions) { x.VpcSubnets = &awsec2.SubnetSelection{} })},
		{"optimizedfn", "Extra", "layers through Extra", `Extra.Layers/InsightsVersion/ParamsAndSecrets/AdotInstrumentation is owned by the construct: set Props.Layers`, extra(func(x *awslambda.FunctionOptions) { x.Layers = &[]awslambda.ILayerVersion{fakeLayer{}} })},

		// optimizedfn: local toolchains (no Docker)
		{"optimizedfn", "toolchain", "esbuild missing for a Node.js handler", `esbuild is not in node_modules/.bin at or above`, withoutTools(func(t *testing.T) error {
			// A project of its own, with a lock file and no node_modules,
			// run from its folder: esbuild is nowhere.
			dir := tempDir(t)
			write(t, filepath.Join(dir, "package-lock.json"), `{"lockfileVersion": 3}`)
			write(t, filepath.Join(dir, "index.mjs"), "export const handler = async () => 1;\n")
			t.Chdir(dir)
			return fn(filepath.Join(dir, "index.mjs"), optimizedfn.Props{})(t)
		})},
		{"optimizedfn", "toolchain", "go missing for a Go handler", "the Go toolchain (`go`) is not on PATH", withoutTools(fn(goEntry, optimizedfn.Props{}))},
		{"optimizedfn", "toolchain", "javac missing for a Java handler", `javac is not on PATH (nor in JAVA_HOME)`, withoutTools(fn(javaEntry, optimizedfn.Props{}))},
		{"optimizedfn", "toolchain", "a JDK older than 11", `is from JDK 8, and Java handlers need JDK 11+`, func(t *testing.T) error {
			t.Setenv("JAVA_HOME", filepath.Join(repoDir(), "test", "badinput", "testdata", "jdk8"))
			return fn(javaEntry, optimizedfn.Props{})(t)
		}},
		{"optimizedfn", "toolchain", "a Node.js handler with a syntax error", `handler.ts:2:20:`, built(func(t *testing.T, stack awscdk.Stack) {
			dir := tempDir(t)
			write(t, filepath.Join(dir, "package-lock.json"), `{"lockfileVersion": 3}`)
			write(t, filepath.Join(dir, "handler.ts"), "export const handler = async () => {\n  return { ok: true ;\n};\n")
			optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{Entry: filepath.Join(dir, "handler.ts")})
		})},
		{"optimizedfn", "toolchain", "a Go handler that does not compile", `main.go:4:2: undefined: undefinedThing`, built(func(t *testing.T, stack awscdk.Stack) {
			dir := tempDir(t)
			write(t, filepath.Join(dir, "go.mod"), "module example.com/checkout\n\ngo 1.26\n")
			write(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {\n\tundefinedThing()\n}\n")
			optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{Entry: dir})
		})},

		// optimizedfn: SnapStart
		{"optimizedfn", "SnapStart", "SnapStart on Node.js", `SnapStart is on, but runtime nodejs24.x does not support it`, node(optimizedfn.Props{SnapStart: optimizedfn.SnapStartOn})},
		{"optimizedfn", "SnapStart", "SnapStart on Go", `SnapStart is on, but runtime provided.al2023 does not support it`, fn(goEntry, optimizedfn.Props{SnapStart: optimizedfn.SnapStartOn})},
		{"optimizedfn", "SnapStart", "an unknown SnapStart setting", `SnapStart "yes" is not a setting`, fn(javaEntry, optimizedfn.Props{SnapStart: "yes"})},
		{"optimizedfn", "SnapStart", "Java's default SnapStart with EFS", `SnapStart (on by default for Java) does not work with EFS (Extra.Filesystem)`, fn(javaEntry, optimizedfn.Props{Extra: &awslambda.FunctionOptions{Filesystem: fakeFS{}}})},
		{"optimizedfn", "SnapStart", "SnapStart with 1 GiB of ephemeral storage", `allows at most 512 MiB of ephemeral storage, Extra.EphemeralStorageSize is 1024 MiB`, fn(javaEntry, optimizedfn.Props{Extra: &awslambda.FunctionOptions{EphemeralStorageSize: fakeSize{mib: 1024}}})},
		{"optimizedfn", "SnapStart", "SnapStart opted in on Python with EFS", `SnapStart does not work with EFS`, fn(pyEntry, optimizedfn.Props{SnapStart: optimizedfn.SnapStartOn, Extra: &awslambda.FunctionOptions{Filesystem: fakeFS{}}})},
		{"optimizedfn", "SnapStart", "provisioned concurrency with Java's default SnapStart", `ProvisionedConcurrency and SnapStart (on by default for Java) cannot be combined`, fn(javaEntry, optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 1}})},
		{"optimizedfn", "SnapStart", "provisioned concurrency with SnapStart opted in", `ProvisionedConcurrency and SnapStart cannot be combined`, fn(pyEntry, optimizedfn.Props{SnapStart: optimizedfn.SnapStartOn, ProvisionedConcurrency: &concurrency.Config{Min: 1}})},

		// optimizedfn: Java
		{"optimizedfn", "Java", "a Java runtime for Python sources", `Entry "testdata/pyfn" has no .java files`, fn(pyEntry, optimizedfn.Props{Runtime: optimizedfn.Java21})},
		{"optimizedfn", "Java", "two classes with handleRequest", `several classes declare handleRequest (a.A::handleRequest, b.B::handleRequest): set Handler`, fn("testdata/java-two", optimizedfn.Props{})},
		{"optimizedfn", "Java", "no class with handleRequest", `no class declares a handleRequest method`, fn("testdata/java-none", optimizedfn.Props{})},
		{"optimizedfn", "Java", "a handler in Node.js form", `Handler "index.handler()" is not a Java handler: use package.Class::method`, fn(javaEntry, optimizedfn.Props{Handler: "index.handler()"})},
		{"optimizedfn", "Java", "a handler class that does not exist", `names class com.example.orders.Bye, but`, fn(javaEntry, optimizedfn.Props{Handler: "com.example.orders.Bye::handleRequest"})},
		{"optimizedfn", "Java", "a handler method that does not exist", `Orders.java declares no method handle`, fn(javaEntry, optimizedfn.Props{Handler: "com.example.orders.Orders::handle"})},

		// optimizedfn: Python
		{"optimizedfn", "Python", "a Python runtime for Go sources", `Entry "testdata/gofn" has no .py files`, fn(goEntry, optimizedfn.Props{Runtime: optimizedfn.Python313})},
		{"optimizedfn", "Python", "a handler without a module", `Handler "handler" is not a Python handler: use module.function`, fn(pyEntry, optimizedfn.Props{Handler: "handler"})},
		{"optimizedfn", "Python", "a module that does not exist", `Handler "app.handler": module app is not in Entry "testdata/pyfn" (no app.py)`, fn(pyEntry, optimizedfn.Props{Handler: "app.handler"})},
		{"optimizedfn", "Python", "a function that does not exist", `index.py defines no top-level function main`, fn(pyEntry, optimizedfn.Props{Handler: "index.main"})},
		{"optimizedfn", "Python", "requirements that are not vendored", `requirements.txt needs requests, PyYAML, not vendored in the folder`, fn("testdata/py-unvendored", optimizedfn.Props{})},
		{"optimizedfn", "Python", "unvendored requirements on x86_64 name that platform", `--platform manylinux2014_x86_64 --only-binary=:all: --python-version 3.13`, fn("testdata/py-unvendored", optimizedfn.Props{Architecture: optimizedfn.X86_64})},
		{"optimizedfn", "Python", "an editable requirement", `requirements.txt:1 installs "../shared" in editable mode, which cannot be vendored`, fn("testdata/py-editable", optimizedfn.Props{})},
		{"optimizedfn", "Python", "a requirement by URL", `requirements.txt:1 "https://example.com/pkg.whl" names no package`, fn("testdata/py-url", optimizedfn.Props{})},
		{"optimizedfn", "Python", "a requirement from an included file", `requirements.txt needs boto3, not vendored`, fn("testdata/py-included", optimizedfn.Props{})},
		{"optimizedfn", "Python", "source maps for Python", `SourceMap, Format and SDK apply to Node.js bundles, but Entry "testdata/pyfn" is a Python handler`, fn(pyEntry, optimizedfn.Props{SourceMap: true})},

		// optimizedfn: .NET (a `dotnet publish` folder)
		{"optimizedfn", ".NET", "no handler", `Handler is required for a .NET entry, which names no default: set it to Assembly::Namespace.Class::Method`, fn(dotnetEntry, optimizedfn.Props{})},
		{"optimizedfn", ".NET", "a handler in Java form", `Handler "Orders.Function::Handle" is not a .NET handler`, fn(dotnetEntry, optimizedfn.Props{Handler: "Orders.Function::Handle"})},
		{"optimizedfn", ".NET", "an assembly that was not published", `assembly Billing is not in Entry "testdata/dotnetfn" (no Billing.dll)`, fn(dotnetEntry, optimizedfn.Props{Handler: "Billing::Billing.Function::Handle"})},
		{"optimizedfn", ".NET", "built for .NET 8", `was built for "net8.0", but runtime dotnet10 runs net10.0`, fn("testdata/dotnet-net8", optimizedfn.Props{Handler: dotnetHandler})},
		{"optimizedfn", ".NET", "published for arm64, run on x86_64", `was published for linux-arm64, but the function runs on x86_64: publish with -r linux-x64`, fn(dotnetEntry, optimizedfn.Props{Handler: dotnetHandler, Architecture: optimizedfn.X86_64})},
		{"optimizedfn", ".NET", "published for Windows", `was published for win-x64, which Lambda does not run`, fn("testdata/dotnet-win", optimizedfn.Props{Handler: dotnetHandler})},
		{"optimizedfn", ".NET", "a .NET runtime for Python sources", `Entry "testdata/pyfn" has no *.runtimeconfig.json: point it at the output folder of`, fn(pyEntry, optimizedfn.Props{Runtime: optimizedfn.Dotnet10})},

		// optimizedfn: network placement
		{"optimizedfn", "network", "public subnets", `Network: the function subnets are public`, node(optimizedfn.Props{Network: public})},
		{"optimizedfn", "network", "a security group without a network", `SecurityGroup is set without Network`, node(optimizedfn.Props{SecurityGroup: fakeGroup{}})},
		{"optimizedfn", "network", "a VPC with no private subnets", `Network: the VPC has no private or isolated subnets to be the function subnets`, built(func(t *testing.T, stack awscdk.Stack) {
			optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{Entry: nodeEntry, Network: publicVpc(stack)})
		})},

		// concurrency, through optimizedfn.Props.ProvisionedConcurrency
		{"concurrency", "provisioned concurrency", "a Min of 0", `ProvisionedConcurrency.Min must be at least 1, got 0`, pc(concurrency.Config{})},
		{"concurrency", "provisioned concurrency", "a negative Min", `ProvisionedConcurrency.Min must be at least 1, got -2`, pc(concurrency.Config{Min: -2})},
		{"concurrency", "provisioned concurrency", "Min above reserved concurrency", `ProvisionedConcurrency.Min 3 exceeds the function's reserved concurrency of 2`, pc(concurrency.Config{Min: 3}, 2)},
		{"concurrency", "provisioned concurrency", "more than any account can provision", `ProvisionedConcurrency may provision 100000 environments, more than any account can`, pc(concurrency.Config{Min: 100000})},
		{"concurrency", "autoscaling", "Max below Min", `ProvisionedConcurrency.AutoScaling.Max 2 is below Min 5`, pc(concurrency.Config{Min: 5, AutoScaling: &concurrency.AutoScaling{Max: 2}})},
		{"concurrency", "autoscaling", "Max above reserved concurrency", `ProvisionedConcurrency.AutoScaling.Max 6 exceeds the function's reserved concurrency of 5`, pc(concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 6}}, 5)},
		{"concurrency", "autoscaling", "a target above 0.9", `TargetUtilization must be 0.1..0.9, got 0.95`, pc(concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 5, TargetUtilization: 0.95}})},
		{"concurrency", "autoscaling", "a target below 0.1", `TargetUtilization must be 0.1..0.9, got 0.05`, pc(concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 5, TargetUtilization: 0.05}})},
		{"concurrency", "autoscaling", "a target given as a percentage", `TargetUtilization must be 0.1..0.9, got 70`, pc(concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 5, TargetUtilization: 70}})},
		{"concurrency", "schedules", "a schedule above reserved concurrency", `raises capacity to 50, above the function's reserved concurrency of 10`, pc(concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 5, Schedules: []concurrency.Schedule{{Cron: weekdays, Min: 2, Max: 50}}}}, 10)},
		{"concurrency", "schedules", "a schedule without cron", `Schedules[0] (Schedule1).Cron is required`, schedule(1, 5, concurrency.Schedule{Min: 2})},
		{"concurrency", "schedules", "a schedule with Min above its Max", `Schedules[0] (Peak): Min 20 is above its Max 10`, schedule(1, 50, concurrency.Schedule{Name: "Peak", Cron: weekdays, Min: 20, Max: 10})},
		{"concurrency", "schedules", "a schedule raising Min above Max", `Min 20 is above AutoScaling.Max 10: set Max in this schedule to at least 20 too`, schedule(1, 10, concurrency.Schedule{Cron: weekdays, Min: 20})},
		{"concurrency", "schedules", "a schedule lowering Max below Min", `Max 2 is below AutoScaling.Min 5`, schedule(5, 10, concurrency.Schedule{Cron: weekdays, Max: 2})},
		{"concurrency", "schedules", "a schedule that changes nothing", `sets neither Min nor Max, so it would change nothing`, schedule(1, 5, concurrency.Schedule{Cron: weekdays})},
		{"concurrency", "schedules", "a schedule with a negative bound", `Min and Max must be 1 or more, or 0 to leave them unchanged`, schedule(1, 5, concurrency.Schedule{Cron: weekdays, Min: -1, Max: 3})},
		{"concurrency", "schedules", "two schedules with one name", `Schedules[1].Name "A" is used twice`, schedule(1, 5, concurrency.Schedule{Name: "A", Cron: weekdays, Min: 2}, concurrency.Schedule{Name: "A", Cron: weekdays, Min: 1})},
		{"concurrency", "schedules", "a default name taken by hand", `Schedules[1].Name "Schedule2" is used twice`, schedule(1, 5, concurrency.Schedule{Name: "Schedule2", Cron: weekdays, Min: 2}, concurrency.Schedule{Cron: weekdays, Min: 1})},
		{"concurrency", "schedules", "a schedule name that is not an identifier", `Name "business hours" is not a valid name`, schedule(1, 5, concurrency.Schedule{Name: "business hours", Cron: weekdays, Min: 2})},
		{"concurrency", "schedules", "an unknown time zone", `TimeZone "Mars/Olympus" is not an IANA time zone name`, schedule(1, 5, concurrency.Schedule{Cron: weekdays, Min: 2, TimeZone: "Mars/Olympus"})},
		{"concurrency", "schedules", "the machine's local time zone", `TimeZone "Local" is not an IANA time zone name`, schedule(1, 5, concurrency.Schedule{Cron: weekdays, Min: 2, TimeZone: "Local"})},
		{"concurrency", "schedules", "a one-time schedule in the past", `Schedules[0] (Launch).At 2020-01-31T08:00:00Z is in the past, so the one-time action would never run`, schedule(1, 5, concurrency.Schedule{Name: "Launch", At: time.Date(2020, 1, 31, 8, 0, 0, 0, time.UTC), Min: 4})},
		{"concurrency", "schedules", "a one-time schedule with a time zone", `TimeZone "Europe/Berlin" is set with At, which is an instant`, schedule(1, 5, concurrency.Schedule{At: time.Date(2199, 1, 1, 8, 0, 0, 0, time.UTC), Min: 4, TimeZone: "Europe/Berlin"})},
		{"concurrency", "schedules", "a cron schedule whose years are past", `Cron cron(0 8 ? * MON-FRI 2024) has no firing left: every time in its year field 2024 is past`, cron("cron(0 8 ? * MON-FRI 2024)")},
		{"concurrency", "schedules", "a cron schedule on 30 February", `Cron cron(0 8 30 2 ? *) never fires: no date has the day-of-month and month it names`, cron("cron(0 8 30 2 ? *)")},
		{"concurrency", "cron", "Unix cron", `is not a cron expression: write cron(minutes hours day-of-month month day-of-week year)`, cron("0 8 * * 1-5")},
		{"concurrency", "cron", "a rate expression", `"rate(1 hour)" is not a cron expression`, cron("rate(1 hour)")},
		{"concurrency", "cron", "five fields", `has 5 fields, AWS cron has 6`, cron("cron(0 8 * * MON-FRI)")},
		{"concurrency", "cron", "seven fields", `has 7 fields`, cron("cron(0 0 8 ? * MON-FRI *)")},
		{"concurrency", "cron", "both day fields set", `day-of-month "*" and day-of-week "MON-FRI" are both set: AWS cron needs ? in one of them`, cron("cron(0 8 * * MON-FRI *)")},
		{"concurrency", "cron", "both day fields ?", `day-of-month and day-of-week are both ?`, cron("cron(0 8 ? * ? *)")},
		{"concurrency", "cron", "? outside the day fields", `minutes field "?" uses ?, which only day-of-month and day-of-week allow`, cron("cron(? 8 ? * MON *)")},
		{"concurrency", "cron", "? in a list", `mixes ? with other values`, cron("cron(0 8 ?,1 * MON *)")},
		{"concurrency", "cron", "minute 60", `minutes field "60" has "60": allowed values are 0..59`, cron("cron(60 8 ? * MON *)")},
		{"concurrency", "cron", "hour 24", `hours field "24" has "24": allowed values are 0..23`, cron("cron(0 24 ? * MON *)")},
		{"concurrency", "cron", "day 0", `day-of-month field "0" has "0": allowed values are 1..31`, cron("cron(0 8 0 * ? *)")},
		{"concurrency", "cron", "month 13", `allowed values are 1..12 or JAN..DEC`, cron("cron(0 8 1 13 ? *)")},
		{"concurrency", "cron", "weekday 8", `allowed values are 1..7 or SUN..SAT`, cron("cron(0 8 ? * 8 *)")},
		{"concurrency", "cron", "an unknown day name", `has "MOM"`, cron("cron(0 8 ? * MOM *)")},
		{"concurrency", "cron", "year 1969", `allowed values are 1970..2199`, cron("cron(0 8 ? * MON 1969)")},
		{"concurrency", "cron", "a backwards range", `has range 17-9: it runs backwards (17 > 9)`, cron("cron(0 17-9 ? * MON *)")},
		{"concurrency", "cron", "a zero step", `has step "0": a step is a whole number of 1 or more`, cron("cron(0/0 8 ? * MON *)")},
		{"concurrency", "cron", "an empty list item", `has an empty list item`, cron("cron(0, 8 ? * MON *)")},
		{"concurrency", "cron", "W in day-of-week", `day-of-week field "2W"`, cron("cron(0 8 ? * 2W *)")},
		{"concurrency", "cron", "# beyond the fifth", `the n in day#n is 1..5`, cron("cron(0 8 ? * MON#6 *)")},
		{"concurrency", "cron", "a sign", `has "+5"`, cron("cron(+5 8 ? * MON *)")},
		{"concurrency", "EnableAutoScaling", "enabling autoscaling twice", `EnableAutoScaling: autoscaling is already enabled (Min 2, Max 5, target 0.7)`, enableAutoScaling(nodeEntry, optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 2}}, true, &concurrency.AutoScaling{Max: 10})},
		{"concurrency", "EnableAutoScaling", "autoscaling without provisioned concurrency", `EnableAutoScaling has no provisioned concurrency to scale: set Props.ProvisionedConcurrency`, enableAutoScaling(nodeEntry, optimizedfn.Props{}, false, &concurrency.AutoScaling{Max: 10})},
		{"concurrency", "EnableAutoScaling", "autoscaling a SnapStart function", `SnapStart is on, and provisioned concurrency does not combine with it`, enableAutoScaling(javaEntry, optimizedfn.Props{}, false, &concurrency.AutoScaling{Max: 10})},
		{"concurrency", "EnableAutoScaling", "autoscaling without settings", `EnableAutoScaling: AutoScaling is nil: pass &concurrency.AutoScaling{Max: n}`, enableAutoScaling(nodeEntry, optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 2}}, false, nil)},
		{"concurrency", "EnableAutoScaling", "autoscaling Max below Min", `EnableAutoScaling.Max 1 is below Min 2`, enableAutoScaling(nodeEntry, optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 2}}, false, &concurrency.AutoScaling{Max: 1})},

		// extensions, through optimizedfn.Props.Layers
		{"extensions", "layers", "six layers", `Layers has 6 layers, Lambda loads at most 5 per function`, layers(sixLayers...)},
		{"extensions", "layers", "a nil layer", `Layers[0] is nil`, layers(nil)},
		{"extensions", "layers", "the same extension twice", `Layers[0] and Layers[1] are both Lambda Insights`, layers(extensions.LambdaInsights(), extensions.LambdaInsights())},
		{"extensions", "layers", "the x86_64 Lambda Insights layer on arm64", `is the x86_64 build of Lambda Insights, but the function runs on arm64`, layers(extensions.FromARN(insightsX86))},
		{"extensions", "layers", "a known arm64 layer declared for x86_64", `is declared for x86_64, but it is the arm64 build of Lambda Insights`, layers(extensions.FromARN(insightsARM64, extensions.X86_64))},
		{"extensions", "layers", "a layer declared for x86_64 only, on arm64", `is declared for x86_64, but the function runs on arm64`, layers(extensions.FromARN(myLayer, extensions.X86_64))},
		{"extensions", "layers", "a layer ARN that is empty", `a layer given by ARN has an empty ARN`, layers(extensions.FromARN("", extensions.ARM64))},
		{"extensions", "layers", "a layer ARN that is not one", `layer "my-lib" is not a layer version ARN`, layers(extensions.FromARN("my-lib", extensions.ARM64))},
		{"extensions", "layers", "an unknown architecture for a layer", `is declared for architecture "arm32"`, layers(extensions.FromARN(myLayer, "arm32"))},
		{"extensions", "layers", "an environment that the layers' settings push over 4 KB", `with the layers' settings, Lambda allows 4096`, node(optimizedfn.Props{Environment: nearlyFull, Layers: []extensions.Layer{extensions.ParametersAndSecrets(nil)}})},
		{"extensions", "ParametersAndSecrets", "a cache of 5,000 items", `ParametersAndSecrets CacheSize must be 0..1000 items, got 5000`, secrets(extensions.ParametersAndSecretsProps{CacheSize: &big})},
		{"extensions", "ParametersAndSecrets", "a secrets TTL of 10 minutes", `ParametersAndSecrets SecretsTTL must be 0s..300s in whole seconds, got 10m0s`, secrets(extensions.ParametersAndSecretsProps{SecretsTTL: &tenMinutes})},
		{"extensions", "ParametersAndSecrets", "a parameters TTL in fractions of a second", `ParametersAndSecrets ParametersTTL must be 0s..300s in whole seconds, got 1.5s`, secrets(extensions.ParametersAndSecretsProps{ParametersTTL: &fraction})},
		{"extensions", "ParametersAndSecrets", "port 70000", `ParametersAndSecrets Port must be 1..65535, got 70000`, secrets(extensions.ParametersAndSecretsProps{Port: 70000})},
		{"extensions", "ParametersAndSecrets", "negative connections", `ParametersAndSecrets MaxConnections must be 1 or more, got -1`, secrets(extensions.ParametersAndSecretsProps{MaxConnections: -1})},
		{"extensions", "ParametersAndSecrets", "an unknown log level", `ParametersAndSecrets LogLevel "TRACE" is not DEBUG, INFO, WARN, ERROR or NONE`, secrets(extensions.ParametersAndSecretsProps{LogLevel: "TRACE"})},
		{"extensions", "ParametersAndSecrets", "a timeout under a millisecond", `ParametersAndSecrets Timeout must be whole milliseconds, 1ms or more, got 1µs`, secrets(extensions.ParametersAndSecretsProps{Timeout: time.Microsecond})},

		// optimizedfn: Managed Instances
		{"optimizedfn", "managed instances", "no capacity provider", `ManagedInstances.CapacityProvider is required`, node(optimizedfn.Props{ManagedInstances: &optimizedfn.ManagedInstances{}})},
		{"optimizedfn", "managed instances", "a runtime Managed Instances do not run", `Runtime python3.12: runtime python3.12 does not run on Lambda Managed Instances`, onMI(pyEntry, optimizedfn.Props{Runtime: optimizedfn.Python312}, optimizedfn.ManagedInstances{})},
		{"optimizedfn", "managed instances", "less than 2 GiB", `MemorySize 1024: a function on Managed Instances takes 2048..32768 MiB of memory, got 1024`, onMI(nodeEntry, optimizedfn.Props{MemorySize: 1024}, optimizedfn.ManagedInstances{})},
		{"optimizedfn", "managed instances", "more than 32 GiB", `MemorySize 40960: a function on Managed Instances takes 2048..32768 MiB of memory, got 40960`, onMI(nodeEntry, optimizedfn.Props{MemorySize: 40960}, optimizedfn.ManagedInstances{})},
		{"optimizedfn", "managed instances", "less than one vCPU", `4096 MiB at 8 GiB per vCPU is less than 1 vCPU`, onMI(nodeEntry, optimizedfn.Props{MemorySize: 4096}, optimizedfn.ManagedInstances{MemoryGiBPerVCPU: 8})},
		{"optimizedfn", "managed instances", "memory per vCPU out of range", `ManagedInstances.MemoryGiBPerVCPU 16: ExecutionEnvironmentMemoryGiBPerVCpu must be 2..8 GiB per vCPU, got 16`, onMI(nodeEntry, optimizedfn.Props{MemorySize: 16384}, optimizedfn.ManagedInstances{MemoryGiBPerVCPU: 16})},
		{"optimizedfn", "managed instances", "per-environment concurrency out of range", `ManagedInstances.PerEnvironmentMaxConcurrency 2000: PerExecutionEnvironmentMaxConcurrency must be 1..1600, got 2000`, onMI(nodeEntry, optimizedfn.Props{}, optimizedfn.ManagedInstances{PerEnvironmentMaxConcurrency: 2000})},
		{"optimizedfn", "managed instances", "x86_64 code on Graviton instances", `Architecture x86_64: the function is built for x86_64 but its capacity provider launches arm64 instances`, onMI(nodeEntry, optimizedfn.Props{Architecture: optimizedfn.X86_64}, optimizedfn.ManagedInstances{})},
		{"optimizedfn", "managed instances", "SnapStart", `SnapStart PublishedVersions: SnapStart restores environments for cold starts, which Managed Instances do not have`, onMI(pyEntry, optimizedfn.Props{SnapStart: optimizedfn.SnapStartOn}, optimizedfn.ManagedInstances{})},
		{"optimizedfn", "managed instances", "provisioned concurrency", `ProvisionedConcurrency is set: provisioned concurrency keeps on-demand environments warm`, onMI(nodeEntry, optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 2}}, optimizedfn.ManagedInstances{})},
		{"optimizedfn", "managed instances", "a VPC of the function's own", `Network and SecurityGroup place an on-demand function in a VPC`, onMI(nodeEntry, optimizedfn.Props{SecurityGroup: fakeGroup{}}, optimizedfn.ManagedInstances{})},

		// capacity
		{"capacity", "network", "no network", `capacity "Shop/Capacity": Network is required`, capacityOf(capacity.Props{})},
		{"capacity", "network", "public subnets", `Network: the function subnets are public`, capacityOf(capacity.Props{Network: public})},
		{"capacity", "scaling", "fewer than 12 vCPUs", `MaxVCPUs must be 12..15000 vCPUs, got 8`, capacityOf(capacity.Props{Network: private, MaxVCPUs: 8})},
		{"capacity", "scaling", "a CPU target above 100 %", `TargetCPUUtilization must be a percentage above 0 and at most 100, got 120`, capacityOf(capacity.Props{Network: private, TargetCPUUtilization: 120})},
		{"capacity", "scaling", "a CPU target with Lambda's scaling", `TargetCPUUtilization (60 %) and LambdaScaling are both set`, capacityOf(capacity.Props{Network: private, TargetCPUUtilization: 60, LambdaScaling: true})},
		{"capacity", "instances", "an architecture that is none", `Architecture "arm" is not an instance architecture`, capacityOf(capacity.Props{Network: private, Architecture: "arm"})},
		{"capacity", "instances", "an x86 type on Graviton", `AllowedInstanceTypes[0] "m7i.large" is an x86_64 instance type, but Architecture is arm64`, capacityOf(capacity.Props{Network: private, AllowedInstanceTypes: []string{"m7i.large"}})},
		{"capacity", "instances", "both instance filters", `AllowedInstanceTypes and ExcludedInstanceTypes are both set`, capacityOf(capacity.Props{Network: private, AllowedInstanceTypes: []string{"m7g.large"}, ExcludedInstanceTypes: []string{"c7g.large"}})},
		{"capacity", "instances", "an instance type that is none", `ExcludedInstanceTypes[0] "m7g large" is not an instance type`, capacityOf(capacity.Props{Network: private, ExcludedInstanceTypes: []string{"m7g large"}})},
		{"capacity", "name", "a name with a space", `Name "orders api" is not a capacity provider name`, capacityOf(capacity.Props{Network: private, Name: "orders api"})},

		// network
		{"network", "availability zones", "negative MaxAZs", `MaxAZs must be 1 or more, got -1`, netw(network.Props{MaxAZs: -1})},
		{"network", "NAT", "more NAT gateways than AZs", `NatGateways must be 0..2 (at most one per Availability Zone), got 3`, netw(network.Props{NatGateways: intp(3)})},
		{"network", "NAT", "negative NAT gateways", `NatGateways must be 0..2 (at most one per Availability Zone), got -1`, netw(network.Props{NatGateways: intp(-1)})},
		{"network", "CIDR", "a CIDR that is not one", `CIDR "10.0.0.0" is not an IPv4 range`, netw(network.Props{CIDR: "10.0.0.0"})},
		{"network", "CIDR", "an IPv6 range", `CIDR "fd00::/48" is not an IPv4 range`, netw(network.Props{CIDR: "fd00::/48"})},
		{"network", "CIDR", "a range too small", `CIDR "10.0.0.0/20" must be /16 to /18`, netw(network.Props{CIDR: "10.0.0.0/20"})},
		{"network", "CIDR", "a range bigger than a VPC", `CIDR "10.0.0.0/8" must be /16 to /18`, netw(network.Props{CIDR: "10.0.0.0/8"})},
		{"network", "endpoints", "an unknown endpoint", `InterfaceEndpoints has unknown services dynamo`, netw(network.Props{InterfaceEndpoints: []network.Endpoint{"dynamo"}})},
		{"network", "endpoints", "a gateway service as an interface endpoint", `InterfaceEndpoints has "s3", which the VPC reaches through a free gateway endpoint`, netw(network.Props{InterfaceEndpoints: []network.Endpoint{network.S3}})},
		{"network", "endpoints", "an endpoint listed twice", `InterfaceEndpoints lists ssm more than once`, netw(network.Props{InterfaceEndpoints: []network.Endpoint{network.SSM, network.SSM}})},
		{"network", "flow logs", "an unknown flow log traffic type", `FlowLogTraffic "SOME" is not a flow log traffic type`, netw(network.Props{FlowLogTraffic: "SOME"})},
		{"network", "flow logs", "a flow log retention in days", `FlowLogRetention "14" is a number of days, not an awslogs.RetentionDays: use awslogs.RetentionDays_TWO_WEEKS`, netw(network.Props{FlowLogRetention: "14"})},

		// cache
		{"cache", "network", "no network", `Network is required`, func(*testing.T) error { _, err := cache.Resolve(cachePath, &cache.Props{}); return err }},
		{"cache", "limits", "storage above 5,000 GB", `MaxDataStorageGB must be 1..5000 GB, got 9000`, cacheOf(cache.Props{MaxDataStorageGB: 9000})},
		{"cache", "limits", "negative storage", `MaxDataStorageGB must be 1..5000 GB, got -1`, cacheOf(cache.Props{MaxDataStorageGB: -1})},
		{"cache", "limits", "ECPU below 1,000 per second", `MaxECPUPerSecond must be 1000..15000000, got 10`, cacheOf(cache.Props{MaxECPUPerSecond: 10})},
		{"cache", "limits", "ECPU above 15 million per second", `MaxECPUPerSecond must be 1000..15000000, got 20000000`, cacheOf(cache.Props{MaxECPUPerSecond: 20000000})},
		{"cache", "engine", "Valkey 6", `MajorEngineVersion "6" is not a Valkey major version ElastiCache Serverless runs`, cacheOf(cache.Props{MajorEngineVersion: "6"})},
		{"cache", "metadata", "a description over 255 characters", `Description is 256 characters, ElastiCache allows 255`, cacheOf(cache.Props{Description: strings.Repeat("d", 256)})},
		{"cache", "network", "a VPC with no private subnets", `Network: the VPC has no private or isolated subnets to be the function subnets`, built(func(t *testing.T, stack awscdk.Stack) {
			cache.New(stack, jsii.String("Cache"), &cache.Props{Network: publicVpc(stack)})
		})},

		// monitoring
		{"monitoring", "functions", "no functions", `Functions is empty`, monitor(monitoring.Props{})},
		{"monitoring", "functions", "a target without a function", `Functions[0] "Api": Function is required`, monitorTarget(func(t *monitoring.Target) { t.Function = nil })},
		{"monitoring", "functions", "a label with no letter or digit", `Label "--" has no letter or digit`, monitorTarget(func(t *monitoring.Target) { t.Label = "--" })},
		{"monitoring", "functions", "two targets with one label", `Functions[1] Label "Api" and Functions[0] share the construct ID "Api"`, monitor(monitoring.Props{Functions: []monitoring.Target{target(nil), target(nil)}})},
		{"monitoring", "functions", "labels that reduce to one construct ID", `Functions[1] Label "node_api" and Functions[0] share the construct ID "nodeApi"`, monitor(monitoring.Props{Functions: []monitoring.Target{
			target(func(t *monitoring.Target) { t.Label = "node-api" }), target(func(t *monitoring.Target) { t.Label = "node_api" })}})},
		{"monitoring", "target", "no timeout", `Timeout is required`, monitorTarget(func(t *monitoring.Target) { t.Timeout = 0 })},
		{"monitoring", "target", "a timeout beyond Lambda's", `Timeout must be 1s..900s, got 20m0s`, monitorTarget(func(t *monitoring.Target) { t.Timeout = 20 * time.Minute })},
		{"monitoring", "target", "memory out of range", `MemoryMiB must be 128..10240, got 64`, monitorTarget(func(t *monitoring.Target) { t.MemoryMiB = 64 })},
		{"monitoring", "target", "an unknown architecture", `Architecture "sparc" is not a Lambda architecture`, monitorTarget(func(t *monitoring.Target) { t.Architecture = "sparc" })},
		{"monitoring", "target", "a latency objective not below the timeout", `LatencySLO 12s is not between 0 and Timeout 10s`, monitorTarget(func(t *monitoring.Target) { t.LatencySLO = 12 * time.Second })},
		{"monitoring", "alarms", "a p99 threshold not below the timeout", `Alarms.LatencyP99["Critical"].Max 10s is not between 0 and Timeout 10s`, monitorTarget(func(t *monitoring.Target) {
			t.Alarms.LatencyP99 = map[string]monitoring.LatencyThreshold{"Critical": {Max: 10 * time.Second}}
		})},
		{"monitoring", "alarms", "an error rate of 150 %", `Alarms.ErrorRate["Critical"].MaxPercent must be above 0 and below 100, got 150`, monitorTarget(func(t *monitoring.Target) {
			t.Alarms.ErrorRate = map[string]monitoring.ErrorRateThreshold{"Critical": {MaxPercent: 150}}
		})},
		{"monitoring", "alarms", "a negative throttle count", `Alarms.Throttles["Critical"].Max must be 0 or more, got -1`, monitorTarget(func(t *monitoring.Target) {
			t.Alarms.Throttles = map[string]monitoring.CountThreshold{"Critical": {Max: -1}}
		})},
		{"monitoring", "alarms", "an iterator age of 0", `Alarms.IteratorAge["Critical"].Max must be above 0, got 0s`, monitorTarget(func(t *monitoring.Target) {
			yes := true
			t.StreamSource = &yes
			t.Alarms.IteratorAge = map[string]monitoring.AgeThreshold{"Critical": {}}
		})},
		{"monitoring", "alarms", "an alarm label that names no construct", `Alarms.Throttles has the label "very bad!"`, monitorTarget(func(t *monitoring.Target) {
			t.Alarms.Throttles = map[string]monitoring.CountThreshold{"very bad!": {}}
		})},
		{"monitoring", "alarms", "negative evaluation periods", `Periods and DatapointsToAlarm must be 0 (default) or more, got -1 and 0`, monitorTarget(func(t *monitoring.Target) {
			t.Alarms.Throttles = map[string]monitoring.CountThreshold{"Critical": {Evaluation: monitoring.Evaluation{Periods: -1}}}
		})},
		{"monitoring", "alarms", "more datapoints than periods", `Alarms.ErrorRate["Critical"]: DatapointsToAlarm 3 is more than Periods 2`, monitorTarget(func(t *monitoring.Target) {
			t.Alarms.ErrorRate = map[string]monitoring.ErrorRateThreshold{"Critical": {MaxPercent: 1, Evaluation: monitoring.Evaluation{Periods: 2, DatapointsToAlarm: 3}}}
		})},
		{"monitoring", "alarms", "an evaluation beyond a day", `Periods 25 × Period 1h0m0s is more than CloudWatch's 24h`, monitor(monitoring.Props{Period: time.Hour, Functions: []monitoring.Target{target(func(t *monitoring.Target) {
			t.Alarms.Throttles = map[string]monitoring.CountThreshold{"Critical": {Evaluation: monitoring.Evaluation{Periods: 25}}}
		})}})},
		{"monitoring", "alarms", "a spillover alarm without provisioned concurrency", `Alarms.Spillover is set but ProvisionedConcurrency is false`, monitorTarget(func(t *monitoring.Target) {
			no := false
			t.ProvisionedConcurrency = &no
			t.Alarms.Spillover = map[string]monitoring.CountThreshold{"Critical": {}}
		})},
		{"monitoring", "alarms", "an iterator-age alarm without a stream", `Alarms.IteratorAge is set but StreamSource is false`, monitorTarget(func(t *monitoring.Target) {
			no := false
			t.StreamSource = &no
			t.Alarms.IteratorAge = map[string]monitoring.AgeThreshold{"Critical": {Max: time.Minute}}
		})},
		{"monitoring", "dashboard", "a sub-minute period", `Period must be whole minutes from 1m to 24h, got 30s`, monitor(monitoring.Props{Period: 30 * time.Second, Functions: []monitoring.Target{target(nil)}})},
		{"monitoring", "cost", "a region without prices", `PriceRegion "mars-1" has no prices in costmodel`, monitor(monitoring.Props{PriceRegion: "mars-1", Functions: []monitoring.Target{target(nil)}})},

		// powertuning
		{"powertuning", "functions", "no functions", `Functions is empty`, func(*testing.T) error { return (&powertuning.Props{}).Validate() }},
		{"powertuning", "functions", "a nil function", `Functions[0] is nil`, tuning(powertuning.Props{Functions: []*optimizedfn.Function{nil}})},
		{"powertuning", "application", "a version that is not semantic", `Version "latest" is not a semantic version`, tuning(powertuning.Props{Version: "latest"})},
		{"powertuning", "execution", "one power value", `PowerValues [512] has fewer than two sizes`, tuning(powertuning.Props{PowerValues: []int{512}})},
		{"powertuning", "execution", "a power value out of range", `PowerValues holds 64 MiB: each size must be 128..10240`, tuning(powertuning.Props{PowerValues: []int{64, 512}})},
		{"powertuning", "execution", "too few invocations", `Num must be 5..1000 invocations per size, got 2`, tuning(powertuning.Props{Num: 2})},
		{"powertuning", "execution", "too many invocations", `Num must be 5..1000 invocations per size, got 2000`, tuning(powertuning.Props{Num: 2000})},
		{"powertuning", "execution", "an unknown strategy", `Strategy "fastest": use cost, speed or balanced`, tuning(powertuning.Props{Strategy: "fastest"})},
		{"powertuning", "execution", "a payload that is not JSON", `Payload is not JSON-serializable`, tuning(powertuning.Props{Payload: func() {}})},

		// sources
		{"sources.SQS", "batch", "a batch of 10,001 on a standard queue", `BatchSize must be 1..10000 on a standard queue, got 10001`, sqsOf(sources.SQSProps{BatchSize: 10001}, nil)},
		{"sources.SQS", "batch", "a batch of 11 on a FIFO queue", `BatchSize must be 1..10 on a FIFO queue, got 11`, sqsOf(sources.SQSProps{FIFO: true, BatchSize: 11}, nil)},
		{"sources.SQS", "batch", "a batch above 10 with no window", `BatchSize 50 is above 10 on a standard queue, which needs a batching window of at least 1s, got 0s`, sqsOf(sources.SQSProps{BatchSize: 50, MaxBatchingWindow: durp(0)}, nil)},
		{"sources.SQS", "batch", "a window over 300 s", `MaxBatchingWindow must be whole seconds 0s..5m0s, got 6m0s`, sqsOf(sources.SQSProps{MaxBatchingWindow: durp(6 * time.Minute)}, nil)},
		{"sources.SQS", "batch", "a FIFO queue with a batching window", `MaxBatchingWindow is 5s on a FIFO queue, which supports no batching window`, sqsOf(sources.SQSProps{FIFO: true, MaxBatchingWindow: durp(5 * time.Second)}, nil)},
		{"sources.SQS", "concurrency", "maximum concurrency below 2", `MaxConcurrency must be 2..1000, got 1`, sqsOf(sources.SQSProps{MaxConcurrency: 1}, nil)},
		{"sources.SQS", "queue", "a visibility timeout below 6x the function timeout", `the queue's visibility timeout 30s is below 6× the function timeout 10s`, sqsOf(sources.SQSProps{Queue: fakeQueue{}}, &sources.QueueFacts{VisibilityTimeout: 30 * time.Second})},
		{"sources.SQS", "queue", "maxReceiveCount above 1,000", `MaxReceiveCount must be 1..1000, got 5000`, sqsOf(sources.SQSProps{MaxReceiveCount: 5000}, nil)},
		{"sources.SQS", "filters", "a filter with a bare value", `Filters[0] has a bare value at body.type (order)`, sqsOf(sources.SQSProps{Filters: []sources.Filter{{"body": map[string]any{"type": "order"}}}}, nil)},
		{"sources.Stream", "stream", "no stream", `neither Kinesis nor Table is set`, streamOf(sources.StreamProps{Table: nil})},
		{"sources.Stream", "batch", "a batch of 10,001", `BatchSize must be 1..10000, got 10001`, streamOf(sources.StreamProps{Table: fakeTable{}, BatchSize: 10001})},
		{"sources.Stream", "parallelization", "a parallelization factor of 11", `ParallelizationFactor must be 1..10, got 11`, streamOf(sources.StreamProps{Table: fakeTable{}, ParallelizationFactor: 11})},
		{"sources.Stream", "parallelization", "a negative parallelization factor", `ParallelizationFactor must be 1..10, got -1`, streamOf(sources.StreamProps{Table: fakeTable{}, ParallelizationFactor: -1})},
		{"sources.Stream", "retries", "10,001 retries", `RetryAttempts must be 0..10000, or sources.Unbounded, got 10001`, streamOf(sources.StreamProps{Table: fakeTable{}, RetryAttempts: intp(10001)})},
		{"sources.Stream", "retries", "a record age of 30 s", `MaxRecordAge must be whole seconds 1m0s..168h0m0s, or sources.Unbounded, got 30s`, streamOf(sources.StreamProps{Table: fakeTable{}, MaxRecordAge: 30 * time.Second})},
		{"sources.Stream", "retries", "a record age over 7 days", `MaxRecordAge must be whole seconds 1m0s..168h0m0s, or sources.Unbounded, got 168h0m1s`, streamOf(sources.StreamProps{Table: fakeTable{}, MaxRecordAge: 604801 * time.Second})},
		{"sources.Stream", "batch", "a tumbling window over 900 s", `TumblingWindow must be whole seconds 0s..15m0s, got 16m0s`, streamOf(sources.StreamProps{Table: fakeTable{}, TumblingWindow: 16 * time.Minute})},
		{"sources.Async", "retries", "3 async retries", `RetryAttempts must be 0..2, got 3`, asyncOf(sources.AsyncProps{RetryAttempts: intp(3)})},
		{"sources.Async", "retries", "an event age over 6 hours", `MaxEventAge must be whole seconds 1m0s..6h0m0s, got 7h0m0s`, asyncOf(sources.AsyncProps{MaxEventAge: 7 * time.Hour})},
		{"sources.Async", "destinations", "a destination with two targets", `OnFailure sets 2 destinations`, asyncOf(sources.AsyncProps{OnFailure: &sources.Destination{Queue: fakeQueue{}, Topic: fakeTopic{}}})},
	}
}

// prefixes are how each construct's messages start: the construct and its
// path (Validate, which knows no path, names the construct alone).
// concurrency and extensions reach users through optimizedfn.
var prefixes = map[string]string{
	"optimizedfn":    `optimizedfn "` + fnPath + `": `,
	"concurrency":    `optimizedfn "` + fnPath + `": `,
	"extensions":     `optimizedfn "` + fnPath + `": `,
	"network":        `network "` + netPath + `": `,
	"cache":          `cache "` + cachePath + `": `,
	"monitoring":     "monitoring: ",
	"powertuning":    "powertuning: ",
	"sources.SQS":    `sources.SQS "` + fnPath + `/Orders": `,
	"sources.Stream": `sources.Stream "` + fnPath + `/Changes": `,
	"sources.Async":  `sources.Async "` + fnPath + `/Async": `,
}

// problems splits a joined error into its messages.
func problems(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		out = append(out, e.Error())
	}
	walk(err)
	return out
}

// normalize shows paths inside the repository as <repo> and temporary
// folders as <tmp>, so the matrix reads the same on every machine.
func normalize(msg string) string {
	for _, d := range tempDirs {
		msg = strings.ReplaceAll(msg, d, "<tmp>")
	}
	return strings.ReplaceAll(msg, repoDir(), "<repo>")
}

// toolchains fails early when a tool the valid rows need is missing, since
// each would add its own problem to every row of its language.
func toolchains(t *testing.T) {
	if _, err := nodebin.Find("esbuild", repoDir()); err != nil {
		t.Fatalf("%v: run `make deps`", err)
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("go is not on PATH: install Go 1.26+")
	}
	if home := os.Getenv("JAVA_HOME"); home == "" || !fileExists(filepath.Join(home, "bin", "javac")) {
		if _, err := exec.LookPath("javac"); err != nil {
			t.Fatal("javac is not on PATH (nor in JAVA_HOME): the Java rows need a JDK 11+")
		}
	}
}

func fileExists(p string) bool { st, err := os.Stat(p); return err == nil && !st.IsDir() }

// TestBadInput runs every row, checks its error, and renders the matrix
// into docs/bad-input.md.
func TestBadInput(t *testing.T) {
	toolchains(t)
	all := rows()
	messages := make([][]string, len(all))
	names := map[string]bool{}
	for i, r := range all {
		key := r.construct + "/" + r.area + "/" + r.name
		if names[key] {
			t.Errorf("two rows are %q: name each case once", key)
		}
		names[key] = true
		t.Run(key, func(t *testing.T) {
			err := r.err(t)
			if err == nil {
				t.Fatalf("no error, want one containing %q", r.want)
			}
			if !strings.Contains(err.Error(), r.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, r.want)
			}
			for _, p := range problems(err) {
				if !strings.HasPrefix(p, prefixes[r.construct]) {
					t.Errorf("message does not start with %q (the construct and its path): %s", prefixes[r.construct], p)
				}
				messages[i] = append(messages[i], normalize(p))
			}
		})
	}
	hostile, err := os.ReadFile(hostileCases)
	if err != nil {
		t.Fatalf("the hostile-input section: %v (go test ./test/hostile -update writes it)", err)
	}
	snapshot.Golden(t, filepath.Join(repoDir(), "docs", "bad-input.md"), []byte(render(all, messages)+"\n"+string(hostile)))
}

// hostileCases is the section test/hostile renders from its crafted
// assemblies, archives, events, signals and clients; docs/bad-input.md
// carries it below the construct rows. Regenerate in this order:
// go test ./test/hostile -update, then go test ./test/badinput -update.
var hostileCases = filepath.Join(repoDir(), "test", "hostile", "testdata", "cases.md")

// render writes the matrix as Markdown.
func render(all []row, messages [][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# Bad input: every invalid prop and the error users see

<!-- Generated by test/badinput: go test ./test/badinput -update. Do not edit. -->

%d rows, one subtest each in [test/badinput](../test/badinput/badinput_test.go), which
asserts a distinctive part of the message and renders this table. Every
message comes from the pure-Go validation a construct runs before it builds
anything (`+"`Resolve`, `Validate`"+`): `+"`New`"+` stops `+"`cdk synth`"+` with the same text,
one line per problem, all problems at once (rows that only a built tree or a
toolchain shows build a stack, with the same text; a toolchain's message
keeps its lines). Rows pass the construct paths
`+"`%s`, `%s` and `%s`"+`; provisioned concurrency and layers are
checked through `+"`optimizedfn.Props`"+`, where users set them; `+"`Validate`"+`, which
knows no construct path, names the construct alone (`+"`monitoring: `"+`).
Folders in the repository show as `+"`<repo>`"+`, temporary ones as `+"`<tmp>`"+`.

| # | Construct | Area | Case | Error users see |
|---|---|---|---|---|
`, len(all), fnPath, netPath, cachePath)
	for i, r := range all {
		cells := make([]string, len(messages[i]))
		for j, m := range messages[i] {
			var lines []string
			for _, line := range strings.Split(m, "\n") {
				if strings.TrimSpace(line) != "" {
					lines = append(lines, "`` "+strings.ReplaceAll(line, "|", `\|`)+" ``")
				}
			}
			cells[j] = strings.Join(lines, "<br>")
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", i+1, r.construct, r.area, r.name, strings.Join(cells, "<br>"))
	}
	return b.String()
}

// TestREADMECountsTheRows: the README links the matrix with its row count,
// and the count is the number of rows.
func TestREADMECountsTheRows(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoDir(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	count := regexp.MustCompile(`(\d[\d,]*)\s+rows`)
	want := len(rows())
	found := false
	for rest := readme; ; {
		i := strings.Index(rest, "(docs/bad-input.md)")
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		// The rest of the paragraph or list item that links the matrix.
		item := rest
		for _, end := range []string{"\n\n", "\n- "} {
			if j := strings.Index(item, end); j >= 0 {
				item = item[:j]
			}
		}
		for _, m := range count.FindAllStringSubmatch(item, -1) {
			found = true
			if n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); n != want {
				t.Errorf("README.md says the bad-input matrix has %s rows, it has %d", m[1], want)
			}
		}
	}
	if !found {
		t.Errorf("README.md links no [docs/bad-input.md](docs/bad-input.md) with its row count (%d rows) in the same paragraph", want)
	}
}
