package capacity

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"

	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// fakeNetwork is a Network that Resolve can read without jsii.
type fakeNetwork struct{ subnets *awsec2.SubnetSelection }

func (f fakeNetwork) Vpc() awsec2.IVpc                         { return nil }
func (f fakeNetwork) FunctionSubnets() *awsec2.SubnetSelection { return f.subnets }
func (f fakeNetwork) Egress() *network.Egress                  { return nil }

var private = fakeNetwork{&awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}}

func TestDefaults(t *testing.T) {
	p, err := Resolve("S/CP", &Props{Network: private})
	if err != nil {
		t.Fatal(err)
	}
	if p.Architecture != ARM64 || p.MaxVCPUs != DefaultMaxVCPUs || p.ScalingMode != lambda.ScalingModeManual || p.TargetCPUUtilization != 50 {
		t.Errorf("defaults: %+v", p)
	}
	if got := p.String(); got != "arm64 instances, at most 64 vCPUs, CPU target 50 %" {
		t.Errorf("String() = %q", got)
	}
}

func TestBadPropsAreAllReported(t *testing.T) {
	for _, tt := range []struct {
		name  string
		props Props
		want  []string
	}{
		{"no network", Props{}, []string{`capacity "S/CP": Network is required`}},
		{"public subnets", Props{Network: fakeNetwork{&awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC}}}, []string{"Network: the function subnets are public"}},
		{"11 vCPUs", Props{Network: private, MaxVCPUs: 11}, []string{"MaxVCPUs must be 12..15000 vCPUs, got 11"}},
		{"15,001 vCPUs", Props{Network: private, MaxVCPUs: 15001}, []string{"got 15001"}},
		{"a 101 % target", Props{Network: private, TargetCPUUtilization: 101}, []string{"TargetCPUUtilization must be a percentage above 0 and at most 100, got 101"}},
		{"a target with Lambda's scaling", Props{Network: private, TargetCPUUtilization: 60, LambdaScaling: true}, []string{"TargetCPUUtilization (60 %) and LambdaScaling are both set"}},
		{"both filters", Props{Network: private, AllowedInstanceTypes: []string{"m7g.large"}, ExcludedInstanceTypes: []string{"c7g.large"}}, []string{"AllowedInstanceTypes and ExcludedInstanceTypes are both set"}},
		{"an x86 type on Graviton", Props{Network: private, AllowedInstanceTypes: []string{"m7g.large", "m7i.large"}}, []string{`AllowedInstanceTypes[1] "m7i.large" is an x86_64 instance type, but Architecture is arm64`}},
		{"a bad type", Props{Network: private, ExcludedInstanceTypes: []string{"m7g large"}}, []string{`ExcludedInstanceTypes[0] "m7g large" is not an instance type`}},
		{"a bad name", Props{Network: private, Name: "orders provider"}, []string{`Name "orders provider" is not a capacity provider name`}},
		{"an architecture", Props{Network: private, Architecture: "riscv"}, []string{`Architecture "riscv" is not an instance architecture`}},
		{"everything at once", Props{MaxVCPUs: 1, TargetCPUUtilization: -1}, []string{"Network is required", "MaxVCPUs must be", "TargetCPUUtilization must be"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve("S/CP", &tt.props)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestEdgesAccepted(t *testing.T) {
	for _, props := range []Props{
		{Network: private, MaxVCPUs: 12},
		{Network: private, MaxVCPUs: 15000},
		{Network: private, TargetCPUUtilization: 100},
		{Network: private, LambdaScaling: true},
		{Network: private, Architecture: X86_64, AllowedInstanceTypes: []string{"m7i.large", "c7a.xlarge"}},
		{Network: private, AllowedInstanceTypes: []string{"c7gn.large", "r8gd.2xlarge"}},
	} {
		if err := props.Validate(); err != nil {
			t.Errorf("%+v: %v", props, err)
		}
	}
}

func TestArchitectureOf(t *testing.T) {
	for typ, want := range map[string]Architecture{"m7g.large": ARM64, "c7gn.xlarge": ARM64, "r8gd.2xlarge": ARM64, "g5g.xlarge": ARM64,
		"m7i.large": X86_64, "m7a.large": X86_64, "g5.xlarge": X86_64, "c6in.large": X86_64} {
		if got, ok := ArchitectureOf(typ); !ok || got != want {
			t.Errorf("ArchitectureOf(%s) = %s, %v; want %s", typ, got, ok, want)
		}
	}
	if _, ok := ArchitectureOf("large"); ok {
		t.Error("a name without a family is not read")
	}
}

func TestAllowedInstanceTypesWarn(t *testing.T) {
	p, err := Resolve("S/CP", &Props{Network: private, AllowedInstanceTypes: []string{"m7g.large"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].ID != WarnFewInstanceTypes || !strings.Contains(p.Warnings[0].Message, "1 instance type(s)") {
		t.Errorf("warnings %+v", p.Warnings)
	}
	if p, _ := Resolve("S/CP", &Props{Network: private, ExcludedInstanceTypes: []string{"m7g.large"}}); len(p.Warnings) != 0 {
		t.Errorf("an exclusion leaves Lambda the choice: %+v", p.Warnings)
	}
}
