// Package layering holds the test that keeps lambdaperf's packages on
// their floors (see layering_test.go): Lambda's facts at the bottom, then
// the cost model, the cloud-assembly reader, the advisor and the command
// line, with the constructs beside them. A package imports only from below
// (or beside, for the constructs), never upward. It has no code of its own.
package layering
