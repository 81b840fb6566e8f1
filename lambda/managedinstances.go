package lambda

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Lambda Managed Instances: a capacity provider (AWS::Lambda::CapacityProvider)
// runs execution environments on EC2 instances in the account's VPC, each
// environment serving many invocations at once. The facts below are what
// the API accepts and what Lambda does by default; each names its page.
const (
	// ManagedInstancesDoc is the developer guide's overview.
	ManagedInstancesDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html"
	// ManagedInstancesRuntimesDoc lists the runtimes that run on them.
	ManagedInstancesRuntimesDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-runtimes.html"
	// ManagedInstancesScalingDoc: function memory and vCPUs, the
	// concurrency ceiling per vCPU, three instances at first, throttles
	// when traffic more than doubles within five minutes.
	ManagedInstancesScalingDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-scaling.html"
	// FunctionCapacityProviderConfigAPI is the function's
	// LambdaManagedInstancesCapacityProviderConfig in the API reference.
	FunctionCapacityProviderConfigAPI = "https://docs.aws.amazon.com/lambda/latest/api/API_LambdaManagedInstancesCapacityProviderConfig.html"
	// CapacityProviderScalingAPI is CapacityProviderScalingConfig in the
	// API reference (CreateCapacityProvider).
	CapacityProviderScalingAPI = "https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProviderScalingConfig.html"
	// InstanceRequirementsAPI is InstanceRequirements in the API reference.
	InstanceRequirementsAPI = "https://docs.aws.amazon.com/lambda/latest/api/API_InstanceRequirements.html"
	// CapacityProviderCFN is the CloudFormation resource.
	CapacityProviderCFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-capacityprovider.html"
	// ManagedInstancesMonitoringDoc lists the CloudWatch metrics.
	ManagedInstancesMonitoringDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-monitoring.html"
	// ManagedInstancesNodeJSDoc: worker threads, each running many
	// invocations at once with async/await and sharing the module's global
	// state; 64 concurrent requests per vCPU by default; the worker count
	// follows the vCPUs or AWS_LAMBDA_NODEJS_WORKER_COUNT; a synchronous
	// handler takes one invocation per worker at a time; logs are
	// structured JSON carrying the requestId; /tmp is shared.
	ManagedInstancesNodeJSDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-nodejs-runtime.html"
	// ManagedInstancesPythonDoc: one process per concurrent request, each
	// with its own memory and initialization (globals are not shared), one
	// invocation at a time, all sharing /tmp; 16 per vCPU by default; the
	// per-environment concurrency "also determines the number of
	// processes".
	ManagedInstancesPythonDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-python-runtime.html"
	// ManagedInstancesJavaDoc: OS threads sharing the handler object and
	// static fields; 32 per vCPU by default.
	ManagedInstancesJavaDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-java-runtime.html"
	// ManagedInstancesDotNetDoc: .NET tasks in one process sharing the
	// handler object and static state; 32 per vCPU by default.
	ManagedInstancesDotNetDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-dotnet-runtime.html"
)

// Function memory on Managed Instances, in MiB. The smallest function is
// "2GB and 1 vCPU" (ManagedInstancesScalingDoc, "Function memory and
// vCPUs"); the largest is the MemorySize maximum of AWS::Lambda::Function,
// 32,768, in the CloudFormation resource schema (cfn-lint 1.51.0 ships it),
// above the 10,240 of an on-demand function (QuotasDoc).
const (
	MinManagedInstancesMemoryMiB = 2048
	MaxManagedInstancesMemoryMiB = 32768
)

// Memory per vCPU of an execution environment, in GiB: 2.0..8.0
// (FunctionCapacityProviderConfigAPI, ExecutionEnvironmentMemoryGiBPerVCpu;
// the CloudFormation property has the same bounds). 2 GiB per vCPU when
// unset (aws-cdk-lib 2.276.0's CapacityProviderFunctionOptions: "@default
// 2.0"; it matches the c family's 2:1, the lowest ratio of the scaling
// page). The function's memory buys memory / ratio vCPUs, at least one:
// "You can't configure a function with less than 1 vCPU"
// (ManagedInstancesScalingDoc).
const (
	MinMemoryGiBPerVCPU     = 2.0
	MaxMemoryGiBPerVCPU     = 8.0
	DefaultMemoryGiBPerVCPU = 2.0
)

// Concurrent invocations one execution environment takes:
// PerExecutionEnvironmentMaxConcurrency 1..1600
// (FunctionCapacityProviderConfigAPI). The scaling page advises at most 64
// per vCPU ("Increase concurrency: ... up to 64 per vCPU").
const (
	MinPerEnvironmentConcurrency = 1
	MaxPerEnvironmentConcurrency = 1600
	MaxConcurrencyPerVCPU        = 64
)

// Capacity provider bounds. MaxVCpuCount: 2..15,000
// (CapacityProviderScalingAPI; the CloudFormation schema agrees).
// aws-cdk-lib 2.276.0's CapacityProvider construct refuses less than 12
// ("maxVCpuCount must be between 12 and 15000"), so a construct built on
// it cannot go below CDKMinMaxVCPUs. Subnets 1..16 and security groups up
// to 5 (CapacityProviderCFN, CapacityProviderVpcConfig); 1..10 scaling
// policies; one architecture and up to 400 allowed or excluded instance
// types (InstanceRequirementsAPI).
const (
	MinCapacityProviderVCPUs   = 2
	MaxCapacityProviderVCPUs   = 15000
	CDKMinMaxVCPUs             = 12
	MaxCapacityProviderSubnets = 16
	MaxCapacityProviderGroups  = 5
	MaxScalingPolicies         = 10
	MaxInstanceTypes           = 400
)

// Scaling of a capacity provider. Lambda launches three instances when a
// version is published, for Availability Zone resiliency, and scales on
// CPU utilization and concurrency saturation; traffic that more than
// doubles within five minutes may be throttled while it scales up
// (ManagedInstancesScalingDoc). A Manual scaling mode tracks the one
// predefined metric, a CPU utilization target of 0..100 %
// (CapacityProviderCFN, TargetTrackingScalingPolicy).
const (
	InitialInstances            = 3
	ScalingModeAuto             = "Auto"
	ScalingModeManual           = "Manual"
	CapacityProviderCPUMetric   = "LambdaCapacityProviderAverageCPUUtilization"
	MaxExecutionEnvironmentsAPI = 15000
)

// ManagedInstancesSupported reports whether the runtime runs on Lambda
// Managed Instances: Java 21 and later, Python 3.13 and later, Node.js 22
// and later, .NET 8 and later, and the OS-only provided.al2023
// (ManagedInstancesRuntimesDoc, "Supported languages"). The rule holds for
// versions newer than the page lists.
func ManagedInstancesSupported(rt string) bool {
	fam, ver := Family(rt)
	switch fam {
	case "java":
		return atLeast(ver, 21, 0)
	case "python":
		return atLeast(ver, 3, 13)
	case "nodejs":
		return atLeast(strings.TrimSuffix(ver, ".x"), 22, 0)
	case "dotnet":
		return atLeast(ver, 8, 0)
	case "provided":
		return ver == ".al2023"
	}
	return false
}

// atLeast compares a "major[.minor]" version with major.minor.
func atLeast(ver string, major, minor int) bool {
	maj, min, hasMinor := strings.Cut(ver, ".")
	m, err := strconv.Atoi(maj)
	if err != nil {
		return false
	}
	if m != major {
		return m > major
	}
	if !hasMinor {
		return minor == 0
	}
	n, err := strconv.Atoi(min)
	return err == nil && n >= minor
}

// ManagedInstancesRuntimes says in words which runtimes run on Managed
// Instances, for messages.
const ManagedInstancesRuntimes = "Node.js 22+ (nodejs22.x, nodejs24.x), Python 3.13+, Java 21+, .NET 8+ or provided.al2023"

// ConcurrencyPerVCPU is Lambda's default PerExecutionEnvironmentMaxConcurrency
// per vCPU for the runtime, from each runtime's page: Node.js 64
// (ManagedInstancesNodeJSDoc), Java 32 (ManagedInstancesJavaDoc), .NET 32
// (ManagedInstancesDotNetDoc), Python 16, one process each
// (ManagedInstancesPythonDoc).
// ok is false where no page states a default (provided.al2023) or the
// runtime does not run on Managed Instances.
func ConcurrencyPerVCPU(rt string) (perVCPU int, ok bool) {
	if !ManagedInstancesSupported(rt) {
		return 0, false
	}
	switch fam, _ := Family(rt); fam {
	case "nodejs":
		return 64, true
	case "java", "dotnet":
		return 32, true
	case "python":
		return 16, true
	}
	return 0, false
}

// ManagedInstancesSharesMemory reports whether concurrent invocations in
// one execution environment on Managed Instances share the module's (or
// class's static) state in memory, from each runtime's page: Node.js
// runs many invocations on each worker thread with async/await, and
// "each concurrent request handled by the same worker thread shares the
// same handler object and global state" (ManagedInstancesNodeJSDoc); Java
// threads share "the same handler object and any static fields"
// (ManagedInstancesJavaDoc); .NET tasks share the handler object
// (ManagedInstancesDotNetDoc); Rust on provided.al2023 runs async tasks in
// one process (ManagedInstancesRuntimesDoc). Python runs each concurrent request in a
// process of its own, so "global variables, module-level caches, and
// singleton objects are isolated between concurrent requests"
// (ManagedInstancesPythonDoc): false. Every runtime's invocations share
// the environment's /tmp (ManagedInstancesRuntimesDoc; the Python page's
// "Shared /tmp directory").
func ManagedInstancesSharesMemory(rt string) bool {
	switch fam, _ := Family(rt); fam {
	case "nodejs", "java", "dotnet", "provided":
		return true
	}
	return false
}

// EnvironmentVCPUs is the vCPUs an execution environment of memoryMiB at
// gibPerVCPU gets: memory / ratio.
func EnvironmentVCPUs(memoryMiB int, gibPerVCPU float64) float64 {
	if gibPerVCPU <= 0 {
		gibPerVCPU = DefaultMemoryGiBPerVCPU
	}
	return float64(memoryMiB) / 1024 / gibPerVCPU
}

// DefaultPerEnvironmentConcurrency is the PerExecutionEnvironmentMaxConcurrency
// Lambda applies when a function leaves it unset: the runtime's default per
// vCPU times the environment's vCPUs, within the API's 1..1600. ok is false
// where no default is documented.
func DefaultPerEnvironmentConcurrency(rt string, memoryMiB int, gibPerVCPU float64) (int, bool) {
	per, ok := ConcurrencyPerVCPU(rt)
	if !ok {
		return 0, false
	}
	n := int(math.Floor(float64(per) * EnvironmentVCPUs(memoryMiB, gibPerVCPU)))
	return min(max(n, MinPerEnvironmentConcurrency), MaxPerEnvironmentConcurrency), true
}

// CapacityProviderVCPUsInRange reports whether the API accepts a
// capacity provider's MaxVCpuCount of n.
func CapacityProviderVCPUsInRange(n int) bool {
	return n >= MinCapacityProviderVCPUs && n <= MaxCapacityProviderVCPUs
}

// ManagedInstancesFunction is what Lambda checks of a function on a
// capacity provider, in plain values: the construct fills it from its
// props, the advisor from a template. Zero values are "not set" (Lambda's
// default applies); Unknown* say a value is present but not known (a CDK
// token, an intrinsic), and its checks are skipped.
type ManagedInstancesFunction struct {
	Runtime   string // "" when unknown
	MemoryMiB int    // 0 when unset (Lambda's 128 MiB) or unknown
	// MemoryUnknown says the memory, or the memory per vCPU that turns it
	// into vCPUs, is present but not known: the memory checks are skipped.
	MemoryUnknown    bool
	MemoryGiBPerVCPU float64 // 0 when unset (2.0)
	// PerEnvironmentMaxConcurrency is 0 when unset (the runtime's default).
	PerEnvironmentMaxConcurrency int
	// Architecture of the function ("" when unknown).
	Architecture string
	// ProviderArchitecture is the architecture of the capacity provider's
	// instances ("" when unknown or not constrained); it must equal
	// Architecture.
	ProviderArchitecture string
	// SnapStart says SnapStart is on for the function, which Managed
	// Instances refuse.
	SnapStart bool
	// ProvisionedConcurrency says provisioned concurrency is configured
	// for the function, which Managed Instances refuse.
	ProvisionedConcurrency bool
}

// ManagedInstancesProblem is one setting Lambda refuses on a function on a
// capacity provider: the field, its value, and what is wrong and how to fix
// it, in a sentence each caller prefixes with its own names.
type ManagedInstancesProblem struct {
	// Field names the setting refused: a ManagedInstancesFunction field,
	// or "MemorySize" for MemoryMiB.
	Field string
	// Value is the refused value as text ("1024", "PublishedVersions").
	Value string
	// Message says what is wrong and how to fix it, without the caller's
	// names.
	Message string
}

// Problems returns every setting of f that Lambda refuses, in a fixed
// order, or nil. The construct and the advisor both call it, so they
// cannot disagree.
func (f ManagedInstancesFunction) Problems() []ManagedInstancesProblem {
	var out []ManagedInstancesProblem
	add := func(field, value, format string, args ...any) {
		out = append(out, ManagedInstancesProblem{Field: field, Value: value, Message: fmt.Sprintf(format, args...)})
	}
	if f.Runtime != "" && !ManagedInstancesSupported(f.Runtime) {
		add("Runtime", f.Runtime, "runtime %s does not run on Lambda Managed Instances: use %s (%s)", f.Runtime, ManagedInstancesRuntimes, ManagedInstancesRuntimesDoc)
	}
	ratio := f.MemoryGiBPerVCPU
	if ratio != 0 && (ratio < MinMemoryGiBPerVCPU || ratio > MaxMemoryGiBPerVCPU) {
		add("MemoryGiBPerVCPU", trimFloat(ratio), "ExecutionEnvironmentMemoryGiBPerVCpu must be %g..%g GiB per vCPU, got %s: use 2 (compute), 4 (general purpose) or 8 (memory optimized)", MinMemoryGiBPerVCPU, MaxMemoryGiBPerVCPU, trimFloat(ratio))
		ratio = 0
	}
	if ratio == 0 {
		ratio = DefaultMemoryGiBPerVCPU
	}
	if !f.MemoryUnknown {
		mem := f.MemoryMiB
		if mem == 0 {
			mem = DefaultMemoryMiB
		}
		switch {
		case mem < MinManagedInstancesMemoryMiB || mem > MaxManagedInstancesMemoryMiB:
			add("MemorySize", strconv.Itoa(mem), "a function on Managed Instances takes %d..%d MiB of memory, got %d: the smallest is 2 GiB and 1 vCPU (%s)", MinManagedInstancesMemoryMiB, MaxManagedInstancesMemoryMiB, mem, ManagedInstancesScalingDoc)
		case EnvironmentVCPUs(mem, ratio) < 1:
			add("MemorySize", strconv.Itoa(mem), "%d MiB at %s GiB per vCPU is less than 1 vCPU, which Lambda refuses on Managed Instances: set MemorySize to at least %d MiB or lower the memory per vCPU", mem, trimFloat(ratio), int(math.Ceil(ratio*1024)))
		}
	}
	if c := f.PerEnvironmentMaxConcurrency; c != 0 && (c < MinPerEnvironmentConcurrency || c > MaxPerEnvironmentConcurrency) {
		add("PerEnvironmentMaxConcurrency", strconv.Itoa(c), "PerExecutionEnvironmentMaxConcurrency must be %d..%d, got %d (%s)", MinPerEnvironmentConcurrency, MaxPerEnvironmentConcurrency, c, FunctionCapacityProviderConfigAPI)
	}
	if f.Architecture != "" && f.ProviderArchitecture != "" && f.Architecture != f.ProviderArchitecture {
		add("Architecture", f.Architecture, "the function is built for %s but its capacity provider launches %s instances: build the function for %s, or use a capacity provider of %s instances", f.Architecture, f.ProviderArchitecture, f.ProviderArchitecture, f.Architecture)
	}
	if f.SnapStart {
		add("SnapStart", "PublishedVersions", "SnapStart restores environments for cold starts, which Managed Instances do not have (execution environments are started before a version is active, %s): turn SnapStart off", ManagedInstancesScalingDoc)
	}
	if f.ProvisionedConcurrency {
		add("ProvisionedConcurrency", "set", "provisioned concurrency keeps on-demand environments warm; a function on Managed Instances keeps its environments on its capacity provider's instances (at least %d are started when a version is published, %s): remove the provisioned concurrency", InitialInstances, ManagedInstancesScalingDoc)
	}
	return out
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
