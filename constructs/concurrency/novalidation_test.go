package concurrency

// The built-in CloudFormation validator is off in this test binary: the
// reference stacks (package test) keep it on and strict. See
// internal/novalidation.
import _ "github.com/lambdaperf/lambdaperf/internal/novalidation"
