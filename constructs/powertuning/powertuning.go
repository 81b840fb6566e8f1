// Package powertuning deploys AWS Lambda Power Tuning
// (https://github.com/alexcasalboni/aws-lambda-power-tuning) from the
// Serverless Application Repository next to the functions it tunes, scoped to
// them, and hands out a ready execution input per function. MemoryFrom reads
// a committed tuning result back, so tuned memory is pinned in code and
// builds stay deterministic.
//
// # What a tuning run changes, and what stays true
//
// The execution input names the function by its UNQUALIFIED ARN
// (arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME, seven colon-separated
// fields). Power Tuning's initializer takes nothing else: for every size it
// sets the memory of $LATEST, publishes a version of its own and points an
// alias RAM<size> at it, invokes that alias, and at the end sets $LATEST
// back to the memory it found and deletes its RAM<size> aliases (the
// versions stay). A qualified ARN (the live alias, a version) fails there
// (aws-lambda-power-tuning issue #166).
//
// While it runs, and after it:
//   - The live alias, its provisioned concurrency and its autoscaling are
//     untouched: they point at a version CloudFormation published, and
//     Power Tuning never moves an alias it did not create. Callers of the
//     alias (Function URLs, event sources) see no change. Run with
//     "autoOptimize": false (the default, which this package keeps):
//     autoOptimizeAlias would move an alias behind CloudFormation's back.
//   - $LATEST's memory differs from the template until the run ends; the
//     versions it publishes carry the memory of their size. Only callers of
//     $LATEST (none in lambdaperf's stacks) see the sizes change.
//   - The next `cdk deploy` restores the template's memory on $LATEST even
//     if a run failed half-way: CloudFormation updates the function when
//     its template changes; if it has not changed, deploy a changed
//     MemorySize (the tuned one) or run the execution again to the end.
//   - The run bills real invocations: num per size, at each size's price.
//     Deploy the tuning stack to a test account and remove it after.
//
// The execution inputs are stack outputs and, at synthesis (an aspect, not
// the constructor), JSON files in cdk.out/powertuning.
package powertuning

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// ApplicationID is Lambda Power Tuning in the Serverless Application
// Repository (public; deployable from every commercial region).
const ApplicationID = "arn:aws:serverlessrepo:us-east-1:451282441545:applications/aws-lambda-power-tuning"

// DefaultVersion is the application version this package pins.
const DefaultVersion = "4.4.0"

// DefaultPowerValues are the memory sizes tried, in MiB: the usual ladder
// plus 1,769 MiB, where a function gets one full vCPU.
var DefaultPowerValues = []int{128, 256, 512, 1024, 1536, 1769, 3008}

// Defaults for an execution.
const (
	DefaultNum                         = 50
	DefaultStrategy costmodel.Strategy = "balanced" // costmodel.StrategyBalanced
)

// InputsDir is the folder of the cloud assembly (cdk.out) that receives one
// execution-input file per tuned function.
const InputsDir = "powertuning"

// Props configures Power Tuning for a set of optimized functions.
type Props struct {
	// Functions to tune; each gets its own copy of the state machine whose
	// IAM policies reach only that function and its versions and aliases.
	// Required.
	Functions []*optimizedfn.Function
	// Version of the application. Default: DefaultVersion (4.4.0).
	Version string
	// PowerValues are the memory sizes to try, in MiB, 128..10240.
	// Default: DefaultPowerValues.
	PowerValues []int
	// Num is the number of invocations per memory size, 5..1000.
	// Default: 50.
	Num int
	// Payload is the event each invocation receives. Default: {}.
	Payload any
	// Strategy picks the result: cost, speed or balanced. Default: balanced.
	Strategy costmodel.Strategy
}

// Tuning is the deployed Power Tuning: one application per function.
type Tuning struct {
	constructs.Construct
	apps   map[string]awssam.CfnApplication
	inputs map[string]map[string]any
	files  []pendingInput
}

var versionPattern = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

// resolved is Props with defaults applied and validated, in pure Go.
type resolved struct {
	version     string
	powerValues []int
	num         int
	payload     any
	strategy    costmodel.Strategy
}

// Validate checks props without synthesizing and returns every problem.
func (p *Props) Validate() error {
	_, err := resolve("", p)
	return err
}

func resolve(path string, p *Props) (*resolved, error) {
	if p == nil {
		p = &Props{}
	}
	probs := problems.New("powertuning", path) // Validate knows no construct path
	fail := probs.Addf
	r := &resolved{version: p.Version, powerValues: p.PowerValues, num: p.Num, payload: p.Payload, strategy: p.Strategy}
	if len(p.Functions) == 0 {
		fail("Functions is empty: list the optimized functions to tune")
	}
	for i, f := range p.Functions {
		if f == nil {
			fail("Functions[%d] is nil", i)
		}
	}
	if r.version == "" {
		r.version = DefaultVersion
	} else if !versionPattern.MatchString(r.version) {
		fail("Version %q is not a semantic version: pin one such as %q", r.version, DefaultVersion)
	}
	if r.powerValues == nil {
		r.powerValues = DefaultPowerValues
	}
	if len(r.powerValues) < 2 {
		fail("PowerValues %v has fewer than two sizes: tuning compares sizes, give at least two", r.powerValues)
	}
	for _, v := range r.powerValues {
		if v < costmodel.MinMemoryMiB || v > costmodel.MaxMemoryMiB {
			fail("PowerValues holds %d MiB: each size must be %d..%d", v, costmodel.MinMemoryMiB, costmodel.MaxMemoryMiB)
		}
	}
	if r.num == 0 {
		r.num = DefaultNum
	} else if r.num < 5 || r.num > 1000 {
		fail("Num must be 5..1000 invocations per size, got %d: fewer gives noise, Power Tuning caps it", r.num)
	}
	if r.payload == nil {
		r.payload = map[string]any{}
	}
	if _, err := json.Marshal(r.payload); err != nil {
		fail("Payload is not JSON-serializable: %v", err)
	}
	if r.strategy == "" {
		r.strategy = DefaultStrategy
	} else if _, err := costmodel.ParseStrategy(string(r.strategy)); err != nil {
		fail("Strategy %q: use cost, speed or balanced", r.strategy)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// New deploys Power Tuning for props.Functions. Invalid props stop
// synthesis with every problem listed.
func New(scope constructs.Construct, id *string, props *Props) *Tuning {
	path := problems.Path(scope, id)
	r, err := resolve(path, props)
	if err != nil {
		panic(err)
	}
	t := &Tuning{apps: map[string]awssam.CfnApplication{}, inputs: map[string]map[string]any{}}
	constructs.NewConstruct_Override(t, scope, id)

	for _, fn := range props.Functions {
		name := *fn.Node().Id()
		app := awssam.NewCfnApplication(t, jsii.String(name), &awssam.CfnApplicationProps{
			Location: &awssam.CfnApplication_ApplicationLocationProperty{
				ApplicationId:   jsii.String(ApplicationID),
				SemanticVersion: jsii.String(r.version),
			},
			Parameters: &map[string]*string{
				// Least privilege: the state machine may only invoke, publish
				// and alias this function, never every function ("*"). The
				// application takes one ARN pattern, and it must match both
				// the function and its qualified ARNs (name:version,
				// name:alias), hence the name prefix: a function whose name
				// starts with this one's (CDK appends a random suffix, so
				// only a hand-named one could) would match too.
				"lambdaResource": awscdk.Fn_Sub(jsii.String("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Name}*"),
					&map[string]*string{"Name": fn.Function().FunctionName()}),
				"PowerValues": jsii.String(joinInts(r.powerValues)),
			},
		})
		t.apps[name] = app

		input := map[string]any{
			"lambdaARN":            LambdaARNPlaceholder,
			"powerValues":          r.powerValues,
			"num":                  r.num,
			"payload":              r.payload,
			"strategy":             string(r.strategy),
			"includeOutputResults": true, // the stats `lambdaperf tune` reads
		}
		t.inputs[name] = input
		tmpl, _ := json.Marshal(input)
		// The function's Arn attribute is its unqualified ARN (seven
		// fields), not the live alias's: Power Tuning publishes versions
		// and aliases of its own and refuses a qualified ARN.
		inputOut := awscdk.NewCfnOutput(t, jsii.String(name+"Input"), &awscdk.CfnOutputProps{
			Description: jsii.String("Lambda Power Tuning execution input for " + *fn.Node().Path()),
			Value: awscdk.Fn_Sub(jsii.String(strings.ReplaceAll(string(tmpl), LambdaARNPlaceholder, "${Arn}")),
				&map[string]*string{"Arn": fn.Function().FunctionArn()}),
		})
		machineOut := awscdk.NewCfnOutput(t, jsii.String(name+"StateMachine"), &awscdk.CfnOutputProps{
			Description: jsii.String("Lambda Power Tuning state machine for " + *fn.Node().Path()),
			Value:       app.GetAtt(jsii.String("Outputs.StateMachineARN"), awscdk.ResolutionTypeHint_STRING).ToString(),
		})
		t.files = append(t.files, pendingInput{fn: fn, name: name, input: input, inputOut: inputOut, machineOut: machineOut})
	}
	// The files are written when the app synthesizes, into its cloud
	// assembly: constructing a Tuning writes nothing.
	awscdk.Aspects_Of(t).Add(&inputWriter{t: t}, nil)
	return t
}

// LambdaARNPlaceholder stands for the function's unqualified ARN in Input
// and in the files of cdk.out/powertuning; the stack output has it filled.
const LambdaARNPlaceholder = "${LambdaARN}"

// pendingInput is one execution input to write at synthesis.
type pendingInput struct {
	fn                   *optimizedfn.Function
	name                 string
	input                map[string]any
	inputOut, machineOut awscdk.CfnOutput
}

// inputWriter is the aspect that writes the execution inputs into the
// cloud assembly when the app synthesizes, once, on visiting the Tuning.
type inputWriter struct{ t *Tuning }

// Visit implements awscdk.IAspect.
func (w *inputWriter) Visit(node constructs.IConstruct) {
	if *node.Node().Path() != *w.t.Node().Path() {
		return
	}
	stack := awscdk.Stack_Of(w.t)
	var files []inputFile
	for _, p := range w.t.files {
		files = append(files, inputFile{
			name: *stack.StackName() + "." + p.name + ".json",
			body: map[string]any{
				"input": p.input,
				"fill": map[string]string{
					LambdaARNPlaceholder: fmt.Sprintf("the unqualified ARN of %s (arn:aws:lambda:REGION:ACCOUNT:function:NAME, no version or alias), deployed", *p.fn.Node().Path()),
				},
				"stack":                   *stack.StackName(),
				"inputOutputLogicalId":    *stack.GetLogicalId(p.inputOut),
				"stateMachineOutputLogId": *stack.GetLogicalId(p.machineOut),
				"howTo":                   "after cdk deploy, read both stack outputs and run: aws stepfunctions start-execution --state-machine-arn <state machine output> --input <input output>",
			},
		})
	}
	writeInputs(*awscdk.Stage_Of(w.t).Outdir(), files)
}

type inputFile struct {
	name string
	body map[string]any
}

// writeInputs leaves the execution inputs in the cloud assembly, beside the
// templates, for people and scripts that read cdk.out.
func writeInputs(outdir string, files []inputFile) {
	dir := filepath.Join(outdir, InputsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(fmt.Errorf("powertuning: %v", err))
	}
	for _, f := range files {
		b, _ := json.MarshalIndent(f.body, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, f.name), append(b, '\n'), 0o644); err != nil {
			panic(fmt.Errorf("powertuning: %v", err))
		}
	}
}

// Application returns the Power Tuning application of one tuned function,
// by the function's construct id.
func (t *Tuning) Application(functionID string) awssam.CfnApplication { return t.apps[functionID] }

// Input returns the execution input of one tuned function (lambdaARN is
// LambdaARNPlaceholder: the function's unqualified ARN is known only after
// deployment).
func (t *Tuning) Input(functionID string) map[string]any { return t.inputs[functionID] }

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
}

// MemoryFrom reads a committed Power Tuning result (the execution output,
// with includeOutputResults) and returns the memory, in MiB, that strategy
// picks, so a tuned size is pinned in code:
//
//	MemorySize: powertuning.MustMemoryFrom("tuning/api.json", costmodel.StrategyBalanced),
func MemoryFrom(resultFile string, strategy costmodel.Strategy, arch costmodel.Arch) (int, error) {
	res, err := costmodel.ReadPowerTuning(resultFile, arch)
	if err != nil {
		return 0, fmt.Errorf("powertuning: %w", err)
	}
	r, err := costmodel.RightSize(res.Measurements, strategy, 0.5)
	if err != nil {
		return 0, fmt.Errorf("powertuning: %s: %w", resultFile, err)
	}
	return r.Best.MemoryMiB, nil
}

// MustMemoryFrom is MemoryFrom for stack code: a bad or missing result file
// stops synthesis with the reason.
func MustMemoryFrom(resultFile string, strategy costmodel.Strategy) int {
	m, err := MemoryFrom(resultFile, strategy, costmodel.ARM64)
	if err != nil {
		panic(err)
	}
	return m
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, DefaultStrategy == costmodel.StrategyBalanced: {}}
