package snapshot_test

import (
	"fmt"
	"testing"

	"github.com/lambdaperf/lambdaperf/snapshot"
)

// Normalize drops what changes on every build, so goldens only change
// when the infrastructure does.
func ExampleNormalize() {
	tpl := map[string]any{
		"Resources": map[string]any{
			"Fn": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
				"Code": map[string]any{"S3Key": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.zip"},
			}},
			"CDKMetadata": map[string]any{"Type": "AWS::CDK::Metadata"},
		},
	}
	fmt.Print(string(snapshot.JSON(snapshot.Normalize(tpl))))
	// Output:
	// {
	//   "Resources": {
	//     "Fn": {
	//       "Properties": {
	//         "Code": {
	//           "S3Key": "<asset-hash>.zip"
	//         }
	//       },
	//       "Type": "AWS::Lambda::Function"
	//     }
	//   }
	// }
}

// -update is defined once per test package, in an init function of one of
// its test files (or by the package's own flag.Bool("update", ...), which
// Golden follows as well):
//
//	func init() { snapshot.DefineUpdateFlag() }
//
// (Not run here: this package's tests define the flag already.)
func ExampleDefineUpdateFlag() {
	snapshot.DefineUpdateFlag()
}

// Golden compares with testdata and prints a unified diff on mismatch;
// `go test -update` rewrites the file on purpose. (Not run here: it needs
// the *testing.T of a test.)
func ExampleGolden() {
	var t *testing.T // the test's
	snapshot.Golden(t, "testdata/report.txt", []byte("output of the code under test\n"))
}
