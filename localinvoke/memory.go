package localinvoke

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// Memory, as Lambda caps it. A function's MemorySize is all the memory its
// execution environment has: a runtime that grows past it is killed by
// the kernel, and the invocation fails with Runtime.ExitError, "Runtime
// exited with error: signal: killed"
// (https://repost.aws/knowledge-center/lambda-runtime-error). Locally a
// watch samples the resident memory of the instance's runtime processes
// (VmRSS together, and each one's VmHWM, which keeps a spike between two
// samples) and kills them above the cap, and RLIMIT_DATA bounds how far
// one process can get between two samples.
//
// Measured on this machine (Linux 6.18, a process allocating 1 MiB blocks
// until it fails), RLIMIT_AS is no cap for V8: Node.js 20 hangs at start
// under 128 MiB of address space and aborts under 256 and 512 MiB, as it
// reserves more than a GiB it never touches; RLIMIT_DATA of 128 MiB stops
// Node.js at 119 MiB resident, Python 3.11 at 132 MiB (a MemoryError),
// Java 17 with Lambda's flags (-XX:+UseSerialGC, -XX:TieredStopAtLevel=1)
// at 84 MiB of heap, but Go at 84 MiB resident, as the Go runtime maps its
// heap ahead, and QEMU not at all: its 127 MiB translation buffer counts.
// So the data limit is only the backstop, twice the memory size and more,
// and the resident-memory watch is the cap.
const (
	// busySample and idleSample are the watch's intervals while an
	// invocation runs and between invocations (Lambda freezes the
	// environment then; locally a timer can still allocate).
	busySample = 25 * time.Millisecond
	idleSample = 250 * time.Millisecond
	// qemuMiB is what QEMU user-mode emulation holds besides the guest:
	// its translation buffer (127 MiB in qemu-aarch64 7.2) and itself.
	qemuMiB = 128
	// dataSlackMiB is added to twice the memory size in RLIMIT_DATA: the
	// emulator itself runs under it too.
	dataSlackMiB = 64
)

// memoryCapKiB is the resident memory the instance's runtime may hold: the
// function's MemorySize, and QEMU's own share when it runs emulated.
func (c *code) memoryCapKiB() int {
	mib := c.fn.MemoryMiB
	if c.emulated != "" {
		mib += qemuMiB
	}
	return mib << 10
}

// dataLimit is the RLIMIT_DATA backstop, in bytes.
func (c *code) dataLimit() uint64 {
	mib := 2*c.fn.MemoryMiB + dataSlackMiB
	if c.emulated != "" {
		mib += qemuMiB
	}
	return uint64(mib) << 20
}

// watchMemory kills procs() when together they hold more resident memory
// than capKiB, until exited is closed, sampling every busySample while
// busy() and every idleSample otherwise. It keeps the most they held at a
// sample in peakKiB (nil: not kept) and what they held when killed in
// killedKiB, stored before the kill so the invocation that fails sees it.
// The emulator (or the environment) then fails the invocation as Lambda
// does, and the next one starts a new runtime (a cold start).
func watchMemory(capKiB int, exited <-chan struct{}, busy func() bool, procs func() []proc, peakKiB, killedKiB *atomic.Int64) {
	for {
		wait := idleSample
		if busy() {
			wait = busySample
		}
		select {
		case <-exited:
			return
		case <-time.After(wait):
		}
		ps := procs()
		if len(ps) == 0 {
			continue
		}
		now, peak := rssKiB(ps)
		held := max(now, peak)
		for peakKiB != nil {
			old := peakKiB.Load()
			if int64(now) <= old || peakKiB.CompareAndSwap(old, int64(now)) {
				break
			}
		}
		if held > capKiB {
			killedKiB.Store(int64(held))
			for _, p := range ps {
				killIfSame(p)
			}
		}
	}
}

// killedCause is what an invocation failed by the memory watch says: what
// the runtime held and the MemorySize, as Lambda's own out-of-memory kill
// ("Runtime exited with error: signal: killed") stops what (a function, an
// environment).
func killedCause(killedKiB int64, memoryMiB int, what string) string {
	return fmt.Sprintf("Runtime exited with error: signal: killed (lambdaperf: the runtime held %d MiB, more than the function's MemorySize of %d MiB; Lambda stops %s out of memory so)",
		(killedKiB+1023)/1024, memoryMiB, what)
}

// oomSignatures are what runtimes print when they die out of memory: V8
// ("FATAL ERROR: ... Allocation failed - JavaScript heap out of memory"),
// the JVM, Go and .NET. A runtime that allocates faster than the watch
// samples reaches its heap cap (Node.js) or RLIMIT_DATA first and dies
// so: measured on a CI machine, Node.js filled 320 MiB of buffers in less
// than one 25 ms sample and aborted.
var oomSignatures = []string{
	"JavaScript heap out of memory",
	"java.lang.OutOfMemoryError",
	"fatal error: runtime: out of memory",
	"System.OutOfMemoryException",
}

// outOfMemory returns the first line of a runtime's output that says it
// ran out of memory, "" when none does.
func outOfMemory(output string) string {
	for line := range strings.Lines(output) {
		for _, sig := range oomSignatures {
			if strings.Contains(line, sig) {
				return untrusted.Printable(strings.TrimSpace(line))
			}
		}
	}
	return ""
}

// outOfMemoryCause is what an invocation that the runtime's own death out
// of memory failed says besides the exit status.
func outOfMemoryCause(line string, memoryMiB int) string {
	return fmt.Sprintf("lambdaperf: the runtime ran out of memory under the limits set from the function's MemorySize of %d MiB (%q); Lambda stops a function out of memory so",
		memoryMiB, line)
}
