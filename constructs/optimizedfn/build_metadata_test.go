package optimizedfn_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// TestOnlyGoFunctionsRecordTheirBuild: the Go function's resource records
// its build (GoSourceMetadata, which the cloud assembly keeps for
// `lambdaperf invoke --cross-arch rebuild`) and the Node.js function's
// records none: it carried an empty record before. Version(), read on
// first use, is the version the alias points at.
func TestOnlyGoFunctionsRecordTheirBuild(t *testing.T) {
	_, stack := newStack(t)
	goFn := optimizedfn.New(stack, jsii.String("Go"), &optimizedfn.Props{Entry: "testdata/gofn"})
	nodeFn := optimizedfn.New(stack, jsii.String("Node"), &optimizedfn.Props{Entry: "testdata/node/handler.ts"})
	cdktest.Check(t, func() {
		if got, want := *goFn.Version().Node().Path(), *goFn.Alias().Version().Node().Path(); got != want {
			t.Errorf("Version() is %s, the alias points at %s", got, want)
		}
		records := func(fn *optimizedfn.Function) []string {
			var out []string
			for _, e := range *fn.Function().Node().DefaultChild().Node().Metadata() {
				if *e.Type == optimizedfn.GoSourceMetadata {
					raw, err := json.Marshal(e.Data)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, string(raw))
				}
			}
			return out
		}
		if got := records(nodeFn); len(got) != 0 {
			t.Errorf("the Node.js function records a Go build: %v", got)
		}
		got := records(goFn)
		if len(got) != 1 {
			t.Fatalf("the Go function records %d builds: %v", len(got), got)
		}
		var src struct{ ModuleRoot, Package, Goarch string }
		if err := json.Unmarshal([]byte(got[0]), &src); err != nil {
			t.Fatal(err)
		}
		if src.ModuleRoot == "" || src.Package == "" || src.Goarch != "arm64" {
			t.Errorf("the Go function's record: %s", got[0])
		}
	})
}
