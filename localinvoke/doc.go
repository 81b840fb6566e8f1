// Package localinvoke runs a function's synthesized code asset on this
// machine, under the AWS Lambda Runtime Interface Emulator (RIE), before it
// is deployed: one invocation with Start and Instance.Invoke, the
// playbook's load ramp over a small pool of emulators with RunLoad, or a
// Function URL on loopback with Serve. ArtilleryScript writes the same
// ramp for Artillery, with the function's Budget as its ensure checks.
//
// The function comes from a cloud assembly (cdk.out) read with the audit
// package: its runtime, handler, memory size, timeout and environment are
// the template's. A Go function runs its `bootstrap` (provided.al2023,
// provided.al2); one built for the other architecture runs under QEMU
// user-mode emulation (Report.Emulated), or is rebuilt for this machine
// from the source optimizedfn records at synthesis (Options.CrossArch). Node.js
// and Python functions run through small runtime interface clients
// embedded in this package (ric.mjs, ric.py) on the local node and
// python3, with @aws-sdk resolved from the project's node_modules as the
// Lambda Node.js runtime provides it. Java is not emulated: its runtime
// interface client is a Maven artifact.
//
// A function on a Lambda Managed Instances capacity provider
// (Function.ManagedInstances) runs as Managed Instances run it: in an
// execution environment initialized before its first invocation, taking up
// to its per-environment concurrency at once (PerExecutionEnvironmentMaxConcurrency,
// or the runtime's default per vCPU), through lambdaperf's own Runtime API
// (runtimeapi.go: the emulator's Managed Instances mode only starts a
// bootstrap from /var/task), in one runtime process the way the runtime
// does it: Node.js worker threads each running several invocations with
// async/await, Python processes one invocation each, a provided.al2023
// bootstrap told AWS_LAMBDA_MAX_CONCURRENCY. State one invocation leaves at
// module level, or a fixed path in the shared /tmp, meets the next one
// here before deploy, and a response that names another invocation's
// request id is reported (Result.CrossTalk). ManagedInstances.NotEmulated
// says what such a run cannot reproduce.
//
// The emulator is built from its Go module, pinned to EmulatorVersion, on
// first use into the user cache folder (Go must be installed), or taken from
// the LAMBDAPERF_RIE environment variable. It runs on Linux. Everything
// listens on 127.0.0.1 only, on free ports, and stops with the Instance.
//
// What the numbers mean. The emulator's own REPORT line is parsed
// (Report.Emulator) but two of its fields are not measurements: it prints
// the configured memory size as "Max Memory Used", and its "Init Duration"
// is the time to hand the init to the runtime, not the init itself, which
// it counts in the first Duration instead. Report therefore takes the init
// and handler durations from the emulator's runtime log (INIT REPORT and
// INVOKE RTDONE, the times between the runtime's calls to the Runtime API,
// as Lambda measures them) and Max Memory Used from the peak resident set
// size of the runtime process (VmHWM in /proc). The CPU is the host's, not
// the share Lambda gives a memory size: local numbers rank builds and
// configurations, they do not predict Lambda's.
//
// What it is pointed at is untrusted, and bounded as Lambda bounds it: a
// code asset at 250 MiB unzipped (regular files only), an event at
// 6,291,456 bytes and a response at 6,291,556, with Lambda's error texts,
// and the runtime's resident memory at the function's MemorySize (killed
// above it, memory.go). Every process an instance starts is stopped with
// it, also one that left its process group, and the next start removes
// what a lambdaperf killed with SIGKILL left (run folders, proc_linux.go).
// The pool replaces an instance whose emulator died or whose invocation
// was abandoned before it is used again. docs/local.md says more.
package localinvoke
