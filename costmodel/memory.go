package costmodel

import (
	"math"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// Lambda memory and CPU limits. The memory and /tmp limits are package
// lambda's, named here for the cost model's callers.
const (
	// MinMemoryMiB is the smallest memory setting Lambda accepts.
	MinMemoryMiB = lambda.MinMemoryMiB
	// MaxMemoryMiB is the largest memory setting Lambda accepts.
	MaxMemoryMiB = lambda.MaxMemoryMiB
	// MiBPerVCPU is the memory at which a function gets the equivalent of
	// one vCPU (one vCPU-second of credit per second); CPU grows linearly
	// with memory.
	MiBPerVCPU = 1769
	// MaxVCPUs is the most vCPUs a function gets (at 10,240 MiB).
	MaxVCPUs = 6
	// MinEphemeralStorageMiB is the /tmp size included at no charge.
	MinEphemeralStorageMiB = lambda.MinEphemeralMiB
	// MaxEphemeralStorageMiB is the largest /tmp size Lambda accepts.
	MaxEphemeralStorageMiB = lambda.MaxEphemeralMiB
)

// VCPUs returns the CPU share, in vCPUs, of a function with memoryMiB of
// memory: memoryMiB/1769, capped at [MaxVCPUs]. Memory buys CPU, so a
// CPU-bound function runs faster with more memory.
//
// The linear share reaches 5.79 at 10,240 MiB, where Lambda exposes its
// maximum of 6 vCPUs.
func VCPUs(memoryMiB int) float64 {
	return min(float64(max(memoryMiB, 0))/MiBPerVCPU, MaxVCPUs)
}

// MemoryForVCPUs returns the memory in MiB that buys n vCPUs: n*1769,
// rounded up and kept within [MinMemoryMiB]..[MaxMemoryMiB]
// (so MemoryForVCPUs(6) is 10240).
func MemoryForVCPUs(n float64) int {
	if math.IsNaN(n) || n <= 0 {
		return MinMemoryMiB
	}
	if n >= float64(MaxMemoryMiB)/MiBPerVCPU {
		return MaxMemoryMiB
	}
	return max(MinMemoryMiB, int(math.Ceil(n*MiBPerVCPU)))
}
