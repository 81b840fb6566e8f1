package optimizedfn

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"

	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/nodebin"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// Limits Lambda enforces (package lambda's, named here for the construct's
// users).
const (
	// MaxTimeout is the longest invocation Lambda allows.
	MaxTimeout = 900 * time.Second
	// MaxEnvironmentBytes is the total size of all environment variables.
	MaxEnvironmentBytes = 4096
)

// Defaults the construct applies where Props leave a field at its zero value.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultAliasName = "live"
	DefaultHandler   = "handler"
)

// reservedEnv are the runtime environment variables Lambda sets itself and
// refuses in a function's configuration, from
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
var reservedEnv = map[string]bool{
	"_HANDLER": true, "_X_AMZN_TRACE_ID": true, "AWS_DEFAULT_REGION": true, "AWS_REGION": true,
	"AWS_EXECUTION_ENV": true, "AWS_LAMBDA_FUNCTION_NAME": true, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": true,
	"AWS_LAMBDA_FUNCTION_VERSION": true, "AWS_LAMBDA_INITIALIZATION_TYPE": true,
	"AWS_LAMBDA_LOG_GROUP_NAME": true, "AWS_LAMBDA_LOG_STREAM_NAME": true, "AWS_ACCESS_KEY": true,
	"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true,
	"AWS_LAMBDA_RUNTIME_API": true, "LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true,
}

// Kind is the build toolchain a runtime needs.
type Kind string

// Kinds of handler build.
const (
	KindNode   = Kind(lambda.BuildNode)
	KindGo     = Kind(lambda.BuildGo)
	KindJava   = Kind(lambda.BuildJava)
	KindPython = Kind(lambda.BuildPython)
	KindDotnet = Kind(lambda.BuildDotnet)
)

// runtimeInfo is what the construct needs to build for a runtime beyond
// Lambda's facts about it (package lambda: build kind, SnapStart support).
type runtimeInfo struct {
	esbuildTarget string
	javaVersion   int    // Java SE release the runtime runs
	dotnetTFM     string // target framework the runtime runs, e.g. net10.0
}

// kind is the build toolchain of the runtime (lambda.BuildOf).
func (r Runtime) kind() Kind { return Kind(lambda.BuildOf(string(r))) }

// runtimes the construct builds.
var runtimes = map[Runtime]runtimeInfo{
	NodeJS24:       {esbuildTarget: "node24"},
	NodeJS22:       {esbuildTarget: "node22"},
	ProvidedAL2023: {},
	Java21:         {javaVersion: 21},
	Java25:         {javaVersion: 25},
	Python312:      {},
	Python313:      {},
	Python314:      {},
	Dotnet10:       {dotnetTFM: "net10.0"},
}

// defaultRuntime of each kind of entry.
var defaultRuntime = map[Kind]Runtime{KindNode: NodeJS24, KindGo: ProvidedAL2023, KindJava: Java21, KindPython: Python313, KindDotnet: Dotnet10}

func supportedRuntimes(kind Kind) string {
	var names []string
	for r := range runtimes {
		if kind == "" || r.kind() == kind {
			names = append(names, string(r))
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Warning is a soft problem with a stable ID (problems.Warning, one type
// for every lambdaperf construct).
type Warning = problems.Warning

// Warning IDs, stable so users can acknowledge them with
// awscdk.Annotations_Of(fn).AcknowledgeWarning(id, reason).
const (
	WarnX86       = "lambdaperf:optimizedfn:x86_64"
	WarnSourceMap = "lambdaperf:optimizedfn:sourcemap"
	// WarnReservedAboveDefaultQuota: ReservedConcurrency needs an account
	// whose concurrency quota was raised above the default 1,000.
	WarnReservedAboveDefaultQuota = "lambdaperf:optimizedfn:reserved-above-default-quota"
)

// Plan is a function's fully resolved configuration: every default applied
// and every rule checked. It is plain Go, so the build step only translates
// it into constructs, and reports can read it without jsii.
type Plan struct {
	Path string // construct path used in messages
	// Kind is the language the entry is written in (Node.js, Go, Python,
	// Java, .NET), from its file or folder.
	Kind Kind
	// Runtime is the Lambda runtime identifier, e.g. nodejs24.x.
	Runtime Runtime
	// Architecture the function runs on: arm64 unless Props say x86_64.
	Architecture Architecture
	Entry        string // absolute path of the entry file (Node.js) or package folder (Go)
	Handler      string // Node.js export name, or "bootstrap" for Go
	// Profile names the memory profile the size came from (e.g. "Balanced"),
	// or "custom" when MemorySize was set.
	Profile string
	// MemoryMiB configured on the function, 128..10240 MiB.
	MemoryMiB int
	// Timeout of an invocation, 1 s..900 s.
	Timeout     time.Duration
	Environment map[string]string // user variables plus the construct's own
	// LogRetention of the function's log group.
	LogRetention awslogs.RetentionDays
	// AppLogLevel filters the handler's JSON logs.
	AppLogLevel awslambda.ApplicationLogLevel
	// SysLogLevel filters the Lambda platform's JSON logs (INFO or more
	// detailed keeps the platform.report records monitoring reads).
	SysLogLevel awslambda.SystemLogLevel
	// Tracing is the AWS X-Ray mode.
	Tracing awslambda.Tracing
	// Reserved is the reserved concurrency; nil when the function shares the
	// account's unreserved pool.
	Reserved *int
	// SourceMap says the Node.js bundle ships a source map and
	// NODE_OPTIONS=--enable-source-maps is set.
	SourceMap bool
	// Format is the Node.js bundle's module format (SplitESM by default).
	Format Format
	// SDK says where a Node.js function's AWS SDK comes from: bundled (the
	// default) or the runtime's.
	SDK SDK
	// EsbuildTarget is the esbuild --target of a Node.js bundle, the
	// runtime's Node.js version (e.g. "node24"); "" for other languages.
	EsbuildTarget string
	// AliasName is the alias that callers, URLs and event sources target,
	// "live" by default.
	AliasName string
	// Description of the function; "" for none.
	Description string
	// ExpectedDuration is the user's expected average duration, or 0.
	ExpectedDuration time.Duration
	// ExpectedRequestsPerSecond is the user's declared load in requests per
	// second, or 0 when none was declared.
	ExpectedRequestsPerSecond float64
	// ExpectedCPUShare is the declared share 0..1 of the duration spent on
	// CPU, or 0 when none was declared.
	ExpectedCPUShare float64
	// SnapStart says published versions restore from a snapshot (on by
	// default for Java).
	SnapStart bool

	// Concurrency is the alias's provisioned concurrency (Min, Max,
	// Static, schedules); nil when every environment is on demand.
	Concurrency *concurrency.Plan

	// ManagedInstances is the function's capacity-provider configuration;
	// nil for a function that runs on demand.
	ManagedInstances *ManagedInstancesPlan

	// VPC says the function runs in Props.Network.
	VPC bool
	// Layers names the layers the function loads, in Props.Layers order.
	Layers []string
	// Extensions are the catalog products among Layers, added by product
	// or by a known ARN, e.g. layercatalog.LambdaInsights.
	Extensions []layercatalog.Product

	// Node.js: the lock file that pins the bundle's dependencies, and the
	// esbuild that bundles: node_modules/.bin at or above the entry, else
	// at or above the working directory, else on PATH.
	LockFile string
	// Esbuild is the esbuild executable that bundles a Node.js entry.
	Esbuild string
	// Go: the module root (folder of go.mod) and the package path relative to it.
	GoModuleRoot string
	// GoPackage is the main package's path relative to GoModuleRoot ("." for
	// the root).
	GoPackage string
	// Java: the source root, the resources folder ("" without one), the
	// javac that compiles them and the Java SE release it targets: the
	// runtime's, or the JDK's own when the JDK is older (class files run on
	// every newer JVM).
	JavaSources string
	// JavaResources is the resources folder copied into the jar; "" without
	// one.
	JavaResources string
	// Javac is the javac that compiles JavaSources.
	Javac string
	// JavaRelease is the Java SE release javac targets (--release).
	JavaRelease int
	// Python: the requirements file checked against the vendored
	// packages ("" without one).
	PythonRequirements string

	// Warnings are the soft problems New reports as warning annotations.
	Warnings []Warning

	// What build binds as given, checked by Resolve: Props.Extra (copied
	// into the function options), Props.Network with Props.SecurityGroup,
	// and the Props.Layers the names above come from.
	extra         *awslambda.FunctionOptions
	provider      capacity.IProvider
	network       network.Network
	securityGroup awsec2.ISecurityGroup
	layerSources  []extensions.Layer
}

// VCPUs is the CPU share the plan's memory buys.
func (p *Plan) VCPUs() float64 { return costmodel.VCPUs(p.MemoryMiB) }

// Validate checks props without building anything and returns every problem
// at once (errors.Join), or nil. It runs the same checks as New, which fails
// synthesis with them.
func (p *Props) Validate() error {
	_, err := Resolve("", p)
	return err
}

// toolchain lookups, replaceable in tests.
var (
	lookPath    = execLookPath
	findNodeBin = nodebin.Find
)

// Resolve applies defaults to props and checks every rule, without jsii.
// path names the construct in messages. Props are never modified.
func Resolve(path string, props *Props) (*Plan, error) {
	if props == nil {
		props = &Props{}
	}
	p := &Plan{Path: path, extra: props.Extra, network: props.Network, provider: managedProvider(props), securityGroup: props.SecurityGroup,
		layerSources: slices.Clone(props.Layers)}
	probs := problems.New("optimizedfn", path)
	fail := probs.Addf

	resolveEntry(p, props, fail)
	resolveSizing(p, props, fail)
	resolveEnvironment(p, props, fail)
	resolvePlacement(p, props, fail)
	resolveLogging(p, props, fail)
	resolveExtra(props, fail)
	resolveSnapStart(p, props, fail)
	resolveConcurrency(p, props, fail)
	resolveManagedInstances(p, props, fail)
	resolveToolchain(p, fail)

	p.AliasName = props.AliasName
	if p.AliasName == "" {
		p.AliasName = DefaultAliasName
	} else if !aliasName.MatchString(p.AliasName) || p.AliasName == "$LATEST" {
		fail("AliasName %q is not a valid alias name: use 1-128 of [a-zA-Z0-9-_], not only digits", p.AliasName)
	}
	p.Description = props.Description
	p.ExpectedDuration = props.ExpectedDuration
	if d := p.ExpectedDuration; d != 0 && (d < time.Millisecond || (p.Timeout > 0 && d > p.Timeout)) {
		fail("ExpectedDuration must be 1ms..Timeout (%s), got %s: it is the average duration of one invocation", p.Timeout, d)
	}
	p.ExpectedRequestsPerSecond, p.ExpectedCPUShare = props.ExpectedRequestsPerSecond, props.ExpectedCPUShare
	if r := p.ExpectedRequestsPerSecond; !(r >= 0) || math.IsInf(r, 0) {
		fail("ExpectedRequestsPerSecond must be a rate >= 0 requests per second, got %v", r)
	}
	if c := p.ExpectedCPUShare; c != 0 && !(c > 0 && c <= 1) {
		fail("ExpectedCPUShare must be a share above 0 and at most 1 of ExpectedDuration, got %v: 0.1 is an invocation on CPU a tenth of its time", c)
	}
	if len(p.Description) > 256 {
		fail("Description is %d characters, Lambda allows 256: shorten it", len(p.Description))
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

var (
	aliasName  = regexp.MustCompile(`^(?:[a-zA-Z0-9-_]*[a-zA-Z-_][a-zA-Z0-9-_]*)$`)
	identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$`)
	nodeExts   = setOf(nodeExtensions)
)

// now is the date runtime lifecycles are compared with (a variable for
// tests).
var now = time.Now

func resolveEntry(p *Plan, props *Props, fail func(string, ...any)) {
	p.Runtime = props.Runtime
	if props.Runtime != "" {
		info, ok := runtimes[props.Runtime]
		if !ok {
			fail("Runtime %q is not supported: use one of %s", props.Runtime, supportedRuntimes(""))
			return
		}
		p.Kind = props.Runtime.kind()
		p.EsbuildTarget = info.esbuildTarget
	}
	if props.Entry == "" {
		fail("Entry is required: set it to %s", entryKinds())
		return
	}
	entry, err := filepath.Abs(props.Entry)
	if err != nil {
		fail("Entry %q: %v", props.Entry, err)
		return
	}
	st, err := os.Stat(entry)
	if err != nil {
		fail("%s", missingEntry(props.Entry, entry))
		return
	}
	p.Entry = entry
	var kind Kind
	if st.IsDir() {
		kind = folderKind(entry, p.Kind)
	} else {
		if !nodeExts[filepath.Ext(entry)] {
			fail("Entry %q (%s) is not a supported handler file: use %s, or a folder for %s", props.Entry, entry, KindNode.entry(), folderKinds())
			return
		}
		kind = KindNode
	}
	if p.Kind == "" {
		p.Kind = kind
		p.Runtime = defaultRuntime[kind]
		p.EsbuildTarget = runtimes[p.Runtime].esbuildTarget
	} else if p.Kind != kind {
		fail("Runtime %q cannot run Entry %q (a %s handler): use one of %s, or leave Runtime empty", p.Runtime, props.Entry, kind, supportedRuntimes(kind))
		return
	}
	if l, _ := lambda.LifecycleOf(string(p.Runtime)); lambda.CreateBlocked(string(p.Runtime), now()) {
		fail("Runtime %q: Lambda has blocked creating functions on it since %s (%s), so the deploy would fail; use %s", p.Runtime, l.BlockCreate.Format("2006-01-02"), lambda.RuntimesDoc, lambda.Successor(string(p.Runtime)))
	}
	switch kind {
	case KindNode:
		p.Handler = nodeExport(props.Handler, entry, fail)
		if identifier.MatchString(p.Handler) && !strings.Contains(p.Handler, ".") {
			if detail := jsEntryLacksExport(entry, p.Handler); detail != "" {
				fail("%s", handlerNotExported(p.Handler, props.Entry, detail))
			}
		}
		p.LockFile = findUp(filepath.Dir(entry), "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lockb")
		if p.LockFile == "" {
			fail("Entry %q has no package-lock.json (or pnpm/yarn/bun lock file) in its folder or above: commit one so the bundle's dependencies are pinned", props.Entry)
		}
	case KindGo:
		p.Handler = "bootstrap"
		if props.Handler != "" {
			fail("Handler %q is set for a Go entry, whose binary is the handler: leave Handler empty", props.Handler)
		}
		resolveGoPackage(p, props.Entry, fail)
	case KindJava:
		resolveJava(p, props, fail)
	case KindPython:
		resolvePython(p, props, fail)
	case KindDotnet:
		resolveDotnet(p, props, fail)
	}
	resolveNodeBundle(p, props, kind, fail)
	if p.SourceMap {
		p.Warnings = append(p.Warnings, Warning{ID: WarnSourceMap, Message: "SourceMap is on: NODE_OPTIONS=--enable-source-maps is set, which adds init time to every cold start and latency to every stack trace. Ship source maps only where you debug production traces."})
	}
}

func resolveSizing(p *Plan, props *Props, fail func(string, ...any)) {
	if err := props.Profile.validate(); err != nil {
		fail("%v", err)
	}
	p.Profile = props.Profile.Name()
	p.MemoryMiB = props.Profile.MemoryMiB()
	if props.MemorySize != 0 {
		p.MemoryMiB = props.MemorySize
		p.Profile = "custom"
		// Managed Instances have their own range (resolveManagedInstances).
		if !lambda.MemoryInRange(props.MemorySize) && props.ManagedInstances == nil {
			fail("MemorySize must be %d..%d MiB, got %d: pick a Profile or a size in range", lambda.MinMemoryMiB, lambda.MaxMemoryMiB, props.MemorySize)
		}
	}

	p.Timeout = props.Timeout
	if p.Timeout == 0 {
		p.Timeout = DefaultTimeout
	}
	switch {
	case !lambda.TimeoutInRange(p.Timeout):
		fail("Timeout must be 1s..900s, got %s: Lambda stops an invocation at 15 minutes; use a queue or Step Functions for longer work", p.Timeout)
	case p.Timeout%time.Second != 0:
		fail("Timeout must be whole seconds, got %s: Lambda configures timeouts in seconds", p.Timeout)
	}

	p.Architecture = props.Architecture
	switch p.Architecture {
	case "":
		p.Architecture = ARM64
	case ARM64:
	case X86_64:
		p.Warnings = append(p.Warnings, Warning{ID: WarnX86, Message: "Architecture is x86_64: arm64 (Graviton) costs about 20 % less per GB-second and is usually as fast. Keep x86_64 only for x86-only native dependencies."})
	default:
		fail("Architecture %q is not a Lambda architecture: use optimizedfn.ARM64 or optimizedfn.X86_64", p.Architecture)
	}

	if props.ReservedConcurrency != nil {
		v := *props.ReservedConcurrency
		switch {
		case v < 0:
			fail("ReservedConcurrency must be 0 or more, got %d: leave it nil to share the account pool", v)
		case v > lambda.MaxReservableConcurrency:
			fail("ReservedConcurrency %d is above what any account can reserve: concurrency quotas go up to tens of thousands (below %d) and Lambda keeps %d unreserved, so the deploy always fails; reserve at most %d, and only what the function must be guaranteed or capped at",
				v, lambda.MaxAccountConcurrency+1, lambda.UnreservedConcurrency, lambda.MaxReservableConcurrency)
		case v > lambda.DefaultAccountConcurrency-lambda.UnreservedConcurrency:
			p.Warnings = append(p.Warnings, Warning{ID: WarnReservedAboveDefaultQuota, Message: fmt.Sprintf(
				"ReservedConcurrency %d is above %d: at the default quota of %d concurrent executions per Region, Lambda keeps %d unreserved and the deploy fails. Deploy only where Service Quotas shows a \"Concurrent executions\" quota of at least %d (new accounts start lower than %d), or reserve less.",
				v, lambda.DefaultAccountConcurrency-lambda.UnreservedConcurrency, lambda.DefaultAccountConcurrency, lambda.UnreservedConcurrency, v+lambda.UnreservedConcurrency, lambda.DefaultAccountConcurrency)})
		}
		p.Reserved = &v
	}
}

func resolveEnvironment(p *Plan, props *Props, fail func(string, ...any)) {
	p.Environment = map[string]string{}
	var bad []string
	for k, v := range props.Environment {
		switch {
		case reservedEnv[k]:
			bad = append(bad, k)
		case !envName.MatchString(k):
			fail("Environment name %q is invalid: use letters, digits and underscores, starting with a letter", k)
		case lambda.HoldsSecretReference(v):
			fail("Environment %s holds a Secrets Manager dynamic reference: CloudFormation would write the secret into the function's configuration in plain text; %s", k, secretReferenceFix)
		}
		p.Environment[k] = v
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		fail("Environment sets reserved names %s, which Lambda sets itself: remove them (read them at run time instead)", strings.Join(bad, ", "))
	}
	if p.SourceMap {
		if cur, ok := p.Environment["NODE_OPTIONS"]; ok && !strings.Contains(cur, "--enable-source-maps") {
			p.Environment["NODE_OPTIONS"] = cur + " --enable-source-maps"
		} else if !ok {
			p.Environment["NODE_OPTIONS"] = "--enable-source-maps"
		}
	}
	if p.Kind == KindJava && !props.JavaFullJIT {
		if _, ok := p.Environment["JAVA_TOOL_OPTIONS"]; !ok {
			p.Environment["JAVA_TOOL_OPTIONS"] = JavaColdStartOptions
		}
	}
	if props.JavaFullJIT && p.Kind != KindJava && p.Kind != "" {
		fail("JavaFullJIT applies to Java handlers, but Entry %q is a %s handler: leave it unset", props.Entry, p.Kind)
	}
	if n := EnvironmentSize(p.Environment); !lambda.EnvironmentFits(n) {
		fail("Environment is %d bytes, Lambda allows %d: move large values to SSM Parameter Store or Secrets Manager and read them through the extension", n, MaxEnvironmentBytes)
	}
}

var envName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*$`)

// WithEnvironment is the plan with one more environment variable, set after
// New (Function.AddEnvironment), checked as Props.Environment is: a valid
// name that Lambda does not reserve and the plan does not set yet (from
// Props.Environment, a layer's settings or an earlier addition), a value
// that is not a literal secret, and a total within 4 KB. An unresolved
// token counts only its name. The receiver is not modified.
func (p *Plan) WithEnvironment(name, value string) (*Plan, error) {
	probs := problems.New("optimizedfn", p.Path)
	switch {
	case reservedEnv[name]:
		probs.Addf("AddEnvironment %s: Lambda sets this name itself: read it at run time instead", name)
	case !envName.MatchString(name):
		probs.Addf("AddEnvironment %q: the name is invalid: use letters, digits and underscores, starting with a letter", name)
	}
	if cur, set := p.Environment[name]; set {
		probs.Addf("AddEnvironment %s: the function already sets it (to %q): a second value would silently replace the first; use another name", name, cur)
	}
	env := make(map[string]string, len(p.Environment)+1)
	for k, v := range p.Environment {
		env[k] = v
	}
	env[name] = value
	if lambda.HoldsSecretReference(value) {
		probs.Addf("AddEnvironment %s holds a Secrets Manager dynamic reference: %s", name, secretReferenceFix)
	}
	if names := extensions.LooksLikeSecrets(map[string]string{name: value}); len(names) > 0 {
		probs.Addf("AddEnvironment %s holds a literal value that looks like a secret: store it in Secrets Manager and pass its name with extensions.UseSecret", name)
	}
	if n := EnvironmentSize(env); !lambda.EnvironmentFits(n) {
		probs.Addf("AddEnvironment %s: the environment would be %d bytes, Lambda allows %d: move large values to SSM Parameter Store or Secrets Manager", name, n, MaxEnvironmentBytes)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	q := *p
	q.Environment = env
	return &q, nil
}

// EnvironmentSize is the size Lambda counts against its 4 KB limit
// (lambda.EnvironmentSize: the JSON of the variables map). Values that are
// unresolved CDK tokens (${Token[...]}) count only their names, since their
// length is unknown until deployment.
func EnvironmentSize(env map[string]string) int {
	known := make(map[string]string, len(env))
	for k, v := range env {
		if problems.IsToken(v) {
			v = ""
		}
		known[k] = v
	}
	return lambda.EnvironmentSize(known)
}

func resolveLogging(p *Plan, props *Props, fail func(string, ...any)) {
	p.LogRetention = props.LogRetention
	if p.LogRetention == "" {
		p.LogRetention = awslogs.RetentionDays_ONE_MONTH
	} else if msg := problems.LogRetention("LogRetention", p.LogRetention); msg != "" {
		fail("%s", msg)
	}
	// Values outside CDK's enums fail deep in jsii ("No such enum member"):
	// checked here with the valid ones.
	p.AppLogLevel = props.ApplicationLogLevel
	if p.AppLogLevel == "" {
		p.AppLogLevel = awslambda.ApplicationLogLevel_INFO
	} else if !slices.Contains(appLogLevels, p.AppLogLevel) {
		fail("ApplicationLogLevel %q is not a log level: use an awslambda.ApplicationLogLevel constant: %s", p.AppLogLevel, joinEnum(appLogLevels))
	}
	p.SysLogLevel = props.SystemLogLevel
	if p.SysLogLevel == "" {
		p.SysLogLevel = awslambda.SystemLogLevel_INFO
	} else if !slices.Contains(sysLogLevels, p.SysLogLevel) {
		fail("SystemLogLevel %q is not a log level: use an awslambda.SystemLogLevel constant: %s", p.SysLogLevel, joinEnum(sysLogLevels))
	}
	p.Tracing = props.Tracing
	if p.Tracing == "" {
		p.Tracing = awslambda.Tracing_ACTIVE
	} else if !slices.Contains(tracingModes, p.Tracing) {
		fail("Tracing %q is not a tracing mode: use an awslambda.Tracing constant: %s", p.Tracing, joinEnum(tracingModes))
	}
}

// The members of CDK's enums that resolveLogging checks, in CDK's order.
var (
	appLogLevels = []awslambda.ApplicationLogLevel{awslambda.ApplicationLogLevel_TRACE, awslambda.ApplicationLogLevel_DEBUG,
		awslambda.ApplicationLogLevel_INFO, awslambda.ApplicationLogLevel_WARN, awslambda.ApplicationLogLevel_ERROR, awslambda.ApplicationLogLevel_FATAL}
	sysLogLevels = []awslambda.SystemLogLevel{awslambda.SystemLogLevel_DEBUG, awslambda.SystemLogLevel_INFO, awslambda.SystemLogLevel_WARN}
	tracingModes = []awslambda.Tracing{awslambda.Tracing_ACTIVE, awslambda.Tracing_PASS_THROUGH, awslambda.Tracing_DISABLED}
)

func joinEnum[T ~string](members []T) string {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = string(m)
	}
	return strings.Join(names, ", ")
}

// resolveExtra refuses pass-through fields the construct owns, so a value is
// never silently dropped or fought over.
func resolveExtra(props *Props, fail func(string, ...any)) {
	x := props.Extra
	if x == nil {
		return
	}
	owned := []struct {
		set   bool
		field string
		use   string
	}{
		{x.MemorySize != nil, "MemorySize", "Props.MemorySize or Props.Profile"},
		{x.Timeout != nil, "Timeout", "Props.Timeout"},
		{x.Architecture != nil, "Architecture", "Props.Architecture"},
		{x.Environment != nil, "Environment", "Props.Environment"},
		{x.Tracing != "", "Tracing", "Props.Tracing"},
		{x.ReservedConcurrentExecutions != nil, "ReservedConcurrentExecutions", "Props.ReservedConcurrency"},
		{x.Description != nil, "Description", "Props.Description"},
		//lint:ignore SA1019 deprecated fields are refused, not used: a value there must not be dropped silently
		{x.LogGroup != nil || x.LogRetention != "" || x.LogFormat != nil || x.LoggingFormat != "", "LogGroup/LogRetention/LoggingFormat", "Props.LogRetention (the construct creates the log group)"},
		//lint:ignore SA1019 deprecated fields are refused, not used: a value there must not be dropped silently
		{x.ApplicationLogLevelV2 != "" || x.ApplicationLogLevel != nil, "ApplicationLogLevel", "Props.ApplicationLogLevel"},
		//lint:ignore SA1019 deprecated fields are refused, not used: a value there must not be dropped silently
		{x.SystemLogLevelV2 != "" || x.SystemLogLevel != nil, "SystemLogLevel", "Props.SystemLogLevel"},
		{x.CurrentVersionOptions != nil, "CurrentVersionOptions", "the alias the construct creates (Alias())"},
		{x.SnapStart != nil, "SnapStart", "Props.SnapStart"},
		{x.Vpc != nil || x.VpcSubnets != nil || x.SecurityGroups != nil || x.AllowPublicSubnet != nil || x.AllowAllOutbound != nil ||
			x.AllowAllIpv6Outbound != nil || x.Ipv6AllowedForDualStack != nil, "Vpc/VpcSubnets/SecurityGroups/Allow*", "Props.Network (and Props.SecurityGroup to share a group)"},
		{x.Layers != nil || x.InsightsVersion != nil || x.ParamsAndSecrets != nil || x.AdotInstrumentation != nil, "Layers/InsightsVersion/ParamsAndSecrets/AdotInstrumentation",
			"Props.Layers with package extensions, so every layer is counted and checked against the architecture"},
	}
	for _, o := range owned {
		if o.set {
			fail("Extra.%s is owned by the construct: set %s instead", o.field, o.use)
		}
	}
}

// findUp returns the first of names found in dir or a parent, or "".
func findUp(dir string, names ...string) string {
	for {
		for _, n := range names {
			if f := filepath.Join(dir, n); fileExists(f) {
				return f
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// folderKind is the kind of handler in a folder entry: the runtime's when
// one is set (its checks then say what is missing), else by the files found:
// .go files, then .py files, then .java sources. A folder with none of them
// is taken as Go, whose check names what is missing.
func folderKind(dir string, runtimeKind Kind) Kind {
	if runtimeKind != "" && runtimeKind != KindNode {
		return runtimeKind
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(files) > 0 {
		return KindGo
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.py")); len(files) > 0 {
		return KindPython
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.runtimeconfig.json")); len(files) > 0 {
		return KindDotnet
	}
	if files, _ := javaFiles(javaSourceRoot(dir)); len(files) > 0 {
		return KindJava
	}
	return KindGo
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (an invalid array
// index) when one does not, as stringer checks enum values.
func _() {
	var x [1]struct{}
	_ = x[MaxTimeout-lambda.MaxTimeout]
	_ = x[MaxEnvironmentBytes-lambda.MaxEnvironmentBytes]
	_ = x[MaxSnapStartEphemeralMiB-lambda.MaxSnapStartEphemeralMiB]
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, WarnLayerArchitecture == extensions.WarnUnknownArchitecture: {}}

// declaredLoad is the function's lambdaperf metadata: the duration and
// load the user declared, for the report's and the advisor's cost
// estimates (assembly.Function.ExpectedDurationMs and the load beside it).
func (p *Plan) declaredLoad() map[string]any {
	md := map[string]any{}
	if p.ExpectedDuration > 0 {
		md["expectedDurationMs"] = p.ExpectedDuration.Milliseconds()
	}
	if p.ExpectedRequestsPerSecond > 0 {
		md["expectedRequestsPerSecond"] = p.ExpectedRequestsPerSecond
	}
	if p.ExpectedCPUShare > 0 {
		md["expectedCpuShare"] = p.ExpectedCPUShare
	}
	return md
}
