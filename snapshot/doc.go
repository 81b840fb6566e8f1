// Package snapshot keeps golden files honest: Normalize removes what changes
// in a synthesized CloudFormation template when nothing that matters did
// (asset hashes, version logical ID suffixes, bootstrap checks, CDK
// metadata), and Golden compares output with a golden file, prints a
// unified diff on mismatch and rewrites the file only with `go test
// -update`. Standard library only: CLI and pure-Go tests use it without
// starting jsii.
package snapshot
