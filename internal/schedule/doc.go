// Package schedule checks the schedule expressions of Application Auto
// Scaling scheduled actions (cron, rate and at) in plain Go, for the
// concurrency construct (a user's schedules, at synth) and the advisor (a
// template's scheduled actions) alike. It imports only the standard
// library.
package schedule
