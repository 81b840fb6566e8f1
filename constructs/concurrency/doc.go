// Package concurrency keeps Lambda execution environments initialized ahead
// of traffic: provisioned concurrency on an alias, static or auto-scaled by
// Application Auto Scaling with target tracking and cron schedules.
//
// Cold starts are rare on average but set p95/p99 latency. Provisioned
// concurrency removes them for the environments it keeps warm, and costs
// money for every hour they are kept, so it is sized, not guessed:
//
//	Min: concurrency.ForLoad(peakRPS, p99Duration)
//
// Everything that can be decided without synthesis (defaults, validation,
// sizing, cron syntax) is plain Go: Resolve, ForLoad and ValidateCron. The
// build side (AliasOptions, AutoScale) only translates a resolved Plan into
// CDK constructs. The optimized function (constructs/optimizedfn) wires both
// through its ProvisionedConcurrency prop.
//
// Rules the package enforces, each a synthesis-time error with its fix:
// provisioned concurrency is always on an alias of a published version
// (never $LATEST, never a weighted alias); the alias starts at Min, so
// CloudFormation and Application Auto Scaling never fight over the value;
// Min is at least 1 (Lambda would silently drop a zero); Max is at least
// Min and neither exceeds the function's reserved concurrency; the target
// utilization is 0.1..0.9; schedules have valid AWS cron expressions (or a
// one-time At) and consistent bounds, and fire at least once after
// synthesis: a one-time action in the past, a cron whose year field is
// past, or one on a date that never occurs (30 February) is refused,
// since synthesis runs before any deployment of it. A maximum above 900
// warns: the default account limit is 1,000 concurrent executions, of
// which Lambda keeps 100 unreserved; above 99,899, more than any account's
// quota allows, it is an error.
package concurrency
