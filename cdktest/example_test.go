package cdktest_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// A snapshot test of your own stack: normalized so asset hashes and
// version IDs do not churn the golden file; refresh it with -update.
func ExampleTemplate() {
	var t *testing.T       // the test's *testing.T
	var stack awscdk.Stack // your stack
	tpl := cdktest.Template(t, stack)
	snapshot.Golden(t, "testdata/orders.template.json", snapshot.Normalize(tpl))

	// Plain-Go assertions, no jsii round trips:
	_, fn := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	if cdktest.Props(fn)["MemorySize"] != 512.0 {
		t.Error("memory")
	}
}
