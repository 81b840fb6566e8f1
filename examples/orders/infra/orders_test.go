package infra_test

import (
	"flag"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/snapshot"

	"example.com/orders/infra"
)

// update is this package's own -update flag, as many Go golden tests
// declare one; snapshot.Golden follows it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	startCLI()
	code := m.Run()
	stopCLI()
	jsii.Close() // one jsii child per test binary: close it once, at the end
	os.Exit(code)
}

// synthesized is the stack's template and synthesis messages, built once
// for every test in the package (one synthesis bundles both handlers).
var synthesized = struct {
	once     sync.Once
	dir      string
	template map[string]any
	messages []cdktest.Message
}{}

// orders synthesizes the stack as `cdk synth` would (the project's cdk.json,
// found above this package's folder) into a folder of its own.
func orders(t *testing.T) (template map[string]any, messages []cdktest.Message) {
	t.Helper()
	s := &synthesized
	s.once.Do(func() {
		dir, err := os.MkdirTemp("", "orders-cdk.out-")
		if err != nil {
			t.Fatal(err)
		}
		// NoValidation: the built-in CloudFormation validator does not change
		// the template (TestTemplateEqualsCDKSynth proves it), and the CDK
		// CLI run beside these tests validates the same template.
		opts := &cdktest.AppOptions{Outdir: dir, NoValidation: true}
		s.template = cdktest.Synth(t, opts, func(app awscdk.App) awscdk.Stack {
			return infra.NewOrdersStack(app, "Orders", nil).Stack
		})
		if s.messages, err = cdktest.Messages(dir); err != nil {
			t.Fatal(err)
		}
		s.dir = dir
	})
	if s.template == nil {
		t.Fatal("the stack did not synthesize: see the first test that failed")
	}
	return s.template, s.messages
}

// TestGolden: the normalized template is testdata/Orders.template.json.
// Refresh on purpose with: go test ./infra -run TestGolden -update
func TestGolden(t *testing.T) {
	tpl, _ := orders(t)
	if *update {
		t.Log("rewriting testdata/Orders.template.json")
	}
	snapshot.Golden(t, "testdata/Orders.template.json", snapshot.Normalize(tpl))
}
