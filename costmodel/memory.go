package costmodel

import (
	"github.com/lambdaperf/lambdaperf/lambda"
	"math"
)

// Lambda memory and CPU limits. The memory and /tmp limits are package
// lambda's, named here for the cost model's callers.
const (
	// MinMemoryMiB is the smallest memory setting Lambda accepts.
	MinMemoryMiB = 128
	// MaxMemoryMiB is the largest memory setting Lambda accepts.
	MaxMemoryMiB = 10240
	// MiBPerVCPU is the memory at which a function gets the equivalent of
	// one vCPU (one vCPU-second of credit per second); CPU grows linearly
	// with memory.
	MiBPerVCPU = 1769
	// MaxVCPUs is the most vCPUs a function gets (at 10,240 MiB; see VCPUs).
	MaxVCPUs = 6
	// MinEphemeralStorageMiB is the /tmp size included at no charge.
	MinEphemeralStorageMiB = 512
	// MaxEphemeralStorageMiB is the largest /tmp size Lambda accepts.
	MaxEphemeralStorageMiB = 10240
)

// VCPUs returns the CPU share, in vCPUs, of a function with memoryMiB of
// memory. AWS documents two points: 1,769 MiB is the equivalent of one
// vCPU (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html)
// and 10,240 MiB gets 6 vCPUs
// (https://aws.amazon.com/blogs/aws/new-for-aws-lambda-functions-with-up-to-10-gb-of-memory-and-6-vcpus/).
// The share grows linearly, memoryMiB/1769, up to five vCPUs at 8,845
// MiB; from there the sixth vCPU grows linearly over the last 1,395 MiB,
// to 6 at 10,240 MiB (a line through the origin cannot meet both points:
// 10,240/1,769 is 5.79). Measured core counts agree: a sixth core appears
// above 8,845 MiB (https://github.com/rwnx/lambda-cpuinfo).
func VCPUs(memoryMiB int) float64 {
	m := float64(min(max(memoryMiB, 0), MaxMemoryMiB))
	if m <= fiveVCPUMiB {
		return m / MiBPerVCPU
	}
	return MaxVCPUs - 1 + (m-fiveVCPUMiB)/(MaxMemoryMiB-fiveVCPUMiB)
}

// fiveVCPUMiB is where the linear share reaches five vCPUs.
const fiveVCPUMiB = (MaxVCPUs - 1) * MiBPerVCPU

// MemoryForVCPUs returns the memory in MiB that buys n vCPUs, the inverse
// of [VCPUs] rounded up, within [MinMemoryMiB]..[MaxMemoryMiB]
// (MemoryForVCPUs(2) is 3538, MemoryForVCPUs(6) is 10240).
func MemoryForVCPUs(n float64) int {
	switch {
	case math.IsNaN(n) || n <= 0:
		return MinMemoryMiB
	case n >= MaxVCPUs:
		return MaxMemoryMiB
	case n <= MaxVCPUs-1:
		return max(MinMemoryMiB, int(math.Ceil(n*MiBPerVCPU)))
	}
	return int(math.Ceil(fiveVCPUMiB + (n-(MaxVCPUs-1))*(MaxMemoryMiB-fiveVCPUMiB)))
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (an invalid array
// index) when one does not, as stringer checks enum values.
func _() {
	var x [1]struct{}
	_ = x[MinMemoryMiB-lambda.MinMemoryMiB]
	_ = x[MaxMemoryMiB-lambda.MaxMemoryMiB]
	_ = x[MinEphemeralStorageMiB-lambda.MinEphemeralMiB]
	_ = x[MaxEphemeralStorageMiB-lambda.MaxEphemeralMiB]
	_ = x[MaxDuration-lambda.MaxTimeout]
}
