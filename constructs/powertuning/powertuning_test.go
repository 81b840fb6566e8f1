package powertuning_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
		for _, want := range []string{`\"num\":20`, `\"strategy\":\"balanced\"`, `\"includeOutputResults\":true`, `\"lambdaARN\":\"${Arn}\"`, `Fn::GetAtt`} {
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

// TestInputIsWhatTheInitializerAccepts resolves each execution-input output
// as CloudFormation would (a function's Arn attribute is its unqualified
// ARN, an alias's Ref its qualified one) and checks it against what Power
// Tuning's initializer and executor accept.
func TestInputIsWhatTheInitializerAccepts(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	api := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: entry})
	powertuning.New(stack, jsii.String("Tuning"), &powertuning.Props{Functions: []*optimizedfn.Function{api},
		Payload: map[string]any{"rawPath": "/health"}, Strategy: costmodel.StrategySpeed})
	tpl := cdktest.Template(t, stack)

	outputs, _ := tpl["Outputs"].(map[string]any)
	checked := 0
	for id, o := range outputs {
		if !strings.Contains(id, "Input") {
			continue
		}
		input, err := resolveSub(tpl, o.(map[string]any)["Value"])
		if err != nil {
			t.Fatalf("output %s: %v", id, err)
		}
		if err := initializerAccepts(input); err != nil {
			t.Errorf("output %s: Power Tuning refuses %s: %v", id, input, err)
		}
		checked++
	}
	if checked != 1 {
		t.Fatalf("%d execution inputs, want 1", checked)
	}

	// The check fires on what the initializer refuses.
	for name, bad := range map[string]string{
		"the live alias's ARN (8 fields)": `{"lambdaARN":"arn:aws:lambda:eu-west-1:111111111111:function:Api:live","powerValues":[128,256],"num":50,"payload":{},"strategy":"cost"}`,
		"a power value above 10240":       `{"lambdaARN":"arn:aws:lambda:eu-west-1:111111111111:function:Api","powerValues":[128,20480],"num":50,"payload":{},"strategy":"cost"}`,
		"num 0":                           `{"lambdaARN":"arn:aws:lambda:eu-west-1:111111111111:function:Api","powerValues":[128,256],"num":0,"payload":{},"strategy":"cost"}`,
		"an unknown strategy":             `{"lambdaARN":"arn:aws:lambda:eu-west-1:111111111111:function:Api","powerValues":[128,256],"num":50,"payload":{},"strategy":"fastest"}`,
		"no payload":                      `{"lambdaARN":"arn:aws:lambda:eu-west-1:111111111111:function:Api","powerValues":[128,256],"num":50,"strategy":"cost"}`,
	} {
		if err := initializerAccepts(bad); err == nil {
			t.Errorf("%s: accepted %s", name, bad)
		}
	}
}

// unqualifiedARN is a function ARN without version or alias: seven
// colon-separated fields.
var unqualifiedARN = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140}$`)

// initializerAccepts checks an execution input (JSON) as Power Tuning 4.4
// does (lambda/initializer.js, utils.js; README-INPUT-OUTPUT.md): an
// unqualified lambdaARN, powerValues within 128..10240 MiB, num >= 5 (a
// positive integer), strategy cost, speed or balanced, and a payload.
func initializerAccepts(input string) error {
	var in map[string]any
	if err := json.Unmarshal([]byte(input), &in); err != nil {
		return err
	}
	arn, _ := in["lambdaARN"].(string)
	if fields := strings.Split(arn, ":"); len(fields) != 7 || !unqualifiedARN.MatchString(arn) {
		return fmt.Errorf("lambdaARN %q has %d fields, want an unqualified function ARN (7)", arn, len(fields))
	}
	values, ok := in["powerValues"].([]any)
	if !ok || len(values) == 0 {
		return fmt.Errorf("powerValues %v is not a list of sizes", in["powerValues"])
	}
	for _, v := range values {
		n, ok := v.(float64)
		if !ok || n != float64(int(n)) || n < 128 || n > 10240 {
			return fmt.Errorf("powerValues holds %v, want whole MiB in 128..10240", v)
		}
	}
	if n, ok := in["num"].(float64); !ok || n != float64(int(n)) || n < 5 {
		return fmt.Errorf("num %v, want an integer of at least 5", in["num"])
	}
	switch in["strategy"] {
	case "cost", "speed", "balanced":
	default:
		return fmt.Errorf("strategy %v, want cost, speed or balanced", in["strategy"])
	}
	if _, ok := in["payload"]; !ok {
		return fmt.Errorf("no payload")
	}
	return nil
}

// resolveSub resolves an output's {"Fn::Sub": [text, {name: value}]} with
// CloudFormation's values for the intrinsics it holds.
func resolveSub(tpl map[string]any, v any) (string, error) {
	sub, _ := v.(map[string]any)["Fn::Sub"].([]any)
	if len(sub) != 2 {
		return "", fmt.Errorf("%v is not a Fn::Sub with variables", v)
	}
	text := sub[0].(string)
	for name, value := range sub[1].(map[string]any) {
		arn, err := attributeARN(tpl, value)
		if err != nil {
			return "", err
		}
		text = strings.ReplaceAll(text, "${"+name+"}", arn)
	}
	return text, nil
}

// attributeARN is what CloudFormation returns for {"Fn::GetAtt": [fn,
// "Arn"]} of a function (its unqualified ARN) or {"Ref": alias} (the
// alias's qualified ARN), in a made-up account and region.
func attributeARN(tpl map[string]any, v any) (string, error) {
	res := tpl["Resources"].(map[string]any)
	const prefix = "arn:aws:lambda:eu-west-1:111111111111:function:"
	m, _ := v.(map[string]any)
	if ga, ok := m["Fn::GetAtt"].([]any); ok && len(ga) == 2 && ga[1] == "Arn" {
		if r, _ := res[ga[0].(string)].(map[string]any); r["Type"] == "AWS::Lambda::Function" {
			return prefix + ga[0].(string), nil
		}
	}
	if ref, ok := m["Ref"].(string); ok {
		if r, _ := res[ref].(map[string]any); r["Type"] == "AWS::Lambda::Alias" {
			return prefix + "Fn:" + cdktest.Props(r)["Name"].(string), nil
		}
	}
	return "", fmt.Errorf("cannot resolve %v", v)
}

// TestInputFilesAreWrittenAtSynthesis: constructing a Tuning writes
// nothing; synthesizing the app writes one input file per function into
// its cloud assembly.
func TestInputFilesAreWrittenAtSynthesis(t *testing.T) {
	outdir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir), BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	api := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{Entry: entry})
	powertuning.New(stack, jsii.String("Tuning"), &powertuning.Props{Functions: []*optimizedfn.Function{api}})
	dir := filepath.Join(outdir, powertuning.InputsDir)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("powertuning.New wrote %s before synthesis (%v)", dir, err)
	}
	app.Synth(nil)
	b, err := os.ReadFile(filepath.Join(dir, "S.Api.json"))
	if err != nil {
		t.Fatalf("no input file after synthesis: %v", err)
	}
	var f struct {
		Input map[string]any    `json:"input"`
		Fill  map[string]string `json:"fill"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Input["lambdaARN"] != powertuning.LambdaARNPlaceholder || !strings.Contains(f.Fill[powertuning.LambdaARNPlaceholder], "unqualified ARN of S/Api") {
		t.Errorf("input file %s: lambdaARN %v, fill %v", b, f.Input["lambdaARN"], f.Fill)
	}
}
