//lint:file-ignore SA1019 assertions.Annotations returns cxapi.SynthesisMessage, deprecated upstream with no Go replacement yet.

package advisor_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/advisor"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// auditDate pins runtime deprecations.
var auditDate = time.Date(2026, time.November, 26, 0, 0, 0, 0, time.UTC)

// newStack is a unit-test stack with the advisor applied: the built-in
// CloudFormation validator is off (it costs seconds), asset metadata is on
// as the CDK CLI sets it.
func newStack(t *testing.T) (awscdk.App, awscdk.Stack) {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Outdir:                          jsii.String(t.TempDir()),
		Context:                         &map[string]any{"aws:cdk:enable-asset-metadata": true},
	})
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	advisor.Apply(app, &advisor.Props{Now: auditDate})
	return app, stack
}

// note is one annotation: its level, construct path and message.
type note struct{ level, path, msg string }

func (n note) String() string { return fmt.Sprintf("%s %s: %s", n.level, n.path, n.msg) }

// notes synthesizes the stack and returns its annotations. A jsii failure
// becomes a test error instead of killing the test binary.
func notes(t *testing.T, stack awscdk.Stack) (out []note) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("synthesis failed: %v", r)
		}
	}()
	ann := assertions.Annotations_FromStack(stack)
	collect := func(level string, msgs *[]*cxapi.SynthesisMessage) {
		for _, m := range *msgs {
			out = append(out, note{level, *m.Id, fmt.Sprint(m.Entry.Data)})
		}
	}
	collect("error", ann.FindError(jsii.String("*"), assertions.Match_AnyValue()))
	collect("warning", ann.FindWarning(jsii.String("*"), assertions.Match_AnyValue()))
	collect("info", ann.FindInfo(jsii.String("*"), assertions.Match_AnyValue()))
	return out
}

// find returns the annotations of a lambdaperf rule.
func find(all []note, rule string) []note {
	var out []note
	for _, n := range all {
		if strings.Contains(n.msg, "["+advisor.AnnotationPrefix+rule+"]") {
			out = append(out, n)
		}
	}
	return out
}

func TestPlainFunctionGetsPlaybookAnnotations(t *testing.T) {
	_, stack := newStack(t)
	fn := awslambda.NewFunction(stack, jsii.String("Legacy"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_22_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1;")),
	})
	awslambda.NewCfnAlias(stack, jsii.String("LatestAlias"), &awslambda.CfnAliasProps{
		FunctionName:    fn.FunctionName(),
		FunctionVersion: jsii.String("$LATEST"),
		Name:            jsii.String("live"),
		ProvisionedConcurrencyConfig: &awslambda.CfnAlias_ProvisionedConcurrencyConfigurationProperty{
			ProvisionedConcurrentExecutions: jsii.Number(2),
		},
	})
	all := notes(t, stack)
	tests := []struct {
		rule, level, path string
	}{
		{"default-memory", "warning", "/S/Legacy/Resource"},
		{"x86-where-arm64", "warning", "/S/Legacy/Resource"},
		{"no-log-retention", "warning", "/S/Legacy/Resource"},
		{"cost-per-million", "info", "/S/Legacy/Resource"},
		{"pc-on-latest", "error", "/S/LatestAlias"},
		{"pc-breakeven", "info", "/S/LatestAlias"},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" is a "+tt.level+" on "+tt.path, func(t *testing.T) {
			got := find(all, tt.rule)
			if len(got) != 1 || got[0].level != tt.level || got[0].path != tt.path {
				t.Errorf("want one %s %s on %s; annotations: %v", tt.level, tt.rule, tt.path, all)
			}
		})
	}
	t.Run("warnings carry the rule id to acknowledge", func(t *testing.T) {
		for _, n := range find(all, "default-memory") {
			if !strings.Contains(n.msg, "[ack: lambdaperf:default-memory]") {
				t.Errorf("warning without its acknowledgement id: %s", n.msg)
			}
		}
	})
	t.Run("errors are reported once per problem", func(t *testing.T) {
		var errs []note
		for _, n := range all {
			if n.level == "error" {
				errs = append(errs, n)
			}
		}
		if len(errs) != 1 {
			t.Errorf("want only the pc-on-latest error, got %v", errs)
		}
	})
}

func TestOptimizedFunctionHasNoErrorsOrWarnings(t *testing.T) {
	_, stack := newStack(t)
	logs := awslogs.NewLogGroup(stack, jsii.String("ApiLogs"), &awslogs.LogGroupProps{Retention: awslogs.RetentionDays_ONE_MONTH})
	fn := awslambda.NewFunction(stack, jsii.String("Api"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_NODEJS_24_X(),
		Architecture: awslambda.Architecture_ARM_64(),
		MemorySize:   jsii.Number(1024),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(10)),
		Handler:      jsii.String("index.handler"),
		Code:         awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1;")),
		LogGroup:     logs,
		Tracing:      awslambda.Tracing_ACTIVE,
	})
	fn.AddAlias(jsii.String("live"), &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(1)})
	all := notes(t, stack)
	for _, n := range all {
		if n.level != "info" && strings.Contains(n.msg, advisor.AnnotationPrefix) {
			t.Errorf("unexpected %s", n)
		}
	}
	// The advisor did run: it prices the function and its provisioned
	// concurrency.
	if len(find(all, "cost-per-million")) != 1 || len(find(all, "pc-breakeven")) != 1 {
		t.Errorf("want the cost and breakeven infos, got %v", all)
	}
}

func TestLambdaperfOptimizedFunctionAuditsClean(t *testing.T) {
	_, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry:       "testdata/handler.mjs",
		Environment: map[string]string{"TABLE": "items"},
	})
	all := notes(t, stack)
	for _, n := range all {
		if n.level != "info" && strings.Contains(n.msg, advisor.AnnotationPrefix) {
			t.Errorf("unexpected %s", n)
		}
	}
	if cost := find(all, "cost-per-million"); len(cost) != 1 {
		t.Errorf("want the cost info of the one function, got %v", all)
	} else if !strings.Contains(cost[0].msg, "ExpectedDuration (optimizedfn.Props)") || strings.Contains(cost[0].msg, "--duration-ms") {
		t.Errorf("in synth output the fix names the construct field, not the CLI flag: %s", cost[0].msg)
	}
}

func TestNestedStackFunctionsAreAuditedOnce(t *testing.T) {
	_, stack := newStack(t)
	nested := awscdk.NewNestedStack(stack, jsii.String("Inner"), nil)
	awslambda.NewFunction(nested, jsii.String("Fn"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1;")),
	})
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("synthesis failed: %v", r)
		}
	}()
	ann := assertions.Annotations_FromStack(stack) // a nested stack reports through its parent
	got := ann.FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String(`\[lambdaperf:default-memory\]`)))
	if len(*got) != 1 || *(*got)[0].Id != "/S/Inner/Fn/Resource" {
		var paths []string
		for _, m := range *got {
			paths = append(paths, *m.Id)
		}
		t.Errorf("want one default-memory warning on /S/Inner/Fn/Resource, got %v", paths)
	}
}

func TestErrorsFailSynthesis(t *testing.T) {
	app, stack := newStack(t)
	awslambda.NewFunction(stack, jsii.String("Huge"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_PYTHON_3_13(),
		Architecture: awslambda.Architecture_ARM_64(),
		MemorySize:   jsii.Number(1024),
		Handler:      jsii.String("index.handler"),
		Code:         awslambda.Code_FromInline(jsii.String("def handler(e, c): return 1")),
		Environment:  &map[string]*string{"BLOB": jsii.String(strings.Repeat("x", 5000))},
		LogRetention: awslogs.RetentionDays_ONE_WEEK,
	})
	// The CDK CLI refuses to deploy (and `cdk synth` exits non-zero) when the
	// assembly holds an error-level message: check it is there.
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("synthesis failed: %v", r)
		}
	}()
	asm := app.Synth(nil)
	var errs []string
	for _, m := range *asm.GetStackArtifact(stack.ArtifactId()).Messages() {
		if m.Level == cxapi.SynthesisMessageLevel_ERROR {
			errs = append(errs, fmt.Sprint(m.Entry.Data))
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "[lambdaperf:env-too-large]") || !strings.Contains(errs[0], "Fix:") {
		t.Errorf("want the env-too-large error with its fix, got %v", errs)
	}
}

func TestSuppressionNeedsAReason(t *testing.T) {
	_, stack := newStack(t)
	fn := awslambda.NewFunction(stack, jsii.String("Small"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1;")),
	})
	advisor.Suppress(fn, "default-memory", "load test shows 128 MB is enough for this cron job")
	advisor.Suppress(fn, "x86-where-arm64", "later")
	all := notes(t, stack)
	if got := find(all, "default-memory"); len(got) != 0 {
		t.Errorf("default-memory was suppressed with a reason but is reported: %v", got)
	}
	if got := find(all, "x86-where-arm64"); len(got) != 1 {
		t.Errorf("x86-where-arm64 was suppressed with a 5-character reason, it must still be reported: %v", all)
	}
	if got := find(all, "suppression-invalid"); len(got) != 1 || got[0].level != "error" || !strings.Contains(got[0].msg, `"later"`) {
		t.Errorf("want a suppression-invalid error naming the short reason, got %v", got)
	}
	if got := find(all, "no-log-retention"); len(got) != 1 {
		t.Errorf("other rules must still apply: %v", all)
	}
}

func TestCodeAssetRulesRunAtSynth(t *testing.T) {
	_, stack := newStack(t)
	code := t.TempDir()
	buildBootstrap(t, "amd64", filepath.Join(code, "bootstrap"))
	awslambda.NewFunction(stack, jsii.String("Graviton"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		MemorySize:   jsii.Number(512),
		Handler:      jsii.String("bootstrap"),
		Code:         awslambda.Code_FromAsset(jsii.String(code), nil),
	})
	got := find(notes(t, stack), "native-arch-mismatch")
	if len(got) != 1 || got[0].level != "error" || !strings.Contains(got[0].msg, "bootstrap (executable, x86_64)") {
		t.Errorf("want the x86_64 bootstrap of an arm64 function reported as an error, got %v", got)
	}
}

// buildBootstrap builds a small static Go program for linux/goarch.
func buildBootstrap(t *testing.T, goarch, out string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the test bootstrap: %v", err)
	}
	src := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":  "module example.com/bootstrap\n\ngo 1.22\n",
		"main.go": "package main\n\nfunc main() { println(\"ok\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goTool, "build", "-trimpath", "-o", out, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
}
