package optimizedfn_test

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// A SplitESM function that import()s a CommonJS module gets a warning
// naming the function, the importing file, the module and the fix; so does
// a second function reusing the same bundle (CDK builds it once). An ES
// module, or the same code built as ESM, stays silent.
func TestSplitESMWarnsOfLazyCJSImports(t *testing.T) {
	app, stack := newStack(t)
	for id, props := range map[string]*optimizedfn.Props{
		"Lazy":    {Entry: "testdata/node/lazycjs.mjs"},
		"Twin":    {Entry: "testdata/node/lazycjs.mjs"},
		"Esm":     {Entry: "testdata/node/lazyesm.mjs"},
		"Unsplit": {Entry: "testdata/node/lazycjs.mjs", Format: optimizedfn.ESM},
	} {
		optimizedfn.New(stack, jsii.String(id), props)
	}
	msgs, err := cdktest.Messages(*app.Synth(nil).Directory())
	if err != nil {
		t.Fatal(err)
	}
	warned := map[string]string{}
	for _, m := range msgs {
		if m.Level == "warning" && strings.Contains(m.Text, optimizedfn.WarnSplitCJSImport) {
			warned[m.Path] += m.Text
		}
	}
	if len(warned) != 2 {
		t.Errorf("split-cjs-import warnings on %v, want /S/Lazy and /S/Twin only", warned)
	}
	for _, id := range []string{"Lazy", "Twin"} {
		for _, want := range []string{
			`optimizedfn "S/` + id + `"`, "constructs/optimizedfn/testdata/node/lazycjs.mjs", `"./legacy.cjs"`,
			"constructs/optimizedfn/testdata/node/legacy.cjs", "only its default export", "(await import(\"./legacy.cjs\")).default",
			"optimizedfn.ESM",
		} {
			if !strings.Contains(warned["/S/"+id], want) {
				t.Errorf("/S/%s warning %q does not say %q", id, warned["/S/"+id], want)
			}
		}
	}
}
