package advisor_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

const (
	goEntry     = "../optimizedfn/testdata/gofn"
	pythonEntry = "../optimizedfn/testdata/pyfn"
	// escaped is the example: 29 bytes as Lambda counts it, 44
	// through Go's HTML-safe json.Marshal.
	escapedURL = "https://x?a=1&b=<2>"
)

// edge is one configuration at a Lambda limit, as construct props and as
// the function's template properties.
type edge struct {
	name  string
	props optimizedfn.Props
	cfn   map[string]any // properties over a Go function on arm64
	rule  string         // the advisor rule that judges it
	field string         // the construct's error names it
	bad   bool           // Lambda refuses it
}

// padded is an environment of the URL and a PAD variable that
// measures total bytes: {"URL":"...","PAD":"xx..."} is 29+9+len(PAD).
func padded(total int) map[string]string {
	return map[string]string{"URL": escapedURL, "PAD": strings.Repeat("x", total-29-9)}
}

func layers(n int) ([]extensions.Layer, []any) {
	var ls []extensions.Layer
	var arns []any
	for i := range n {
		arn := fmt.Sprintf("arn:aws:lambda:us-east-1:123456789012:layer:Team%d:1", i)
		ls = append(ls, extensions.FromARN(arn, extensions.ARM64))
		arns = append(arns, arn)
	}
	return ls, arns
}

func env(vars map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range vars {
		out[k] = v
	}
	return map[string]any{"Variables": out}
}

// TestConstructsAndAdvisorAgree runs every edge case through the optimized
// function's validation and through the advisor's rule over the equivalent
// template: both must accept it, or both refuse it. Both call package
// lambda; this proves they call it the same way.
func TestConstructsAndAdvisorAgree(t *testing.T) {
	five, fiveARNs := layers(5)
	six, sixARNs := layers(6)
	snapStart := map[string]any{"ApplyOn": "PublishedVersions"}
	tmp := func(mib float64) *awslambda.FunctionOptions {
		return &awslambda.FunctionOptions{EphemeralStorageSize: awscdk.Size_Mebibytes(jsii.Number(mib))}
	}
	edges := []edge{
		{"127 MiB of memory", optimizedfn.Props{MemorySize: 127}, map[string]any{"MemorySize": 127}, "memory-out-of-range", "MemorySize", true},
		{"128 MiB of memory", optimizedfn.Props{MemorySize: 128}, map[string]any{"MemorySize": 128}, "memory-out-of-range", "MemorySize", false},
		{"10,240 MiB of memory", optimizedfn.Props{MemorySize: 10240}, map[string]any{"MemorySize": 10240}, "memory-out-of-range", "MemorySize", false},
		{"10,241 MiB of memory", optimizedfn.Props{MemorySize: 10241}, map[string]any{"MemorySize": 10241}, "memory-out-of-range", "MemorySize", true},
		{"a 1 s timeout", optimizedfn.Props{Timeout: time.Second}, map[string]any{"Timeout": 1}, "timeout-out-of-range", "Timeout", false},
		{"a 900 s timeout", optimizedfn.Props{Timeout: 900 * time.Second}, map[string]any{"Timeout": 900}, "timeout-out-of-range", "Timeout", false},
		{"a 901 s timeout", optimizedfn.Props{Timeout: 901 * time.Second}, map[string]any{"Timeout": 901}, "timeout-out-of-range", "Timeout", true},
		{"the issue's URL alone", optimizedfn.Props{Environment: map[string]string{"URL": escapedURL}}, map[string]any{"Environment": env(map[string]string{"URL": escapedURL})}, "env-too-large", "Environment", false},
		{"&<> and 4,096 bytes as Lambda counts them", optimizedfn.Props{Environment: padded(4096)}, map[string]any{"Environment": env(padded(4096))}, "env-too-large", "Environment", false},
		{"&<> and 4,097 bytes", optimizedfn.Props{Environment: padded(4097)}, map[string]any{"Environment": env(padded(4097))}, "env-too-large", "Environment", true},
		{"2,044 quotes, escaped, make 4,096 bytes", optimizedfn.Props{Environment: map[string]string{"Q": strings.Repeat(`"`, 2044)}}, map[string]any{"Environment": env(map[string]string{"Q": strings.Repeat(`"`, 2044)})}, "env-too-large", "Environment", false},
		{"2,045 quotes make 4,098", optimizedfn.Props{Environment: map[string]string{"Q": strings.Repeat(`"`, 2045)}}, map[string]any{"Environment": env(map[string]string{"Q": strings.Repeat(`"`, 2045)})}, "env-too-large", "Environment", true},
		{"5 layers", optimizedfn.Props{Layers: five}, map[string]any{"Layers": fiveARNs}, "too-many-layers", "Layers", false},
		{"6 layers", optimizedfn.Props{Layers: six}, map[string]any{"Layers": sixARNs}, "too-many-layers", "Layers", true},
		{"SnapStart on provided.al2023", optimizedfn.Props{SnapStart: optimizedfn.SnapStartOn}, map[string]any{"SnapStart": snapStart}, "snapstart-unsupported", "SnapStart", true},
		{"SnapStart on python3.12", optimizedfn.Props{Entry: pythonEntry, Runtime: optimizedfn.Python312, SnapStart: optimizedfn.SnapStartOn},
			map[string]any{"Runtime": "python3.12", "Handler": "index.handler", "SnapStart": snapStart}, "snapstart-unsupported", "SnapStart", false},
		{"SnapStart with 512 MiB of /tmp", optimizedfn.Props{Entry: pythonEntry, SnapStart: optimizedfn.SnapStartOn, Extra: tmp(512)},
			map[string]any{"Runtime": "python3.13", "Handler": "index.handler", "SnapStart": snapStart, "EphemeralStorage": map[string]any{"Size": 512}}, "snapstart-unsupported", "ephemeral storage", false},
		{"SnapStart with 513 MiB of /tmp", optimizedfn.Props{Entry: pythonEntry, SnapStart: optimizedfn.SnapStartOn, Extra: tmp(513)},
			map[string]any{"Runtime": "python3.13", "Handler": "index.handler", "SnapStart": snapStart, "EphemeralStorage": map[string]any{"Size": 513}}, "snapstart-unsupported", "ephemeral storage", true},
	}
	agree(t, edges, nil)
}

// agree runs each edge through the construct and, in a template with the
// other resources, through the advisor.
func agree(t *testing.T, edges []edge, others map[string]any) {
	t.Helper()
	for _, e := range edges {
		t.Run(e.name, func(t *testing.T) {
			props := e.props
			if props.Entry == "" {
				props.Entry = goEntry
			}
			_, err := optimizedfn.Resolve("S/F", &props)
			constructRefuses := err != nil
			if constructRefuses && !strings.Contains(err.Error(), e.field) {
				t.Fatalf("the construct refuses it for another reason: %v", err)
			}
			advisorRefuses := firesWith(t, e.cfn, e.rule, others)
			if constructRefuses != e.bad || advisorRefuses != e.bad {
				t.Errorf("Lambda refuses it: %v; the construct refuses it: %v (%v); the advisor's %s fires: %v", e.bad, constructRefuses, err, e.rule, advisorRefuses)
			}
		})
	}
}

// firesWith reports whether the rule finds a problem with a Go function on
// arm64 that has the properties, in a template that also holds the other
// resources.
func firesWith(t *testing.T, props map[string]any, rule string, others map[string]any) bool {
	t.Helper()
	base := map[string]any{"Runtime": "provided.al2023", "Handler": "bootstrap", "Architectures": []any{"arm64"}, "MemorySize": 1024, "Timeout": 10}
	for k, v := range props {
		base[k] = v
	}
	resources := map[string]any{"F": map[string]any{"Type": "AWS::Lambda::Function", "Properties": jsonNumbers(base)}}
	for id, r := range others {
		resources[id] = r
	}
	st, err := assembly.StackFromTemplate("S", map[string]any{"Resources": resources}, assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range audit.Run(&audit.Model{Stacks: []*audit.Stack{st}}, audit.Options{Now: auditDate}).Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// jsonNumbers turns ints into float64, as decoding template JSON does.
func jsonNumbers(props map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range props {
		switch n := v.(type) {
		case int:
			out[k] = float64(n)
		case map[string]any:
			out[k] = jsonNumbers(n)
		default:
			out[k] = v
		}
	}
	return out
}

// TestConstructsAndAdvisorAgreeOnManagedInstances: a function on a
// capacity provider goes through optimizedfn's validation and, as the
// equivalent template, through managed-instances-invalid; both call
// lambda.ManagedInstancesFunction.
func TestConstructsAndAdvisorAgreeOnManagedInstances(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	cp := capacity.New(stack, jsii.String("Capacity"), &capacity.Props{Network: network.New(stack, jsii.String("Net"), nil)})
	mi := func(ratio float64, perEnv int) *optimizedfn.ManagedInstances {
		return &optimizedfn.ManagedInstances{CapacityProvider: cp, MemoryGiBPerVCPU: ratio, PerEnvironmentMaxConcurrency: perEnv}
	}
	cfg := func(ratio float64, perEnv int) map[string]any {
		c := map[string]any{"CapacityProviderArn": map[string]any{"Fn::GetAtt": []any{"CP", "Arn"}}}
		if ratio != 0 {
			c["ExecutionEnvironmentMemoryGiBPerVCpu"] = ratio
		}
		if perEnv != 0 {
			c["PerExecutionEnvironmentMaxConcurrency"] = perEnv
		}
		return map[string]any{"LambdaManagedInstancesCapacityProviderConfig": c}
	}
	snapStart := map[string]any{"ApplyOn": "PublishedVersions"}
	edges := []edge{
		{"2,047 MiB", optimizedfn.Props{MemorySize: 2047, ManagedInstances: mi(0, 0)}, map[string]any{"MemorySize": 2047, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "MemorySize", true},
		{"2,048 MiB", optimizedfn.Props{MemorySize: 2048, ManagedInstances: mi(0, 0)}, map[string]any{"MemorySize": 2048, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "MemorySize", false},
		{"32,768 MiB", optimizedfn.Props{MemorySize: 32768, ManagedInstances: mi(0, 0)}, map[string]any{"MemorySize": 32768, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "MemorySize", false},
		{"32,769 MiB", optimizedfn.Props{MemorySize: 32769, ManagedInstances: mi(0, 0)}, map[string]any{"MemorySize": 32769, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "MemorySize", true},
		{"8 GiB at 8 GiB per vCPU", optimizedfn.Props{MemorySize: 8192, ManagedInstances: mi(8, 0)}, map[string]any{"MemorySize": 8192, "CapacityProviderConfig": cfg(8, 0)}, "managed-instances-invalid", "MemorySize", false},
		{"7 GiB at 8 GiB per vCPU", optimizedfn.Props{MemorySize: 7168, ManagedInstances: mi(8, 0)}, map[string]any{"MemorySize": 7168, "CapacityProviderConfig": cfg(8, 0)}, "managed-instances-invalid", "MemorySize", true},
		{"1.5 GiB per vCPU", optimizedfn.Props{MemorySize: 4096, ManagedInstances: mi(1.5, 0)}, map[string]any{"MemorySize": 4096, "CapacityProviderConfig": cfg(1.5, 0)}, "managed-instances-invalid", "MemoryGiBPerVCPU", true},
		{"1,600 per environment", optimizedfn.Props{MemorySize: 2048, ManagedInstances: mi(0, 1600)}, map[string]any{"MemorySize": 2048, "CapacityProviderConfig": cfg(0, 1600)}, "managed-instances-invalid", "PerEnvironmentMaxConcurrency", false},
		{"1,601 per environment", optimizedfn.Props{MemorySize: 2048, ManagedInstances: mi(0, 1601)}, map[string]any{"MemorySize": 2048, "CapacityProviderConfig": cfg(0, 1601)}, "managed-instances-invalid", "PerEnvironmentMaxConcurrency", true},
		{"python3.12", optimizedfn.Props{Entry: pythonEntry, Runtime: optimizedfn.Python312, MemorySize: 2048, ManagedInstances: mi(0, 0)},
			map[string]any{"Runtime": "python3.12", "Handler": "index.handler", "MemorySize": 2048, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "Runtime", true},
		{"python3.13", optimizedfn.Props{Entry: pythonEntry, Runtime: optimizedfn.Python313, MemorySize: 2048, ManagedInstances: mi(0, 0)},
			map[string]any{"Runtime": "python3.13", "Handler": "index.handler", "MemorySize": 2048, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "Runtime", false},
		{"x86_64 code on Graviton instances", optimizedfn.Props{Architecture: optimizedfn.X86_64, MemorySize: 2048, ManagedInstances: mi(0, 0)},
			map[string]any{"Architectures": []any{"x86_64"}, "MemorySize": 2048, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "Architecture", true},
		{"SnapStart on python3.13", optimizedfn.Props{Entry: pythonEntry, SnapStart: optimizedfn.SnapStartOn, MemorySize: 2048, ManagedInstances: mi(0, 0)},
			map[string]any{"Runtime": "python3.13", "Handler": "index.handler", "MemorySize": 2048, "SnapStart": snapStart, "CapacityProviderConfig": cfg(0, 0)}, "managed-instances-invalid", "SnapStart", true},
	}
	agree(t, edges, map[string]any{"CP": map[string]any{"Type": "AWS::Lambda::CapacityProvider", "Properties": map[string]any{
		"InstanceRequirements": map[string]any{"Architectures": []any{"arm64"}}}}})
}
