package lambda

import (
	"testing"
	"time"
)

func TestRuntimeTables(t *testing.T) {
	for rt, want := range map[string]bool{"java21": true, "java11": true, "java8.al2": false, "python3.12": true, "python3.14": true,
		"python3.11": false, "dotnet8": true, "dotnet10": true, "nodejs24.x": false, "provided.al2023": false, "java27": true, "python3.15": true} {
		if got := SnapStartSupported(rt); got != want {
			t.Errorf("SnapStartSupported(%s) = %v, want %v", rt, got, want)
		}
	}
	for rt, want := range map[string]string{"nodejs16.x": "nodejs24.x", "python3.8": "python3.14", "go1.x": "provided.al2023", "dotnetcore3.1": "dotnet10", "java8": "java25", "ruby2.7": "ruby3.4"} {
		if got := Successor(rt); got != want {
			t.Errorf("Successor(%s) = %s, want %s", rt, got, want)
		}
	}
}

func TestDeprecatedFromItsDateOn(t *testing.T) {
	d, ok := Deprecation("nodejs20.x")
	if !ok {
		t.Fatal("nodejs20.x has no deprecation date")
	}
	if Deprecated("nodejs20.x", d.Add(-time.Second)) || !Deprecated("nodejs20.x", d) {
		t.Errorf("nodejs20.x deprecated on %s: want false the second before, true on the day", d)
	}
	if Deprecated("nodejs99.x", time.Now()) {
		t.Error("a runtime the table does not know is not deprecated")
	}
}

func TestArchitecturesAndBuilds(t *testing.T) {
	for _, tt := range []struct {
		rt    string
		arm64 bool
		build Build
	}{
		{"nodejs24.x", true, BuildNode},
		{"provided.al2023", true, BuildGo},
		{"provided", false, ""},
		{"go1.x", false, ""},
		{"java21", true, BuildJava},
		{"java8", false, BuildJava},
		{"python3.13", true, BuildPython},
		{"python3.7", false, BuildPython},
		{"dotnet10", true, BuildDotnet},
		{"dotnetcore3.1", true, ""},
		{"ruby3.4", true, ""},
	} {
		if got := SupportsARM64(tt.rt); got != tt.arm64 {
			t.Errorf("SupportsARM64(%s) = %v, want %v", tt.rt, got, tt.arm64)
		}
		if archs := Architectures(tt.rt); (len(archs) == 2) != tt.arm64 || archs[len(archs)-1] != X86_64 {
			t.Errorf("Architectures(%s) = %v", tt.rt, archs)
		}
		if got := BuildOf(tt.rt); got != tt.build {
			t.Errorf("BuildOf(%s) = %q, want %q", tt.rt, got, tt.build)
		}
	}
}
