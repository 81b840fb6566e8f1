package assembly

import (
	"github.com/lambdaperf/lambdaperf/handlercode"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Template values the reader interprets. Lambda's defaults for what a
// template leaves out (memory, timeout, architecture) are in package lambda.
const (
	LatestVersion       = "$LATEST"
	pcScalableDimension = "lambda:function:ProvisionedConcurrency"
	snapStartPublished  = "PublishedVersions"
)

// Value is a property that may be absent (Set false), known, or unknown:
// present but an intrinsic function the reader cannot resolve. Rules skip
// unknown values instead of guessing.
type Value[T any] struct {
	// V is the value when it is present and known.
	V T
	// Set says the property is present in the template.
	Set bool
	// Unknown says it is present but an intrinsic the reader cannot resolve.
	Unknown bool
}

// KnownValue returns a present, known Value.
func KnownValue[T any](v T) Value[T] { return Value[T]{V: v, Set: true} }

// UnknownValue returns a present Value whose content is not known.
func UnknownValue[T any]() Value[T] { return Value[T]{Set: true, Unknown: true} }

// Known reports whether the value is present and known.
func (v Value[T]) Known() bool { return v.Set && !v.Unknown }

// Or returns the value, def when absent, and ok false when unknown.
func (v Value[T]) Or(def T) (T, bool) {
	switch {
	case !v.Set:
		return def, true
	case v.Unknown:
		var zero T
		return zero, false
	}
	return v.V, true
}

// Suppression acknowledges one rule on one resource, with the reason.
type Suppression struct {
	// ID of the rule acknowledged.
	ID string `json:"id"`
	// Reason the finding does not apply, 10+ characters to count.
	Reason string `json:"reason"`
}

// Resource is what every modelled resource has: where it is and how to
// acknowledge findings on it.
type Resource struct {
	// Stack holds the resource.
	Stack *Stack
	// LogicalID of the resource in its template.
	LogicalID string
	Path      string // construct path (aws:cdk:path), when known
	// Suppressions acknowledge rules on the resource (lambdaperf metadata).
	Suppressions []Suppression
}

// Model is everything an audit looks at: one entry per stack.
type Model struct {
	// Stacks are the stacks read.
	Stacks []*Stack
	// Unread lists the parts of the input that were not read, or read only
	// in part, and why: the audit reports each, so nothing is skipped
	// silently.
	Unread []Unread
}

// Unread is a part of the input the reader did not read: a template or a
// nested assembly (whole stacks went unaudited), or, when Partial, a file
// the stacks were read without (an asset manifest, construct metadata).
type Unread struct {
	// Stack is the stack the part belongs to, when it is known.
	Stack string
	// File is the file or folder, relative to the assembly folder.
	File string
	// Why it was not read, and what that leaves out.
	Why string
	// Partial: the stacks were read without this part.
	Partial bool
}

// Malformed is a property whose JSON type is not the one CloudFormation
// requires (MemorySize "lots", Timeout [1]): CloudFormation refuses the
// template, and the reader reads the value as unknown, which every rule
// skips. Stack.Malformed lists them so that the audit reports them.
type Malformed struct {
	Resource
	// Type is the resource's type ("" when it has none).
	Type string
	// Property is the property's path below Properties
	// ("Environment.Variables.DEBUG", "ScheduledActions[0].Schedule"), or
	// "" when the resource itself is malformed.
	Property string
	// Value is the value as JSON, cut to 80 bytes.
	Value string
	// Want says what CloudFormation requires: "a whole number", "a
	// string", "a list", "an object".
	Want string
}

// Stack is one CloudFormation template and the Lambda resources in it.
type Stack struct {
	// Name of the stack (its artifact ID, or the template file's name).
	Name string
	// Environment groups stacks that share an account and region
	// (aws://account/region from the cloud assembly, "" when unknown).
	Environment string
	// Functions are the stack's AWS::Lambda::Function resources.
	Functions []*Function
	// Versions are its AWS::Lambda::Version resources.
	Versions []*Version
	// Aliases are its AWS::Lambda::Alias resources.
	Aliases []*Alias
	// ScalableTargets are its provisioned-concurrency scalable targets.
	ScalableTargets []*ScalableTarget
	// ScalingPolicies are the scaling policies on those targets.
	ScalingPolicies []*ScalingPolicy
	// LogGroups are its log groups (and CDK log-retention resources).
	LogGroups []*LogGroup
	// APIIntegrations are the REST API integrations and authorizers that
	// invoke its functions.
	APIIntegrations []*APIIntegration
	// Dashboards are its CloudWatch dashboards whose body could be read.
	Dashboards []*Dashboard
	// CapacityProviders are the stack's Lambda Managed Instances capacity
	// providers (AWS::Lambda::CapacityProvider).
	CapacityProviders []*CapacityProvider
	// EventSources are the stack's event source mappings, queues, async
	// invoke configs and async invokers; never nil once read.
	EventSources *EventSources
	// TemplateFile is the template file the stack was read from; "" for
	// a template built in memory (StackFromTemplate).
	TemplateFile string
	// Malformed lists the properties of the wrong JSON type.
	Malformed []Malformed
	// Metadata is the construct metadata the cloud assembly's manifest
	// keeps for the stack, by construct path ("/Stack/Fn/Resource"); nil
	// without a manifest.
	Metadata map[string][]MetadataEntry

	// template and opts read the stack again under a condition (Assume).
	template   map[string]any
	opts       TemplateOptions
	conditions map[string]bool
}

// Layer is one entry of a function's Layers list. Candidates holds the
// possible ARNs when the entry is a Fn::FindInMap over a region mapping.
type Layer struct {
	// ARN of the layer version.
	ARN Value[string]
	// Candidates are the possible ARNs when ARN is a region mapping lookup.
	Candidates []string
}

// Retention says whether a function's log group has a retention period.
type Retention int

// Retention states.
const (
	RetentionUnknown Retention = iota // the log group is outside the template
	RetentionNone                     // logs are kept forever
	RetentionSet                      // a retention period is configured
)

// Function is an AWS::Lambda::Function in neutral form.
type Function struct {
	Resource
	// Runtime identifier, e.g. nodejs24.x; absent for a container image.
	Runtime     Value[string]
	PackageType string // "Zip" or "Image"
	// Architecture: x86_64 or arm64 (the first of Architectures).
	Architecture Value[string]
	// MemoryMiB is MemorySize, in MiB.
	MemoryMiB Value[int]
	// TimeoutSec is Timeout, in seconds.
	TimeoutSec Value[int]
	// EphemeralMiB is the size of /tmp (EphemeralStorage), in MiB.
	EphemeralMiB Value[int]
	// Env holds the known environment variables; EnvUnknown names the
	// variables whose values are intrinsics, and EnvAllUnknown is set when
	// the whole Variables map is one.
	Env map[string]string
	// EnvUnknown names the variables whose values are intrinsics.
	EnvUnknown []string
	// EnvAllUnknown says the whole Variables map is an intrinsic.
	EnvAllUnknown bool
	// EnvSecretRefs names the variables whose value holds a dynamic
	// reference to a Secrets Manager secret ({{resolve:secretsmanager:...}}),
	// which CloudFormation resolves into the plain-text configuration.
	EnvSecretRefs []string
	// Layers are the function's layer entries, in order.
	Layers []Layer
	// LayersUnknown says the Layers list is an intrinsic.
	LayersUnknown bool
	// Reserved is ReservedConcurrentExecutions.
	Reserved    Value[int]
	SnapStart   Value[string] // SnapStart.ApplyOn
	FileSystems bool          // EFS mounted
	// Handler is the handler setting (module.export, or bootstrap).
	Handler string
	// LogRetention says whether the function's log group keeps logs for a
	// limited time.
	LogRetention Retention
	// ExpectedDurationMs is the average invocation duration the function
	// declares, in milliseconds, in its template metadata
	// {"lambdaperf": {"expectedDurationMs": N}}; cost estimates use it
	// instead of the assumed duration.
	ExpectedDurationMs Value[int]
	// ExpectedRequestsPerSecond is the steady load the function declares
	// in the same metadata ({"expectedRequestsPerSecond": R}), in requests
	// per second: the report and the advisor price its three compute
	// models with it.
	ExpectedRequestsPerSecond Value[float64]
	// ExpectedCPUShare is the share 0..1 of the duration the function
	// declares it runs on CPU rather than waiting on I/O, in the same
	// metadata ({"expectedCpuShare": S}); absent means priced as CPU-bound
	// (costmodel.Load.CPUShare).
	ExpectedCPUShare Value[float64]
	// Framework marks the handler of one of CDK's own custom resources
	// (log retention, S3 auto-delete, AwsCustomResource...): only rules
	// whose findings fail the deploy apply to it.
	Framework bool
	// AssetPath is the staged code asset (folder, .zip or .jar) found
	// through aws:asset:path metadata or the stack's asset manifest.
	AssetPath string
	// Asset is what the inspection of AssetPath found; nil when not read.
	Asset *CodeAsset
	// Code is what reading the handler's code (Node.js and Python, parsed,
	// never run) found; nil when the runtime's code is not read or there
	// is no asset.
	Code *handlercode.Facts
	// AssetProblem says why a code asset that exists was not read: it is
	// outside the assembly folder, unreadable or corrupt. The advisor
	// reports it on the function.
	AssetProblem string
	// AssetOverLimit says why a code asset was not read because it holds
	// more than Lambda deploys (lambda.MaxUnzippedBytes): a file or all of
	// them, from the sizes the folder or the zip's headers declare.
	AssetOverLimit string
	// NotInspected says why the function has no code asset to read
	// (inline code, a container image, a template without its assembly).
	NotInspected string
	// Versions of the function in the template.
	Versions []*Version
	// Aliases of the function in the template.
	Aliases []*Alias
	// ScalableTargets scale the function's concurrency under a qualifier
	// that is no alias of the template ($LATEST, a version, none).
	ScalableTargets []*ScalableTarget
	// ManagedInstances is the function's capacity-provider configuration
	// (CapacityProviderConfig and what goes with it); nil for a function
	// that runs on demand.
	ManagedInstances *ManagedInstances
}

// Arch returns the function's architecture (x86_64 when not set).
func (f *Function) Arch() (string, bool) { return f.Architecture.Or(string(lambda.DefaultArch)) }

// Memory returns the memory size in MiB (128 when not set).
func (f *Function) Memory() (int, bool) { return f.MemoryMiB.Or(lambda.DefaultMemoryMiB) }

// RuntimeName returns the runtime id, or "" when unset or unknown.
func (f *Function) RuntimeName() string {
	if f.Runtime.Known() {
		return f.Runtime.V
	}
	return ""
}

// SnapStartOn reports whether SnapStart applies to published versions.
func (f *Function) SnapStartOn() bool {
	return f.SnapStart.Known() && f.SnapStart.V == snapStartPublished
}

// Version is an AWS::Lambda::Version.
type Version struct {
	Resource
	Function *Function // nil when the function is not in the template
	// Provisioned is the version's ProvisionedConcurrencyConfig.
	Provisioned Value[int]
}

// Alias is an AWS::Lambda::Alias.
type Alias struct {
	Resource
	// Name of the alias.
	Name string
	// Function the alias belongs to; nil when outside the template.
	Function *Function
	// Version is the Version resource the alias points at; VersionRef is the
	// FunctionVersion literal ("$LATEST", "3") when it is not a resource.
	Version *Version
	// VersionRef is the FunctionVersion value when it names no Version
	// resource.
	VersionRef Value[string]
	// Provisioned is the alias's ProvisionedConcurrencyConfig.
	Provisioned Value[int]
	Weighted    bool // RoutingConfig with additional version weights
	// ScalableTargets scale this alias's provisioned concurrency.
	ScalableTargets []*ScalableTarget
}

// OnLatest reports whether the alias points at the unpublished $LATEST.
func (a *Alias) OnLatest() bool {
	return a.Version == nil && a.VersionRef.Known() && a.VersionRef.V == LatestVersion
}

// ScalableTarget is an AWS::ApplicationAutoScaling::ScalableTarget for a
// Lambda function's provisioned concurrency.
type ScalableTarget struct {
	Resource
	// Min and Max are MinCapacity and MaxCapacity.
	Min, Max Value[int]
	// Alias or Function is the target, when the ResourceId names one from the
	// template. Qualifier is what follows "function:<name>:" in the
	// ResourceId: known "" when nothing does (no qualifier at all).
	Alias *Alias
	// Function is the target's function when the ResourceId names one of the
	// template.
	Function *Function
	// Qualifier is what follows "function:<name>:" in the ResourceId.
	Qualifier Value[string]
	// LiteralResourceID: the ResourceId is a plain string
	// ("function:NAME:ALIAS"), linked to its function through FunctionName.
	LiteralResourceID bool
	// OrderedAfterAlias: the template creates the target after its alias
	// (a reference to the alias or a DependsOn, directly or not).
	OrderedAfterAlias bool
	// ScheduledActions are the target's scheduled scaling actions.
	ScheduledActions []ScheduledAction
	// Policies are the scaling policies on the target.
	Policies []*ScalingPolicy
}

// TargetFunction returns the function whose concurrency the target scales.
func (s *ScalableTarget) TargetFunction() *Function {
	if s.Alias != nil {
		return s.Alias.Function
	}
	return s.Function
}

// LogGroup is an AWS::Logs::LogGroup (or a CDK Custom::LogRetention).
type LogGroup struct {
	Resource
	// FunctionRef is the logical id of the function whose default log group
	// (/aws/lambda/<name>) this is, when the name says so.
	FunctionRef string
	// Retention is RetentionInDays; absent means logs never expire.
	Retention Value[int]
}
