// Package lambda is lambdaperf's one home for what AWS Lambda itself
// enforces and offers: the limits of a function's configuration (memory,
// timeout, environment size, layers, /tmp, concurrency), the managed
// runtimes (family, deprecation date, architectures, SnapStart support,
// how lambdaperf builds for them), Lambda Managed Instances (the runtimes
// that run on capacity providers, the ranges the API accepts, the default
// concurrency per runtime, and the one check of a function on a capacity
// provider that the construct and the advisor share) and, in package
// layercatalog, the published extension layers.
//
// It is the ground floor of the house: plain Go, standard library only.
// The constructs that validate props, the cost model, the cloud-assembly
// reader and the advisor's rules all call these functions, so a limit is
// written once and they cannot disagree on it.
package lambda
