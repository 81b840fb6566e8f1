package audit

import (
	"fmt"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleManagedInstancesInvalid = &Rule{
	ID:       "managed-instances-invalid",
	Severity: Error,
	Summary:  "a Managed Instances function or capacity provider with a setting Lambda refuses",
	Source:   lambda.FunctionCapacityProviderConfigAPI + " (and " + lambda.ManagedInstancesRuntimesDoc + ", " + lambda.ManagedInstancesScalingDoc + ", " + lambda.CapacityProviderScalingAPI + ")",
	Fix:      "Keep the function and its capacity provider within what Lambda accepts: a supported runtime (Node.js 22+, Python 3.13+, Java 21+, .NET 8+), memory 2,048..32,768 MiB, 2..8 GiB per vCPU, per-environment concurrency 1..1,600, no SnapStart or provisioned concurrency; optimizedfn.Props.ManagedInstances and capacity.New check all of it at synth.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if f.ManagedInstances == nil {
				continue
			}
			for _, p := range managedInstancesOf(f).Problems() {
				what, fix, _ := strings.Cut(p.Message, ": ")
				c.report(f.Resource,
					fmt.Sprintf("%s runs on Lambda Managed Instances and its %s is %s: %s; the deploy fails or the function cannot run there.", name(f.Resource), p.Field, p.Value, what),
					capitalize(fix)+".")
			}
		}
		for _, st := range c.model.Stacks {
			for _, cp := range st.CapacityProviders {
				if n := cp.MaxVCPUs; n.Known() && !lambda.CapacityProviderVCPUsInRange(n.V) {
					c.report(cp.Resource,
						fmt.Sprintf("%s has MaxVCpuCount %d; Lambda accepts %d..%d: the deploy fails.", name(cp.Resource), n.V, lambda.MinCapacityProviderVCPUs, lambda.MaxCapacityProviderVCPUs),
						fmt.Sprintf("Set MaxVCpuCount within %d..%d: it bounds how many vCPUs of instances the capacity provider launches (at least %d instances start).", lambda.MinCapacityProviderVCPUs, lambda.MaxCapacityProviderVCPUs, lambda.InitialInstances))
				}
				for i, target := range cp.CPUTargets {
					if target.Known() && (target.V <= 0 || target.V > 100) {
						c.report(cp.Resource,
							fmt.Sprintf("%s has a CPU utilization target of %g %% (ScalingPolicies[%d]); Lambda accepts a percentage up to 100: the deploy fails.", name(cp.Resource), target.V, i),
							"Set TargetValue to a percentage above 0 and at most 100; lower keeps more headroom for traffic that grows faster than instances launch.")
					}
				}
			}
		}
	},
}

// managedInstancesOf is a Managed Instances function as package lambda
// checks it; values the template does not fix are left for Lambda's
// defaults or skipped.
func managedInstancesOf(f *Function) lambda.ManagedInstancesFunction {
	mi := f.ManagedInstances
	out := lambda.ManagedInstancesFunction{
		Runtime:       f.RuntimeName(),
		MemoryUnknown: f.MemoryMiB.Unknown || mi.MemoryGiBPerVCPU.Unknown,
		SnapStart:     f.SnapStartOn(),
	}
	if f.MemoryMiB.Known() {
		out.MemoryMiB = f.MemoryMiB.V
	}
	if mi.MemoryGiBPerVCPU.Known() {
		out.MemoryGiBPerVCPU = mi.MemoryGiBPerVCPU.V
	}
	if mi.PerEnvironmentMaxConcurrency.Known() {
		out.PerEnvironmentMaxConcurrency = mi.PerEnvironmentMaxConcurrency.V
	}
	if arch, ok := f.Arch(); ok {
		out.Architecture = arch
	}
	if cp := mi.Provider; cp != nil && cp.Architecture.Known() {
		out.ProviderArchitecture = cp.Architecture.V
	}
	for _, p := range provisioned(f) {
		if n, ok := p.max.Or(0); !ok || n > 0 {
			out.ProvisionedConcurrency = true
		}
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
