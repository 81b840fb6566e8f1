package localinvoke

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Local bounds of a Managed Instances run. Lambda runs up to 1,600
// invocations in one environment; this machine runs them beside the load
// generator, so what costs a process or a thread each is capped, with a
// note, and what costs a promise or a goroutine is not.
const (
	// MaxLocalProcesses caps the Python runtime's processes (one per
	// concurrent invocation on Lambda).
	MaxLocalProcesses = 32
	// MaxLocalWorkerThreads caps the Node.js runtime's worker threads
	// (each a V8 isolate that loads the handler).
	MaxLocalWorkerThreads = 16
)

// ManagedInstances is how a function on a Lambda Managed Instances
// capacity provider runs here: in execution environments that each run up
// to LocalConcurrency invocations at once in one runtime, the way the
// runtime runs them on Lambda (lambda.ManagedInstancesExecutionDoc), so
// that state one invocation leaves at module level, or a fixed path in the
// shared /tmp, meets the next one before deploy. There are no cold starts
// on the request path: an environment initializes before its first
// invocation, as Lambda starts environments before a version is active.
type ManagedInstances struct {
	// Concurrency is the function's PerExecutionEnvironmentMaxConcurrency:
	// the template's, else the runtime's documented default.
	Concurrency int `json:"perEnvironmentMaxConcurrency"`
	// ConcurrencySource says where Concurrency comes from.
	ConcurrencySource string `json:"concurrencySource"`
	// LocalConcurrency is what one environment runs at once here:
	// Concurrency, or MaxLocalProcesses for a runtime of one process per
	// invocation.
	LocalConcurrency int `json:"localConcurrency"`
	// MemoryGiBPerVCPU is the environment's memory per vCPU, in GiB.
	MemoryGiBPerVCPU float64 `json:"memoryGiBPerVCpu"`
	// VCPUs of one environment: MemorySize / MemoryGiBPerVCPU.
	VCPUs float64 `json:"vcpus"`
	// Workers are the runtime's workers: Node.js worker threads, Python
	// processes; for provided.al2023 the bootstrap's own loops, as many as
	// LocalConcurrency.
	Workers int `json:"workers"`
	// Model says in words how the runtime runs concurrent invocations.
	Model string `json:"model"`
	// MinEnvironments is the function's MinExecutionEnvironments on
	// Lambda (lambda.DefaultMinExecutionEnvironments when unset).
	MinEnvironments int `json:"minExecutionEnvironments"`
}

// managedInstancesFor resolves how the function af, on a capacity
// provider, runs here, with notes where it assumes; an error where the
// template holds a value Lambda refuses (the advisor's
// managed-instances-invalid rule says more).
func managedInstancesFor(af *assembly.Function, f *Function) (*ManagedInstances, []string, error) {
	mi := af.ManagedInstances
	name := f.Name()
	if !lambda.ManagedInstancesSupported(f.Runtime) {
		return nil, nil, fmt.Errorf("%w: %s is on a capacity provider but its runtime %s does not run on Lambda Managed Instances: use %s (%s)",
			ErrUnsupported, name, f.Runtime, lambda.ManagedInstancesRuntimes, lambda.ManagedInstancesRuntimesDoc)
	}
	var notes []string
	m := &ManagedInstances{MinEnvironments: lambda.DefaultMinExecutionEnvironments}
	if n, ok := mi.MinExecutionEnvironments.Or(lambda.DefaultMinExecutionEnvironments); ok && n > 0 {
		m.MinEnvironments = n
	}
	ratio, ok := mi.MemoryGiBPerVCPU.Or(lambda.DefaultMemoryGiBPerVCPU)
	switch {
	case !ok:
		ratio = lambda.DefaultMemoryGiBPerVCPU
		notes = append(notes, fmt.Sprintf("ExecutionEnvironmentMemoryGiBPerVCpu is an unresolved value in the template: using %g GiB per vCPU", ratio))
	case ratio < lambda.MinMemoryGiBPerVCPU || ratio > lambda.MaxMemoryGiBPerVCPU:
		return nil, nil, fmt.Errorf("%s: ExecutionEnvironmentMemoryGiBPerVCpu must be %g..%g GiB per vCPU, got %g: Lambda refuses the function (%s)",
			name, lambda.MinMemoryGiBPerVCPU, lambda.MaxMemoryGiBPerVCPU, ratio, lambda.FunctionCapacityProviderConfigAPI)
	}
	m.MemoryGiBPerVCPU = ratio
	m.VCPUs = lambda.EnvironmentVCPUs(f.MemoryMiB, ratio)

	n, ok := mi.PerEnvironmentMaxConcurrency.Or(0)
	switch {
	case ok && mi.PerEnvironmentMaxConcurrency.Set:
		if n < lambda.MinPerEnvironmentConcurrency || n > lambda.MaxPerEnvironmentConcurrency {
			return nil, nil, fmt.Errorf("%s: PerExecutionEnvironmentMaxConcurrency must be %d..%d, got %d: Lambda refuses the function (%s)",
				name, lambda.MinPerEnvironmentConcurrency, lambda.MaxPerEnvironmentConcurrency, n, lambda.FunctionCapacityProviderConfigAPI)
		}
		m.Concurrency, m.ConcurrencySource = n, "PerExecutionEnvironmentMaxConcurrency in the template"
	default:
		if !ok {
			notes = append(notes, "PerExecutionEnvironmentMaxConcurrency is an unresolved value in the template: using the runtime's default")
		}
		m.Concurrency, m.ConcurrencySource = defaultConcurrency(f.Runtime, f.MemoryMiB, ratio, m.VCPUs)
	}

	m.LocalConcurrency = m.Concurrency
	fam, _ := lambda.Family(f.Runtime)
	switch fam {
	case "nodejs":
		m.Workers = lambda.NodeJSWorkers(m.VCPUs)
		workerSource := fmt.Sprintf("%d per vCPU, as AWS's runtime interface client starts them", lambda.NodeJSWorkersPerVCPU)
		if v, set := f.Env[lambda.NodeJSWorkerCountEnv]; set {
			w, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || w < 1 {
				return nil, nil, fmt.Errorf("%s: %s must be a whole number of worker threads, 1 or more, got %q", name, lambda.NodeJSWorkerCountEnv, v)
			}
			m.Workers, workerSource = w, lambda.NodeJSWorkerCountEnv
		}
		if m.Workers > MaxLocalWorkerThreads {
			notes = append(notes, fmt.Sprintf("Lambda runs %d worker threads (%s); lambdaperf runs %d here, each taking a larger share of the concurrency", m.Workers, workerSource, MaxLocalWorkerThreads))
			m.Workers = MaxLocalWorkerThreads
		}
		m.Model = fmt.Sprintf("Node.js: %s in one process (%s), each running several invocations at once with async/await and sharing its module state; /tmp shared",
			countOf(m.Workers, "worker thread", "worker threads"), workerSource)
	case "python":
		if m.LocalConcurrency > MaxLocalProcesses {
			notes = append(notes, fmt.Sprintf("Lambda runs %d Python processes in each environment, one per concurrent invocation; lambdaperf runs %d here", m.Concurrency, MaxLocalProcesses))
			m.LocalConcurrency = MaxLocalProcesses
		}
		m.Workers = m.LocalConcurrency
		m.Model = fmt.Sprintf("Python: %s, each with its own init and one invocation at a time; /tmp shared", countOf(m.Workers, "process", "processes"))
	default: // provided.al2023
		m.Workers = m.LocalConcurrency
		m.Model = fmt.Sprintf("provided.al2023: one process, told %s=%d; aws-lambda-go (v1.55.1) and the Rust runtime run that many /next loops at once, an older bootstrap runs one",
			lambda.MaxConcurrencyEnv, m.LocalConcurrency)
	}
	return m, notes, nil
}

// defaultConcurrency is Lambda's PerExecutionEnvironmentMaxConcurrency for
// a function that leaves it unset, and where it comes from.
func defaultConcurrency(rt string, memoryMiB int, ratio, vcpus float64) (int, string) {
	if n, ok := lambda.DefaultPerEnvironmentConcurrency(rt, memoryMiB, ratio); ok {
		per, _ := lambda.ConcurrencyPerVCPU(rt)
		return n, fmt.Sprintf("%s's default: %d per vCPU x %g vCPU", rt, per, vcpus)
	}
	// provided.al2023: the Rust page is the only one that states a default.
	n := int(float64(lambda.RustConcurrencyPerVCPU) * vcpus)
	n = min(max(n, lambda.MinPerEnvironmentConcurrency), lambda.MaxPerEnvironmentConcurrency)
	return n, fmt.Sprintf("Rust's default on %s: %d per vCPU x %g vCPU (%s; no page states Go's)", rt, lambda.RustConcurrencyPerVCPU, vcpus, lambda.ManagedInstancesRustDoc)
}

// NotEmulated says what of Managed Instances a local run with this many
// environments does not reproduce: scaling, the instances and their CPUs,
// throttles.
func (m *ManagedInstances) NotEmulated(environments int) []string {
	return []string{
		fmt.Sprintf("instance scaling: Lambda scales instances and environments asynchronously on CPU utilization and concurrency saturation (%s); here %s, fixed",
			lambda.ManagedInstancesScalingDoc, countOf(environments, "environment", "environments")),
		fmt.Sprintf("the %d-instance minimum and several environments across instances and Availability Zones (MinExecutionEnvironments %d): here %s on one machine",
			lambda.InitialInstances, m.MinEnvironments, countOf(environments, "environment", "environments")),
		fmt.Sprintf("throttles from scale-up lag: Lambda may answer 429 when traffic more than doubles within %d minutes, or when every environment is busy; here a request that finds the environments full waits for a slot",
			int(lambda.ScalingDoublingWindow.Minutes())),
		fmt.Sprintf("CPU contention of the real instance type: an environment has %g vCPU of its EC2 instance; here the runtime shares this machine's %s with the load generator and lambdaperf",
			m.VCPUs, countOf(runtime.NumCPU(), "CPU", "CPUs")),
		"the runtime itself: lambdaperf's runtime interface client runs the handler the way AWS's does for Managed Instances (workers, one /next poll each, structured JSON logs with the requestId), not AWS's code",
	}
}

// countOf is "1 thing" or "n things", with the words given.
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
