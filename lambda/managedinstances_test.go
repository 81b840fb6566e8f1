package lambda

import (
	"strings"
	"testing"
	"time"
)

func TestManagedInstancesRuntimes(t *testing.T) {
	for rt, want := range map[string]bool{
		"nodejs20.x": false, "nodejs22.x": true, "nodejs24.x": true,
		"python3.12": false, "python3.13": true, "python3.14": true,
		"java17": false, "java21": true, "java25": true,
		"dotnet6": false, "dotnet8": true, "dotnet10": true,
		"provided.al2": false, "provided.al2023": true, "provided": false,
		"ruby3.4": false, "go1.x": false, "": false,
	} {
		if got := ManagedInstancesSupported(rt); got != want {
			t.Errorf("ManagedInstancesSupported(%q) = %v, want %v", rt, got, want)
		}
	}
}

// TestWhichRuntimesShareMemory follows the runtime pages: threads, tasks
// and worker threads with async concurrency share state, Python's
// processes do not.
func TestWhichRuntimesShareMemory(t *testing.T) {
	for rt, want := range map[string]bool{
		"nodejs22.x": true, "nodejs24.x": true, "java21": true, "dotnet8": true, "provided.al2023": true,
		"python3.13": false, "python3.14": false, "": false,
	} {
		if got := ManagedInstancesSharesMemory(rt); got != want {
			t.Errorf("ManagedInstancesSharesMemory(%q) = %v, want %v", rt, got, want)
		}
	}
}

func TestDefaultConcurrencyFollowsTheRuntimePages(t *testing.T) {
	for _, tt := range []struct {
		rt    string
		mib   int
		ratio float64
		want  int
		ok    bool
	}{
		{"nodejs24.x", 2048, 2, 64, true},    // 1 vCPU x 64
		{"nodejs22.x", 8192, 2, 256, true},   // 4 vCPUs x 64
		{"java21", 4096, 2, 64, true},        // 2 vCPUs x 32
		{"dotnet8", 8192, 4, 64, true},       // 2 vCPUs x 32
		{"python3.13", 8192, 8, 16, true},    // 1 vCPU x 16
		{"nodejs24.x", 32768, 2, 1024, true}, // 16 vCPUs x 64
		{"provided.al2023", 2048, 2, 0, false},
		{"nodejs20.x", 2048, 2, 0, false},
	} {
		got, ok := DefaultPerEnvironmentConcurrency(tt.rt, tt.mib, tt.ratio)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DefaultPerEnvironmentConcurrency(%s, %d, %g) = %d, %v; want %d, %v", tt.rt, tt.mib, tt.ratio, got, ok, tt.want, tt.ok)
		}
	}
}

func TestManagedInstancesProblemsAtTheEdges(t *testing.T) {
	ok := ManagedInstancesFunction{Runtime: "nodejs24.x", MemoryMiB: 2048, Architecture: "arm64", ProviderArchitecture: "arm64"}
	for _, tt := range []struct {
		name  string
		edit  func(*ManagedInstancesFunction)
		field string // "" when Lambda accepts it
	}{
		{"the smallest function", func(*ManagedInstancesFunction) {}, ""},
		{"2,047 MiB", func(f *ManagedInstancesFunction) { f.MemoryMiB = 2047 }, "MemorySize"},
		{"no MemorySize (128 MiB)", func(f *ManagedInstancesFunction) { f.MemoryMiB = 0 }, "MemorySize"},
		{"an unknown MemorySize", func(f *ManagedInstancesFunction) { f.MemoryMiB, f.MemoryUnknown = 0, true }, ""},
		{"32,768 MiB", func(f *ManagedInstancesFunction) { f.MemoryMiB = 32768 }, ""},
		{"32,769 MiB", func(f *ManagedInstancesFunction) { f.MemoryMiB = 32769 }, "MemorySize"},
		{"1.9 GiB per vCPU", func(f *ManagedInstancesFunction) { f.MemoryGiBPerVCPU = 1.9 }, "MemoryGiBPerVCPU"},
		{"8 GiB per vCPU with 8 GiB", func(f *ManagedInstancesFunction) { f.MemoryMiB, f.MemoryGiBPerVCPU = 8192, 8 }, ""},
		{"8 GiB per vCPU with 4 GiB: half a vCPU", func(f *ManagedInstancesFunction) { f.MemoryMiB, f.MemoryGiBPerVCPU = 4096, 8 }, "MemorySize"},
		{"8.5 GiB per vCPU", func(f *ManagedInstancesFunction) { f.MemoryMiB, f.MemoryGiBPerVCPU = 16384, 8.5 }, "MemoryGiBPerVCPU"},
		{"1,600 per environment", func(f *ManagedInstancesFunction) { f.PerEnvironmentMaxConcurrency = 1600 }, ""},
		{"1,601 per environment", func(f *ManagedInstancesFunction) { f.PerEnvironmentMaxConcurrency = 1601 }, "PerEnvironmentMaxConcurrency"},
		{"python3.12", func(f *ManagedInstancesFunction) { f.Runtime = "python3.12" }, "Runtime"},
		{"x86_64 code on arm64 instances", func(f *ManagedInstancesFunction) { f.Architecture = "x86_64" }, "Architecture"},
		{"SnapStart", func(f *ManagedInstancesFunction) { f.SnapStart = true }, "SnapStart"},
		{"provisioned concurrency", func(f *ManagedInstancesFunction) { f.ProvisionedConcurrency = true }, "ProvisionedConcurrency"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := ok
			tt.edit(&f)
			probs := f.Problems()
			if tt.field == "" {
				if len(probs) != 0 {
					t.Fatalf("Lambda accepts it, got %+v", probs)
				}
				return
			}
			if len(probs) != 1 || probs[0].Field != tt.field || !strings.Contains(probs[0].Message, ":") {
				t.Fatalf("want one problem with %s and a fix, got %+v", tt.field, probs)
			}
		})
	}
}

func TestCapacityProviderVCPUs(t *testing.T) {
	if CapacityProviderVCPUsInRange(1) || !CapacityProviderVCPUsInRange(2) || !CapacityProviderVCPUsInRange(15000) || CapacityProviderVCPUsInRange(15001) {
		t.Error("MaxVCpuCount is 2..15000 in the API reference")
	}
}

func TestManagedInstancesRuntimeFacts(t *testing.T) {
	for _, tt := range []struct {
		vcpus float64
		want  int
	}{{1, 8}, {0.5, 8}, {1.5, 16}, {2, 16}, {4, 32}} {
		if got := NodeJSWorkers(tt.vcpus); got != tt.want {
			t.Errorf("NodeJSWorkers(%g) = %d, want %d (8 per vCPU, rounded up, at least one vCPU)", tt.vcpus, got, tt.want)
		}
	}
	for _, tt := range []struct {
		timeoutSec int
		want       time.Duration
	}{{3, 130 * time.Second}, {130, 130 * time.Second}, {900, 900 * time.Second}} {
		if got := ManagedInstancesInitTimeout(tt.timeoutSec); got != tt.want {
			t.Errorf("ManagedInstancesInitTimeout(%d) = %v, want %v (the larger of 130 s and the timeout)", tt.timeoutSec, got, tt.want)
		}
	}
}
