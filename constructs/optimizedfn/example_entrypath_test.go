package optimizedfn_test

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// An Entry next to the stack's code: resolved against this Go file, so
// `cdk synth` at the project root and `go test` in the stack's package find
// the same handler.
func ExampleSourceRelative() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Orders"), nil)
	fn := optimizedfn.New(stack, jsii.String("Checkout"), &optimizedfn.Props{
		Entry: optimizedfn.SourceRelative("testdata/node/handler.ts"), // e.g. ../handlers/checkout/index.ts
	})
	entry := fn.Plan().Entry
	fmt.Println(filepath.IsAbs(entry), strings.HasSuffix(filepath.ToSlash(entry), "/constructs/optimizedfn/testdata/node/handler.ts"))
	// Output: true true
}
