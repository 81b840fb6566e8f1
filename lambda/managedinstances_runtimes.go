package lambda

import (
	"math"
	"time"
)

// How an execution environment of Lambda Managed Instances runs its
// concurrent invocations, and what Lambda tells the runtime about them
// (read 2026-12-06). localinvoke reproduces it on this machine.
const (
	// ManagedInstancesExecutionDoc: the environment's lifecycle. Init ends
	// when "at least one runtime worker has called /runtime/invocation/next";
	// it may take "the maximum of 130 seconds or the configured function
	// timeout"; invocations run in parallel, "each handled by a different
	// runtime worker"; the timeout applies to each invocation alone and
	// Lambda "does not enforce" it (the code keeps running); when every
	// worker is busy new invocations are rejected; a crashed runtime worker
	// leaves the environment running on the others.
	ManagedInstancesExecutionDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-execution-environment.html"
	// ManagedInstancesRustDoc: Rust on provided.al2023, 8 concurrent
	// requests per vCPU by default, one Tokio task per invocation.
	ManagedInstancesRustDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-rust.html"
)

// What Lambda puts in the environment of a Managed Instances runtime.
const (
	// MaxConcurrencyEnv carries the environment's per-environment
	// concurrency to the runtime, which runs that many invocations at once:
	// "This environment variable is set by Lambda when a function is
	// configured to use Managed Instances" (aws-lambda-go pull request 600,
	// https://github.com/aws/aws-lambda-go/pull/600, which starts that many
	// /next loops); the Node.js runtime interface client switches to
	// worker threads when it is set (src/utils/env.ts,
	// isMultiConcurrentMode); AWS's emulator sets it for the runtime from
	// the same variable (aws-lambda-runtime-interface-emulator,
	// internal/lambda-managed-instances/rapidcore/env).
	MaxConcurrencyEnv = "AWS_LAMBDA_MAX_CONCURRENCY"
	// NodeJSWorkerCountEnv sets the Node.js runtime's worker threads
	// (ManagedInstancesNodeJSDoc).
	NodeJSWorkerCountEnv = "AWS_LAMBDA_NODEJS_WORKER_COUNT"
	// ManagedInstancesInitializationType is AWS_LAMBDA_INITIALIZATION_TYPE
	// on Managed Instances (the emulator's interop.InitializationType).
	ManagedInstancesInitializationType = "lambda-managed-instances"
)

// NodeJSWorkersPerVCPU is the Node.js runtime's worker threads per vCPU
// when AWS_LAMBDA_NODEJS_WORKER_COUNT is unset. The Node.js page says only
// that the count "is determined by the number of vCPUs available"; AWS's
// runtime interface client starts 8 per CPU of the environment's cgroup
// (aws-lambda-nodejs-runtime-interface-client, src/utils/worker.ts,
// getWorkerCount: "8 * detectedCpus", the CPUs rounded up from cpu.max).
const NodeJSWorkersPerVCPU = 8

// RustConcurrencyPerVCPU is the default per-environment concurrency per
// vCPU of Rust on provided.al2023 (ManagedInstancesRustDoc). The page is
// Rust's: ConcurrencyPerVCPU does not apply it to every provided.al2023
// function.
const RustConcurrencyPerVCPU = 8

// MinManagedInstancesInitTimeout is the shortest init timeout of a Managed
// Instances environment: "the maximum of 130 seconds or the configured
// function timeout" (ManagedInstancesExecutionDoc).
const MinManagedInstancesInitTimeout = 130 * time.Second

// ManagedInstancesInitTimeout is the init timeout of an environment of a
// function with a timeout of timeoutSec seconds.
func ManagedInstancesInitTimeout(timeoutSec int) time.Duration {
	return max(MinManagedInstancesInitTimeout, time.Duration(timeoutSec)*time.Second)
}

// NodeJSWorkers is the Node.js runtime's default worker threads for an
// environment of vcpus: NodeJSWorkersPerVCPU per vCPU, the vCPUs rounded up
// as the runtime rounds cpu.max, at least one vCPU.
func NodeJSWorkers(vcpus float64) int {
	return NodeJSWorkersPerVCPU * max(1, int(math.Ceil(vcpus-1e-9)))
}
