package costmodel

import (
	"math"
	"testing"
)

func TestVCPUs(t *testing.T) {
	for _, c := range []struct {
		name      string
		memoryMiB int
		want      float64
	}{
		{"gives one vCPU at 1,769 MiB", 1769, 1},
		{"grows linearly below one vCPU", 128, 128.0 / 1769},
		{"gives two vCPUs at 3,538 MiB", 3538, 2},
		{"gives the linear 5.79 at 10,240 MiB", 10240, 10240.0 / 1769},
		{"caps at six vCPUs", 20000, 6},
		{"gives nothing for no memory", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := VCPUs(c.memoryMiB); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("VCPUs(%d) = %v, want %v", c.memoryMiB, got, c.want)
			}
		})
	}
}

func TestMemoryForVCPUs(t *testing.T) {
	for _, c := range []struct {
		name string
		n    float64
		want int
	}{
		{"buys one vCPU with 1,769 MiB", 1, 1769},
		{"buys two vCPUs with 3,538 MiB", 2, 3538},
		{"rounds half a vCPU up to a whole MiB", 0.5, 885},
		{"caps six vCPUs at 10,240 MiB", 6, 10240},
		{"never goes below 128 MiB", 0.01, 128},
		{"treats zero as the minimum", 0, 128},
		{"treats NaN as the minimum", math.NaN(), 128},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := MemoryForVCPUs(c.n); got != c.want {
				t.Errorf("MemoryForVCPUs(%v) = %d, want %d", c.n, got, c.want)
			}
		})
	}
}
