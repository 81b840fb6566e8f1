package cdktest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/tbrecorder"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

func TestCLIContext(t *testing.T) {
	t.Run("cdk.json's context over cdk.context.json's, plus what the CLI turns on", func(t *testing.T) {
		dir := t.TempDir()
		testfiles.Write(t, filepath.Join(dir, "cdk.json"), `{"app": "go run .", "context": {"flag": "project", "only-project": 1}}`)
		testfiles.Write(t, filepath.Join(dir, "cdk.context.json"), `{"flag": "saved", "availability-zones:account=1:region=r": ["a"]}`)
		got, err := CLIContext(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{
			"flag": "project", "only-project": 1.0, "availability-zones:account=1:region=r": []any{"a"},
			PathMetadataContext: true, AssetMetadataContext: true, VersionReportingContext: true,
			BundlingStacksContext: []any{"**"}, FailSynthOnValidationErrorsContext: false,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CLIContext =\n%v\nwant\n%v", got, want)
		}
	})
	t.Run("settings cdk.json turns off", func(t *testing.T) {
		dir := t.TempDir()
		testfiles.Write(t, filepath.Join(dir, "cdk.json"), `{"pathMetadata": false, "assetMetadata": false, "versionReporting": false, "staging": false, "bundlingStacks": ["Api"]}`)
		got, err := CLIContext(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{
			"aws:cdk:disable-version-reporting": true, "aws:cdk:disable-asset-staging": true,
			BundlingStacksContext: []any{"Api"}, FailSynthOnValidationErrorsContext: false,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CLIContext =\n%v\nwant\n%v", got, want)
		}
	})
	t.Run("no cdk.json names the file", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := CLIContext(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "cdk.json")) {
			t.Errorf("err = %v", err)
		}
		if _, err := ProjectDir(dir); err == nil || !strings.Contains(err.Error(), "AppOptions.Dir") {
			t.Errorf("ProjectDir err = %v", err)
		}
	})
	t.Run("the project is found above the package's folder", func(t *testing.T) {
		dir := t.TempDir()
		testfiles.Write(t, filepath.Join(dir, "cdk.json"), `{}`)
		sub := filepath.Join(dir, "stacks", "orders")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if got, err := ProjectDir(sub); err != nil || got != dir {
			t.Errorf("ProjectDir = %q, %v; want %q", got, err, dir)
		}
	})
}

// queueStack is a small stack for the synthesis tests.
func queueStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	awssqs.NewQueue(stack, jsii.String("Q"), &awssqs.QueueProps{EnforceSSL: jsii.Bool(true)})
	return stack
}

func TestSynthStopsTheTestWithTheMessage(t *testing.T) {
	fast := &AppOptions{NoValidation: true}
	for _, c := range []struct {
		name  string
		build func(app awscdk.App) awscdk.Stack
		want  string
	}{
		{"a construct that panics in New", func(app awscdk.App) awscdk.Stack {
			queueStack(app)
			panic(`optimizedfn "S/Api": esbuild is not on PATH: run npm install --save-dev esbuild`)
		}, "esbuild is not on PATH"},
		{"a validation that fails at synth", func(app awscdk.App) awscdk.Stack {
			s := queueStack(app)
			s.Node().AddValidation(&failing{"orders: the table has no key"})
			return s
		}, "orders: the table has no key"},
		{"a nil stack", func(awscdk.App) awscdk.Stack { return nil }, "nil stack"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tpl map[string]any
			r := tbrecorder.Run(t, false, func(tb testing.TB) { tpl = Synth(tb, fast, c.build) })
			if !r.Stopped || len(r.Msgs) != 1 || !strings.Contains(r.Msgs[0], c.want) {
				t.Errorf("want the test stopped with a message containing %q; stopped %v, messages %q", c.want, r.Stopped, r.Msgs)
			}
			if tpl != nil {
				t.Errorf("a template came back: %v", tpl)
			}
		})
	}
}

type failing struct{ msg string }

func (f *failing) Validate() *[]*string { return &[]*string{jsii.String(f.msg)} }

var _ constructs.IValidation = (*failing)(nil)

// TestAppSynthesizesAsTheCLI: the App carries the project's context and the
// CLI's metadata settings, so the template has the construct path and
// CDKMetadata as `cdk synth` writes them. (examples/orders compares a whole
// template with the CLI's.)
func TestAppSynthesizesAsTheCLI(t *testing.T) {
	dir := t.TempDir()
	testfiles.Write(t, filepath.Join(dir, "cdk.json"), `{"context": {"@aws-cdk/aws-sqs:sameEnvironmentEncryption": true, "custom": "v"}}`)
	var custom string
	tpl := Synth(t, &AppOptions{Dir: dir, NoValidation: true}, func(app awscdk.App) awscdk.Stack {
		custom, _ = app.Node().TryGetContext(jsii.String("custom")).(string)
		return queueStack(app)
	})
	if custom != "v" {
		t.Errorf("cdk.json context custom = %q", custom)
	}
	_, q := Only(t, tpl, "AWS::SQS::Queue")
	if meta, _ := q["Metadata"].(map[string]any); meta["aws:cdk:path"] != "S/Q/Resource" {
		t.Errorf("queue metadata = %v, want the construct path as the CLI adds it", meta)
	}
	if len(Resources(tpl, "AWS::CDK::Metadata")) != 1 {
		t.Error("no CDKMetadata: version reporting is not on as under the CLI")
	}
}
