package optimizedfn

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/costmodel"
)

// Profile names the shape of a workload and so the memory it gets. Lambda
// allocates CPU in proportion to memory (1,769 MiB buys one full vCPU), so
// memory is the CPU knob. The zero value is Balanced.
type Profile struct {
	name     string
	memory   int // MiB
	vcpus    int // requested full vCPUs, for Parallel only
	parallel bool
}

var (
	// Balanced is the default: 1,024 MiB, about 0.58 vCPU.
	Balanced = Profile{name: "balanced", memory: 1024}
	// CPUBound buys one full vCPU: 1,769 MiB.
	CPUBound = Profile{name: "cpu-bound", memory: costmodel.MiBPerVCPU}
	// IOBound waits on the network more than it computes: 512 MiB.
	IOBound = Profile{name: "io-bound", memory: 512}
	// Simple is a small, fast handler: 256 MiB.
	Simple = Profile{name: "simple", memory: 256}
)

// Parallel buys n full vCPUs for worker threads or multiprocessing:
// n x 1,769 MiB, capped at Lambda's 10,240 MiB (6 vCPUs). n must be 1..6;
// anything else is reported by Validate.
func Parallel(n int) Profile {
	return Profile{name: fmt.Sprintf("parallel(%d)", n), memory: costmodel.MemoryForVCPUs(float64(n)), vcpus: n, parallel: true}
}

// Name is the profile's label, e.g. "cpu-bound" or "parallel(2)".
func (p Profile) Name() string {
	if p.name == "" {
		return Balanced.name
	}
	return p.name
}

// MemoryMiB is the memory the profile asks for, in MiB.
func (p Profile) MemoryMiB() int {
	if p.name == "" {
		return Balanced.memory
	}
	return p.memory
}

func (p Profile) validate() error {
	if p.parallel && (p.vcpus < 1 || p.vcpus > costmodel.MaxVCPUs) {
		return fmt.Errorf("Profile Parallel(%d) asks for %d vCPUs, Lambda offers 1..%d: use Parallel(1..%d) or set MemorySize", p.vcpus, p.vcpus, costmodel.MaxVCPUs, costmodel.MaxVCPUs)
	}
	return nil
}
