package powertuning_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/powertuning"
	"github.com/lambdaperf/lambdaperf/costmodel"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

const entry = "../optimizedfn/testdata/node/handler.ts"

func TestApplicationPerFunctionScopedAndPinned(t *testing.T) {
	outdir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir), BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	api := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: entry})
	worker := optimizedfn.New(stack, jsii.String("Worker"), &optimizedfn.Props{Entry: entry})
	powertuning.New(stack, jsii.String("Tuning"), &powertuning.Props{Functions: []*optimizedfn.Function{api, worker}, Num: 20})
	tpl := cdktest.Template(t, stack)

	if tr, _ := tpl["Transform"].([]any); len(tr) != 1 || tr[0] != "AWS::Serverless-2016-10-31" {
		t.Errorf("Transform = %v, want the SAM transform", tpl["Transform"])
	}
	apps := cdktest.Resources(tpl, "AWS::Serverless::Application")
	if len(apps) != 2 {
		t.Fatalf("%d applications, want one per tuned function", len(apps))
	}
	for id, a := range apps {
		p := cdktest.Props(a)
		loc := p["Location"].(map[string]any)
		if loc["ApplicationId"] != powertuning.ApplicationID || loc["SemanticVersion"] != "4.4.0" {
			t.Errorf("%s: location %v, want the pinned Power Tuning application", id, loc)
		}
		params := p["Parameters"].(map[string]any)
		if params["PowerValues"] != "128,256,512,1024,1536,1769,3008" {
			t.Errorf("%s: PowerValues %v", id, params["PowerValues"])
		}
		scope, _ := json.Marshal(params["lambdaResource"])
		if !strings.Contains(string(scope), `function:${Name}*`) || strings.Contains(string(scope), `"*"`) {
			t.Errorf("%s: lambdaResource %s is not scoped to one function", id, scope)
		}
	}

	outputs, _ := tpl["Outputs"].(map[string]any)
	var inputs int
	for id, o := range outputs {
		if !strings.Contains(id, "Input") {
			continue
		}
		inputs++
		v, _ := json.Marshal(o.(map[string]any)["Value"])
		for _, want := range []string{`\"num\":20`, `\"strategy\":\"balanced\"`, `\"includeOutputResults\":true`, `\"lambdaARN\":\"${Arn}\"`, `Ref`} {
			if !strings.Contains(string(v), want) {
				t.Errorf("output %s lacks %s: %s", id, want, v)
			}
		}
	}
	if inputs != 2 {
		t.Errorf("%d execution-input outputs, want 2", inputs)
	}

	files, _ := filepath.Glob(filepath.Join(outdir, powertuning.InputsDir, "S.*.json"))
	if len(files) != 2 {
		t.Fatalf("input files %v, want S.Api.json and S.Worker.json", files)
	}
	var f struct {
		Input map[string]any `json:"input"`
		Stack string         `json:"stack"`
	}
	b, _ := os.ReadFile(files[0])
	if err := json.Unmarshal(b, &f); err != nil || f.Stack != "S" || f.Input["num"] != 20.0 {
		t.Errorf("input file %s: %v %s", files[0], err, b)
	}
}

func TestBadProps(t *testing.T) {
	cases := []struct {
		name  string
		props powertuning.Props
		want  string
	}{
		{"no functions", powertuning.Props{}, `Functions is empty`},
		{"a version that is not semantic", powertuning.Props{Version: "latest"}, `Version "latest" is not a semantic version`},
		{"one power value", powertuning.Props{PowerValues: []int{512}}, `PowerValues [512] has fewer than two sizes`},
		{"a power value out of range", powertuning.Props{PowerValues: []int{64, 512}}, `PowerValues holds 64 MiB: each size must be 128..10240`},
		{"too few invocations", powertuning.Props{Num: 2}, `Num must be 5..1000 invocations per size, got 2`},
		{"an unknown strategy", powertuning.Props{Strategy: "fastest"}, `Strategy "fastest": use cost, speed or balanced`},
		{"a payload that is not JSON", powertuning.Props{Payload: func() {}}, `Payload is not JSON-serializable`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "powertuning: ") {
				t.Errorf("Validate knows no construct path, so the error starts with \"powertuning: \": %v", err)
			}
		})
	}
	msg := cdktest.Panics(func() {
		powertuning.New(awscdk.NewStack(awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)}), jsii.String("S"), nil), jsii.String("T"), &powertuning.Props{})
	})
	if !strings.Contains(msg, `powertuning "S/T": Functions is empty`) {
		t.Errorf("synth error %q", msg)
	}
}

func TestMemoryFromPinsTheTunedSize(t *testing.T) {
	result := "../../cmd/lambdaperf/testdata/powertuning-result.json"
	// The sample's cheapest size is 1,024 MiB, its fastest 3,008 MiB, and
	// the balanced pick (weight 0.5) 1,536 MiB (see cmd/lambdaperf tune).
	for s, want := range map[costmodel.Strategy]int{costmodel.StrategyCost: 1024, costmodel.StrategySpeed: 3008, costmodel.StrategyBalanced: 1536} {
		m, err := powertuning.MemoryFrom(result, s, costmodel.ARM64)
		if err != nil {
			t.Fatal(err)
		}
		if m != want {
			t.Errorf("%s: %d MiB, want %d", s, m, want)
		}
	}
	if _, err := powertuning.MemoryFrom("testdata/missing.json", costmodel.StrategyCost, costmodel.ARM64); err == nil || !strings.Contains(err.Error(), "cannot read testdata/missing.json") {
		t.Errorf("missing file: %v", err)
	}
	msg := cdktest.Panics(func() { powertuning.MustMemoryFrom("testdata/missing.json", costmodel.StrategyCost) })
	if !strings.Contains(msg, "missing.json") {
		t.Errorf("MustMemoryFrom panic %q", msg)
	}
}
