package optimizedfn

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"

	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Runtime is a Lambda runtime identifier that the optimized function knows
// how to build for.
type Runtime string

// Runtimes the optimized function builds.
const (
	// NodeJS24 is nodejs24.x, the default for .ts/.js entries.
	NodeJS24 Runtime = "nodejs24.x"
	// NodeJS22 is nodejs22.x.
	NodeJS22 Runtime = "nodejs22.x"
	// ProvidedAL2023 runs a Go `bootstrap` on Amazon Linux 2023, the default
	// for Go package folders.
	ProvidedAL2023 Runtime = "provided.al2023"
	// Java21 is java21 (Amazon Corretto 21), the default for Java source
	// folders. SnapStart is on by default.
	Java21 Runtime = "java21"
	// Java25 is java25 (Amazon Corretto 25).
	Java25 Runtime = "java25"
	// Python313 is python3.13, the default for Python handler folders.
	Python313 Runtime = "python3.13"
	// Python312 is python3.12.
	Python312 Runtime = "python3.12"
	// Python314 is python3.14.
	Python314 Runtime = "python3.14"
	// Dotnet10 is dotnet10 (.NET 10), the default for `dotnet publish`
	// output folders; SnapStart is opt-in. (dotnet8 reached its end of
	// support on 10 November 2026.)
	Dotnet10 Runtime = "dotnet10"
)

// SnapStart says whether Lambda snapshots the initialized execution
// environment of each published version and restores new environments
// from it instead of running init code again.
type SnapStart string

// SnapStart settings.
const (
	// SnapStartDefault is on for Java and off for every other runtime.
	SnapStartDefault SnapStart = ""
	// SnapStartOn applies SnapStart to published versions. Java 11+,
	// Python 3.12+ and .NET 8+ only; Python and .NET pay for caching and
	// restoring snapshots, Java does not.
	SnapStartOn SnapStart = "on"
	// SnapStartOff runs init code on every cold start, e.g. for a Java
	// function with provisioned concurrency (the two do not combine).
	SnapStartOff SnapStart = "off"
)

// Architecture is the instruction set the function runs on.
type Architecture string

// Architectures.
const (
	// ARM64 is Graviton: about 20 % cheaper per GB-second than x86_64 and
	// usually as fast or faster. The default.
	ARM64 = Architecture(lambda.ARM64)
	// X86_64 is for code with x86-only native dependencies.
	X86_64 = Architecture(lambda.X86_64)
)

// Format is the module format of a Node.js bundle.
type Format string

// Node.js bundle formats.
const (
	// CommonJS output (index.js): one file; code that needs __dirname or
	// __filename at run time wants it.
	CommonJS Format = "cjs"
	// ESM output (index.mjs): one file; allows top-level await in init
	// code. `require` comes from a createRequire banner for the CommonJS
	// dependencies esbuild cannot convert.
	ESM Format = "esm"
	// SplitESM is ESM with code splitting: index.mjs holds what the
	// handler imports statically, and every module it (or a dependency,
	// such as the SDK's credential providers) loads with import() goes to
	// a chunk file read only when that import runs. The default: the
	// fastest cold load measured on the reference handlers (make bench).
	// A CommonJS module loaded with import() gets its named exports
	// beside `default`, as in Node.js: esbuild alone gives only `default`
	// there (esbuild#3245), so lambdaperf adds the interop to each such
	// import() and shifts the source map to match.
	SplitESM Format = "esm-split"
)

// SDK says where a Node.js function's AWS SDK for JavaScript v3
// (@aws-sdk/*) comes from.
type SDK string

// Sources of the AWS SDK for JavaScript.
const (
	// SDKBundled bundles the @aws-sdk/* packages the handler imports into
	// its package, tree-shaken and minified with the handler. The
	// default: the reference handlers load in 0.72-0.78x the time of the
	// same build taking the runtime's SDK file by file from its
	// node_modules (make bench, median of paired runs). It pins the SDK
	// version: the function runs the version in your lock file until you
	// update it and redeploy, not the one the runtime ships (and patches).
	SDKBundled SDK = "bundled"
	// SDKFromRuntime leaves @aws-sdk/* to the SDK the Lambda runtime
	// ships (esbuild --external:@aws-sdk/*): a smaller package that gets
	// the runtime's SDK updates, and a slower cold start.
	SDKFromRuntime SDK = "runtime"
)

// Props configures an optimized function. Every field but Entry is optional;
// the zero value of each is the playbook's default. Plain Go types keep
// defaults and validation out of jsii (fast, testable without synthesis).
type Props struct {
	// Entry is the handler source: a .ts, .js, .mjs or .cjs file for
	// Node.js; the folder of a Go `main` package (inside a module with
	// go.mod) for provided.al2023; a folder of Python modules, with any
	// dependencies vendored into it (`pip install --target`); a folder
	// of Java sources (a source root, or a project with src/main/java); or
	// the output folder of `dotnet publish` (it holds a *.runtimeconfig.json)
	// for .NET, packaged as built: lambdaperf does not run the .NET SDK.
	// A relative path is resolved against the working directory (the
	// project root under `cdk synth`, the package's folder under `go
	// test`): write SourceRelative("handlers/orders") to resolve it
	// against the Go file that declares it instead. Required.
	Entry string

	// Runtime to run on. Default: NodeJS24 for a Node.js file,
	// ProvidedAL2023 for a Go folder, Python313 for a Python folder,
	// Java21 for Java sources, Dotnet10 for a .NET publish folder.
	Runtime Runtime

	// Handler names the code Lambda calls: the exported function of a
	// Node.js entry ("handler"; the file-qualified "index.handler", or
	// "orders.handler" for Entry orders.ts, means the same export, and a
	// dotted path without the file, "handlers.orders", calls
	// exports.handlers.orders); module.function for Python
	// ("orders.handler" calls handler in orders.py); package.Class::method
	// for Java ("com.example.Orders::handleRequest");
	// Assembly::Namespace.Class::Method for .NET
	// ("Orders::Orders.Function::Handle"). Not allowed for Go, whose binary
	// is the handler. Default: "handler" for Node.js, "index.handler" for
	// Python, and for Java the one class whose sources declare a
	// handleRequest method; required for .NET.
	Handler string

	// Profile sizes memory for the workload. Default: Balanced (1,024 MiB).
	Profile Profile

	// MemorySize in MiB, 128..10240; overrides Profile.
	// Default: 0, meaning the profile's memory.
	MemorySize int

	// Timeout of one invocation, 1 s..900 s in whole seconds.
	// Default: 10 s.
	Timeout time.Duration

	// Architecture to run on. Default: ARM64 (Graviton).
	Architecture Architecture

	// Environment variables for the function. Lambda caps the total at
	// 4 KB; reserved names (AWS_REGION, _HANDLER, ...) are refused.
	// Default: none beyond what the construct sets.
	Environment map[string]string

	// LogRetention of the function's log group. Default: one month.
	LogRetention awslogs.RetentionDays

	// ApplicationLogLevel filters the function's own JSON logs.
	// Default: INFO.
	ApplicationLogLevel awslambda.ApplicationLogLevel

	// SystemLogLevel filters the Lambda platform's JSON logs. Default: INFO,
	// which keeps the platform.report records that carry init duration and
	// memory used.
	SystemLogLevel awslambda.SystemLogLevel

	// Tracing mode for AWS X-Ray. Default: ACTIVE. Set Tracing_DISABLED to
	// opt out.
	Tracing awslambda.Tracing

	// ReservedConcurrency caps (and guarantees) concurrent executions.
	// Default: nil, sharing the account's unreserved pool.
	ReservedConcurrency *int

	// ProvisionedConcurrency keeps execution environments initialized on
	// the alias, static or auto-scaled, so the requests they serve never
	// wait for a cold start. It is billed for every hour it is kept;
	// concurrency.ForLoad sizes Min from peak requests/s and duration.
	// Not with SnapStart. Default: nil, every environment on demand.
	ProvisionedConcurrency *concurrency.Config

	// SnapStart restores new execution environments from a snapshot of an
	// initialized one, taken when a version is published; the alias always
	// points at a published version. Not with provisioned concurrency,
	// EFS (Extra.Filesystem) or more than 512 MiB of ephemeral storage.
	// Default: SnapStartDefault, on for Java and off for other runtimes.
	SnapStart SnapStart

	// JavaFullJIT keeps the JVM's default tiered compilation (C1, then the
	// optimizing C2) for long-running, CPU-heavy Java handlers where peak
	// throughput matters more than cold start. A JAVA_TOOL_OPTIONS set in
	// Environment always wins. Default: false, JAVA_TOOL_OPTIONS is
	// "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" (C1 only: less
	// compilation work during init and the first requests).
	JavaFullJIT bool

	// SourceMap ships a source map with a Node.js bundle and sets
	// NODE_OPTIONS=--enable-source-maps. Costs init time on every cold
	// start, so it warns. Default: false.
	SourceMap bool

	// Format of a Node.js bundle. Default: SplitESM (index.mjs and
	// chunks for lazily imported modules). CommonJS with SDKFromRuntime is
	// the build of lambdaperf before SplitESM became the default.
	Format Format

	// SDK says whether a Node.js bundle carries the AWS SDK for
	// JavaScript or leaves it to the runtime. Bundling pins the SDK
	// version the function runs to your lock file. Default: SDKBundled.
	SDK SDK

	// AliasName of the alias that points at the published version; callers,
	// URLs and event sources target it. Default: "live".
	AliasName string

	// Description of the function. Default: none.
	Description string

	// ExpectedDuration is the average invocation duration you expect (from
	// a load test or Lambda Power Tuning). It is recorded in the template's
	// metadata, where `lambdaperf report` and the advisor price the
	// function per million invocations with it. 1 ms..Timeout.
	// Default: 0, unknown: the cost per million is reported as unknown.
	ExpectedDuration time.Duration

	// ExpectedRequestsPerSecond is the steady request rate you expect, on
	// average over a month, in requests per second (>= 0). With
	// ExpectedDuration it is recorded in the template's metadata, where
	// `lambdaperf report` and the advisor price the function on demand,
	// with provisioned concurrency and on Lambda Managed Instances and
	// name the cheapest. Default: 0, unknown: no compute-model comparison.
	ExpectedRequestsPerSecond float64

	// ExpectedCPUShare is the share of ExpectedDuration the function runs
	// on CPU rather than waiting on I/O, above 0 and at most 1 (0.1 for a
	// handler that mostly waits on DynamoDB): Managed Instances run
	// I/O-bound invocations side by side on one vCPU.
	// Default: 0, unknown: priced as CPU-bound (1), the case least
	// favourable to Managed Instances.
	ExpectedCPUShare float64

	// Network places the function in a VPC (network.New, or network.Import
	// for a VPC of yours): in its function subnets, never public ones,
	// with a security group of its own that has no inbound rules and
	// egress on HTTPS (443) only, plus what Connect calls add (a cache's
	// port). Lambda attaches the function through Hyperplane ENIs shared
	// per subnet and security group, created with the function: nothing to
	// pre-create, no cold-start cost. A VPC with no NAT gateway and no
	// endpoint, or missing an endpoint a layer needs, warns.
	// Default: nil, no VPC (the function reaches the internet and AWS APIs
	// from Lambda's own network).
	Network network.Network

	// SecurityGroup replaces the function's own security group, for
	// functions that need the same access and should share Hyperplane
	// ENIs (network.NewFunctionSecurityGroup makes one without inbound
	// rules). Only with Network. Default: nil, a group of its own.
	SecurityGroup awsec2.ISecurityGroup

	// ManagedInstances runs the function's published versions on a
	// capacity provider (Lambda Managed Instances, capacity.New) instead of
	// on demand: memory defaults to 2,048 MiB there (2..32 GiB, at least 1
	// vCPU), SnapStart is off, and provisioned concurrency, Network and
	// SecurityGroup are refused (the provider has the VPC). Runtimes:
	// nodejs22.x and later, python3.13+, java21+, dotnet8+, provided.al2023.
	// Default: nil, the function runs on demand.
	ManagedInstances *ManagedInstances

	// Layers the function loads: extensions.ParametersAndSecrets(),
	// extensions.LambdaInsights() (which follow Architecture and the
	// stack's region) or extensions.FromARN(arn, architectures...).
	// Lambda loads at most 5 layers; every layer the construct adds is
	// counted, and a known layer built for the other architecture is
	// refused. Default: none.
	Layers []extensions.Layer

	// Extra passes any other awslambda.FunctionOptions field (Role,
	// DeadLetterQueue, Filesystem, ...) through to the function. Fields
	// that the construct owns (MemorySize, Timeout, Architecture,
	// Environment, Tracing, logging, ReservedConcurrentExecutions,
	// Description, SnapStart, Vpc and security groups, layers) are refused
	// here with the Props field to use instead. Default: nil.
	Extra *awslambda.FunctionOptions
}
