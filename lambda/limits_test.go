package lambda

import (
	"testing"
	"time"
)

func TestLimitsAtTheirEdges(t *testing.T) {
	for _, tt := range []struct {
		name string
		got  bool
		want bool
	}{
		{"127 MiB of memory", MemoryInRange(127), false},
		{"128 MiB of memory", MemoryInRange(128), true},
		{"10,240 MiB of memory", MemoryInRange(10240), true},
		{"10,241 MiB of memory", MemoryInRange(10241), false},
		{"a 0 s timeout", TimeoutInRange(0), false},
		{"a 999 ms timeout", TimeoutInRange(999 * time.Millisecond), false},
		{"a 1 s timeout", TimeoutInRange(time.Second), true},
		{"a 900 s timeout", TimeoutInRange(900 * time.Second), true},
		{"a 900.5 s timeout", TimeoutInRange(900*time.Second + 500*time.Millisecond), false},
		{"a 901 s timeout", TimeoutInRange(901 * time.Second), false},
		{"5 layers", LayersFit(5), true},
		{"6 layers", LayersFit(6), false},
		{"a 262,144,000-byte package", PackageFits(262_144_000), true},
		{"a 262,144,001-byte package", PackageFits(262_144_001), false},
		{"511 MiB of /tmp", EphemeralInRange(511), false},
		{"10,240 MiB of /tmp", EphemeralInRange(10240), true},
		{"10,241 MiB of /tmp", EphemeralInRange(10241), false},
		{"512 MiB of /tmp with SnapStart", SnapStartEphemeralOK(512), true},
		{"513 MiB of /tmp with SnapStart", SnapStartEphemeralOK(513), false},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if MaxTimeout.Seconds() != MaxTimeoutSec {
		t.Errorf("MaxTimeout %s is not MaxTimeoutSec %d s", MaxTimeout, MaxTimeoutSec)
	}
	if X86_64.Other() != ARM64 || ARM64.Other() != X86_64 {
		t.Error("Other does not swap the architectures")
	}
}

func TestPayloadLimitsSayWhatLambdaSays(t *testing.T) {
	if got, want := SyncRequestTooLargeMessage(), "Request must be smaller than 6291456 bytes for the InvokeFunction operation"; got != want {
		t.Errorf("request message %q, want Lambda's %q", got, want)
	}
	if got, want := ResponseTooLargeMessage(), "Response payload size exceeded maximum allowed payload size (6291556 bytes)."; got != want {
		t.Errorf("response message %q, want Lambda's %q", got, want)
	}
	if MaxAsyncRequestBytes >= MaxSyncRequestBytes || MaxSyncResponseBytes != MaxSyncRequestBytes+100 {
		t.Errorf("async %d sync %d response %d: the async limit is the smaller, a response may hold 100 bytes more", MaxAsyncRequestBytes, MaxSyncRequestBytes, MaxSyncResponseBytes)
	}
}
