package optimizedfn_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// provider is a default capacity provider in a network of its own.
func provider(stack awscdk.Stack, props *capacity.Props) *capacity.Provider {
	cp, _ := providerIn(stack, props)
	return cp
}

func providerIn(stack awscdk.Stack, props *capacity.Props) (*capacity.Provider, *network.Vpc) {
	net := network.New(stack, jsii.String("Net"), nil)
	if props == nil {
		props = &capacity.Props{}
	}
	props.Network = net
	return capacity.New(stack, jsii.String("Capacity"), props), net
}

func TestAFunctionOnManagedInstances(t *testing.T) {
	_, stack := newStack(t)
	cp := provider(stack, nil)
	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry:            "testdata/node/handler.ts",
		ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp},
	})
	tpl := cdktest.Template(t, stack)

	fnID, res := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	p := cdktest.Props(res)
	if p["MemorySize"] != 2048.0 {
		t.Errorf("MemorySize = %v, want 2048 (2 GiB and 1 vCPU, the smallest on Managed Instances)", p["MemorySize"])
	}
	if p["SnapStart"] != nil || p["VpcConfig"] != nil {
		t.Errorf("SnapStart %v, VpcConfig %v: a function on Managed Instances has neither", p["SnapStart"], p["VpcConfig"])
	}
	cfg := p["CapacityProviderConfig"].(map[string]any)["LambdaManagedInstancesCapacityProviderConfig"].(map[string]any)
	cpID, _ := cdktest.Only(t, tpl, "AWS::Lambda::CapacityProvider")
	if got := mustJSON(cfg["CapacityProviderArn"]); !strings.Contains(got, cpID) {
		t.Errorf("CapacityProviderArn %s does not reference %s", got, cpID)
	}
	if cfg["ExecutionEnvironmentMemoryGiBPerVCpu"] != 2.0 || cfg["PerExecutionEnvironmentMaxConcurrency"] != 64.0 {
		t.Errorf("capacity-provider config %v, want 2 GiB per vCPU and Node.js's 64 per vCPU", cfg)
	}
	// The alias is the invoke target, on a published version of the function.
	_, alias := cdktest.Only(t, tpl, "AWS::Lambda::Alias")
	verID, ver := cdktest.Only(t, tpl, "AWS::Lambda::Version")
	ap := cdktest.Props(alias)
	if ap["Name"] != "live" || !strings.Contains(mustJSON(ap["FunctionVersion"]), verID) || !strings.Contains(mustJSON(cdktest.Props(ver)["FunctionName"]), fnID) {
		t.Errorf("alias %v on version %s of %s", ap, verID, fnID)
	}
	mi := fn.Plan().ManagedInstances
	if mi == nil || mi.VCPUs != 1 || mi.Architecture != "arm64" || mi.CapacityProvider != "S/Capacity" {
		t.Errorf("plan: %+v", mi)
	}
}

func TestManagedInstancesSettingsReachTheTemplate(t *testing.T) {
	_, stack := newStack(t)
	cp := provider(stack, nil)
	optimizedfn.New(stack, jsii.String("Worker"), &optimizedfn.Props{
		Entry: "testdata/pyfn", MemorySize: 16384,
		ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp, MemoryGiBPerVCPU: 4},
	})
	optimizedfn.New(stack, jsii.String("Go"), &optimizedfn.Props{
		Entry: "testdata/gofn", ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp, PerEnvironmentMaxConcurrency: 8},
	})
	for id, res := range cdktest.Resources(cdktest.Template(t, stack), "AWS::Lambda::Function") {
		p := cdktest.Props(res)
		cfg := p["CapacityProviderConfig"].(map[string]any)["LambdaManagedInstancesCapacityProviderConfig"].(map[string]any)
		switch {
		case strings.HasPrefix(id, "Worker"):
			// 16 GiB at 4 GiB per vCPU: 4 vCPUs x Python's 16.
			if p["MemorySize"] != 16384.0 || cfg["ExecutionEnvironmentMemoryGiBPerVCpu"] != 4.0 || cfg["PerExecutionEnvironmentMaxConcurrency"] != 64.0 {
				t.Errorf("Python: %v %v", p["MemorySize"], cfg)
			}
		case strings.HasPrefix(id, "Go"):
			if cfg["PerExecutionEnvironmentMaxConcurrency"] != 8.0 {
				t.Errorf("Go: %v", cfg)
			}
		}
	}
}

func TestBadManagedInstancesProps(t *testing.T) {
	_, stack := newStack(t)
	cp, net := providerIn(stack, nil)
	x86 := capacity.New(stack, jsii.String("X86"), &capacity.Props{Network: net, Architecture: capacity.X86_64})
	mi := func(m optimizedfn.ManagedInstances) *optimizedfn.ManagedInstances {
		if m.CapacityProvider == nil {
			m.CapacityProvider = cp
		}
		return &m
	}
	for _, tt := range []struct {
		name  string
		props optimizedfn.Props
		want  []string
	}{
		{"no provider", optimizedfn.Props{ManagedInstances: &optimizedfn.ManagedInstances{}}, []string{"ManagedInstances.CapacityProvider is required"}},
		{"nodejs20.x", optimizedfn.Props{Entry: "testdata/node/handler.ts", Runtime: "nodejs20.x", ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{`Runtime "nodejs20.x" is not supported`}},
		{"python3.12", optimizedfn.Props{Entry: "testdata/pyfn", Runtime: optimizedfn.Python312, ManagedInstances: mi(optimizedfn.ManagedInstances{})},
			[]string{`optimizedfn "S/F": Runtime python3.12: runtime python3.12 does not run on Lambda Managed Instances: use Node.js 22+`}},
		{"1 GiB", optimizedfn.Props{MemorySize: 1024, ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{"MemorySize 1024: a function on Managed Instances takes 2048..32768 MiB of memory, got 1024"}},
		{"the Balanced profile", optimizedfn.Props{Profile: optimizedfn.Balanced, ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{"MemorySize 1024"}},
		{"half a vCPU", optimizedfn.Props{MemorySize: 4096, ManagedInstances: mi(optimizedfn.ManagedInstances{MemoryGiBPerVCPU: 8})}, []string{"4096 MiB at 8 GiB per vCPU is less than 1 vCPU"}},
		{"9 GiB per vCPU", optimizedfn.Props{MemorySize: 18432, ManagedInstances: mi(optimizedfn.ManagedInstances{MemoryGiBPerVCPU: 9})}, []string{"ManagedInstances.MemoryGiBPerVCPU 9: ExecutionEnvironmentMemoryGiBPerVCpu must be 2..8 GiB per vCPU, got 9"}},
		{"1,601 per environment", optimizedfn.Props{ManagedInstances: mi(optimizedfn.ManagedInstances{PerEnvironmentMaxConcurrency: 1601})}, []string{"ManagedInstances.PerEnvironmentMaxConcurrency 1601"}},
		{"x86_64 code on Graviton", optimizedfn.Props{Architecture: optimizedfn.X86_64, ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{"Architecture x86_64: the function is built for x86_64 but its capacity provider launches arm64 instances"}},
		{"arm64 code on x86", optimizedfn.Props{ManagedInstances: mi(optimizedfn.ManagedInstances{CapacityProvider: x86})}, []string{"launches x86_64 instances"}},
		{"SnapStart", optimizedfn.Props{Entry: "testdata/pyfn", Runtime: optimizedfn.Python313, SnapStart: optimizedfn.SnapStartOn, ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{"SnapStart PublishedVersions: SnapStart restores environments for cold starts"}},
		{"provisioned concurrency", optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 2}, ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{"ProvisionedConcurrency is set: provisioned concurrency keeps on-demand environments warm"}},
		{"a VPC of its own", optimizedfn.Props{Network: net, ManagedInstances: mi(optimizedfn.ManagedInstances{})}, []string{"Network and SecurityGroup place an on-demand function in a VPC"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			props := tt.props
			if props.Entry == "" {
				props.Entry = "testdata/node/handler.ts"
			}
			_, err := optimizedfn.Resolve("S/F", &props)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
		})
	}
}

func TestJavaOnManagedInstancesHasNoSnapStart(t *testing.T) {
	_, stack := newStack(t)
	cp := provider(stack, nil)
	p, err := optimizedfn.Resolve("S/J", &optimizedfn.Props{Entry: "testdata/javafn", ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp}})
	if err != nil {
		t.Fatal(err)
	}
	if p.SnapStart || p.ManagedInstances.PerEnvironmentMaxConcurrency != 32 {
		t.Errorf("SnapStart %v (on by default for Java on demand), concurrency %d (Java's 32 per vCPU)", p.SnapStart, p.ManagedInstances.PerEnvironmentMaxConcurrency)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
