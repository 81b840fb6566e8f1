// Package snapshot keeps golden files honest: Normalize removes what changes
// in a synthesized CloudFormation template when nothing that matters did
// (asset hashes, version logical ID suffixes, bootstrap checks, CDK
// metadata), and Golden compares output with a golden file, prints a
// unified diff on mismatch and rewrites the file only with `go test
// -update`. Standard library only: CLI and pure-Go tests use it without
// starting jsii.
//
// # The -update flag
//
// snapshot defines no flag when imported, so a test package that declares
// its own -update (flag.Bool("update", ...)) keeps it and Golden follows
// it: one flag per test binary. A package without its own calls
// DefineUpdateFlag once:
//
//	func init() { snapshot.DefineUpdateFlag() }
//
// # What never becomes a golden
//
// Golden refuses, and fails the test, rather than write empty output, JSON
// null (the nil template of a failed synthesis), the output of a test that
// has already failed, or a map that is not a CloudFormation template with
// at least one resource. Pass other JSON as bytes: Golden(t, path, JSON(v)).
//
// # Templates equal to `cdk synth`
//
// A golden equals what `cdk synth` writes when the App is built with the
// settings the CDK CLI passes: cdktest.App and cdktest.Synth do that.
package snapshot
