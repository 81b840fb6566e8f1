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
		{"gives five vCPUs at 8,845 MiB", 8845, 5},
		{"gives six vCPUs at 10,240 MiB, as AWS documents", 10240, 6},
		{"grows the sixth vCPU over the last 1,395 MiB", 9542, 5 + 697.0/1395},
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
		{"buys five vCPUs with 8,845 MiB", 5, 8845},
		{"buys five and a half vCPUs above 8,845 MiB", 5.5, 9543},
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

func TestMemoryForVCPUsInvertsVCPUs(t *testing.T) {
	for m := MinMemoryMiB; m <= MaxMemoryMiB; m++ {
		if got := MemoryForVCPUs(VCPUs(m)); got < m-1 || got > m+1 { // float rounding: one MiB either way
			t.Fatalf("MemoryForVCPUs(VCPUs(%d)) = %d", m, got)
		}
	}
}
