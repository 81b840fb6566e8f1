package optimizedfn

import (
	"fmt"
	"math"

	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// ManagedInstances runs the function on a capacity provider (Lambda
// Managed Instances) instead of on demand: EC2 instances in your VPC, each
// execution environment serving many invocations at once, no cold start on
// the request path, billed per instance hour (plus a management fee and
// requests) instead of per GB-second. The handler must be safe for
// concurrent invocations (docs/managed-instances.md). Published versions
// run on the provider; the alias stays the invoke target.
type ManagedInstances struct {
	// CapacityProvider the function's versions run on (capacity.New).
	// Required.
	CapacityProvider capacity.IProvider

	// MemoryGiBPerVCPU is the memory of an execution environment per vCPU,
	// 2..8 GiB: 2 suits I/O-bound Node.js, Java and .NET handlers; AWS
	// suggests 4 or 8 for Python, whose concurrent invocations are
	// processes. Props.MemorySize (default 2,048 MiB on Managed Instances,
	// the smallest) divided by it is the environment's vCPUs, at least 1.
	// Default: 2 GiB per vCPU (lambda.DefaultMemoryGiBPerVCPU).
	MemoryGiBPerVCPU float64

	// PerEnvironmentMaxConcurrency caps the invocations one execution
	// environment runs at once, 1..1600. Size connection pools and other
	// shared resources for it. Default: the runtime's documented default
	// per vCPU times the environment's vCPUs (Node.js 64, Java 32, .NET 32,
	// Python 16 per vCPU; lambda.ConcurrencyPerVCPU cites each page);
	// for provided.al2023, whose default no page states, Lambda's own.
	PerEnvironmentMaxConcurrency int
}

// ManagedInstancesPlan is the resolved capacity-provider configuration of a
// function on Managed Instances.
type ManagedInstancesPlan struct {
	// CapacityProvider is the construct path of the capacity provider.
	CapacityProvider string
	// Architecture of the provider's instances (the function's too).
	Architecture lambda.Arch
	// MemoryGiBPerVCPU is the environment's memory per vCPU, in GiB.
	MemoryGiBPerVCPU float64
	// VCPUs of one execution environment: memory / MemoryGiBPerVCPU.
	VCPUs float64
	// PerEnvironmentMaxConcurrency is the cap written to the template; 0
	// leaves Lambda's default (no page states it for the runtime).
	PerEnvironmentMaxConcurrency int
	// ConcurrencySource says where PerEnvironmentMaxConcurrency comes
	// from: the props, or the runtime's documented default.
	ConcurrencySource string
}

// resolveManagedInstances checks a function on a capacity provider: the
// runtime, memory and memory per vCPU, per-environment concurrency and
// architecture through lambda.ManagedInstancesFunction (the advisor's
// managed-instances-invalid rule runs the same check over templates), and
// what the construct adds: provisioned concurrency
// (concurrency.ForManagedInstances), SnapStart, and no VPC of its own.
func resolveManagedInstances(p *Plan, props *Props, fail func(string, ...any)) {
	mi := props.ManagedInstances
	if mi == nil {
		return
	}
	if mi.CapacityProvider == nil {
		fail("ManagedInstances.CapacityProvider is required: pass capacity.New(...), the capacity provider the function runs on")
		return
	}
	cp := mi.CapacityProvider.Plan()
	out := &ManagedInstancesPlan{CapacityProvider: cp.Path, Architecture: cp.Architecture, MemoryGiBPerVCPU: mi.MemoryGiBPerVCPU}
	if out.MemoryGiBPerVCPU == 0 {
		out.MemoryGiBPerVCPU = lambda.DefaultMemoryGiBPerVCPU
	}
	if props.MemorySize == 0 && props.Profile == (Profile{}) {
		// Balanced's 1,024 MiB is below the smallest Managed Instances
		// function: 2 GiB and 1 vCPU at the default 2 GiB per vCPU.
		p.MemoryMiB = max(lambda.MinManagedInstancesMemoryMiB, int(math.Ceil(out.MemoryGiBPerVCPU*1024)))
		p.Profile = "managed-instances"
	}
	check := lambda.ManagedInstancesFunction{
		Runtime:                      string(p.Runtime),
		MemoryMiB:                    p.MemoryMiB,
		MemoryGiBPerVCPU:             mi.MemoryGiBPerVCPU,
		PerEnvironmentMaxConcurrency: mi.PerEnvironmentMaxConcurrency,
		Architecture:                 string(p.Architecture),
		ProviderArchitecture:         string(cp.Architecture),
		SnapStart:                    props.SnapStart == SnapStartOn,
	}
	bad := false
	for _, prob := range check.Problems() {
		bad = true
		fail("%s %s: %s", managedField(prob.Field), prob.Value, prob.Message)
	}
	if err := concurrency.ForManagedInstances("ProvisionedConcurrency", props.ProvisionedConcurrency); err != nil {
		bad = true
		fail("%v", err)
	}
	if props.Network != nil || props.SecurityGroup != nil {
		fail("Network and SecurityGroup place an on-demand function in a VPC; a function on Managed Instances runs in its capacity provider's VPC and security group: remove them and set capacity.Props.Network")
	}
	if bad {
		return
	}
	out.VCPUs = lambda.EnvironmentVCPUs(p.MemoryMiB, out.MemoryGiBPerVCPU)
	out.PerEnvironmentMaxConcurrency = mi.PerEnvironmentMaxConcurrency
	switch per, documented := lambda.ConcurrencyPerVCPU(string(p.Runtime)); {
	case mi.PerEnvironmentMaxConcurrency != 0:
		out.ConcurrencySource = "ManagedInstances.PerEnvironmentMaxConcurrency"
	case documented:
		out.PerEnvironmentMaxConcurrency, _ = lambda.DefaultPerEnvironmentConcurrency(string(p.Runtime), p.MemoryMiB, out.MemoryGiBPerVCPU)
		out.ConcurrencySource = fmt.Sprintf("%s default: %d per vCPU x %g vCPU", familyName(p.Runtime), per, out.VCPUs)
	default:
		out.ConcurrencySource = fmt.Sprintf("Lambda's default for %s (no page states it)", p.Runtime)
	}
	p.ManagedInstances = out
}

// managedField names a lambda.ManagedInstancesProblem's field as the props
// spell it.
func managedField(field string) string {
	switch field {
	case "MemoryGiBPerVCPU", "PerEnvironmentMaxConcurrency":
		return "ManagedInstances." + field
	}
	return field
}

func familyName(r Runtime) string {
	switch fam, _ := lambda.Family(string(r)); fam {
	case "nodejs":
		return "Node.js"
	case "java":
		return "Java"
	case "dotnet":
		return ".NET"
	case "python":
		return "Python"
	}
	return string(r)
}

func managedProvider(props *Props) capacity.IProvider {
	if props.ManagedInstances == nil {
		return nil
	}
	return props.ManagedInstances.CapacityProvider
}
