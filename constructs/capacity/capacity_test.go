package capacity_test

import (
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/network"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

func newStack(t *testing.T) awscdk.Stack {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
	return awscdk.NewStack(app, jsii.String("S"), nil)
}

func TestTheDefaultCapacityProvider(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), nil)
	cp := capacity.New(stack, jsii.String("CP"), &capacity.Props{Network: net})
	tpl := cdktest.Template(t, stack)

	_, res := cdktest.Only(t, tpl, "AWS::Lambda::CapacityProvider")
	p := cdktest.Props(res)
	ir := p["InstanceRequirements"].(map[string]any)
	if archs := ir["Architectures"].([]any); len(archs) != 1 || archs[0] != "arm64" {
		t.Errorf("instances: %v, want arm64 (Graviton)", archs)
	}
	sc := p["CapacityProviderScalingConfig"].(map[string]any)
	if sc["MaxVCpuCount"] != 64.0 || sc["ScalingMode"] != "Manual" {
		t.Errorf("scaling: %v", sc)
	}
	pol := sc["ScalingPolicies"].([]any)
	if len(pol) != 1 || pol[0].(map[string]any)["PredefinedMetricType"] != "LambdaCapacityProviderAverageCPUUtilization" || pol[0].(map[string]any)["TargetValue"] != 50.0 {
		t.Errorf("scaling policy: %v", pol)
	}
	vpc := p["VpcConfig"].(map[string]any)
	privateSubnets := 0
	for id, s := range cdktest.Resources(tpl, "AWS::EC2::Subnet") {
		for _, tag := range cdktest.Props(s)["Tags"].([]any) {
			if tag := tag.(map[string]any); tag["Key"] == "aws-cdk:subnet-type" && tag["Value"] == "Private" {
				privateSubnets++
				if !strings.Contains(mustJSON(vpc["SubnetIds"]), id) {
					t.Errorf("private subnet %s is not in the capacity provider's VpcConfig", id)
				}
			}
		}
	}
	if n := len(vpc["SubnetIds"].([]any)); n != privateSubnets || n != 2 {
		t.Errorf("%d subnets, want the 2 private ones", n)
	}
	groups := vpc["SecurityGroupIds"].([]any)
	if len(groups) != 1 || !strings.Contains(mustJSON(groups[0]), "CPSecurityGroup") {
		t.Errorf("security groups %v, want the provider's own", groups)
	}
	for _, sg := range cdktest.Resources(tpl, "AWS::EC2::SecurityGroup") {
		sp := cdktest.Props(sg)
		if strings.Contains(mustJSON(sp), "Lambda function") && sp["SecurityGroupIngress"] != nil {
			t.Errorf("the instances' group admits traffic: %v", sp["SecurityGroupIngress"])
		}
	}
	// No TelemetryConfig: the pinned cfn-lint rejects it (see the package doc).
	if p["TelemetryConfig"] != nil {
		t.Errorf("TelemetryConfig %v", p["TelemetryConfig"])
	}
	// The operator role carries the one AWS managed policy Lambda documents.
	if cp.OperatorRole() == nil || !strings.Contains(mustJSON(cdktest.Resources(tpl, "AWS::IAM::Role")), "AWSLambdaManagedEC2ResourceOperator") {
		t.Error("no operator role with AWSLambdaManagedEC2ResourceOperator")
	}
	if cp.SecurityGroup() == nil || cp.CapacityProvider() == nil || cp.Arn() == nil {
		t.Error("a getter returns nil")
	}
}

func TestOptionsReachTheTemplate(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), nil)
	capacity.New(stack, jsii.String("CP"), &capacity.Props{Network: net, Architecture: capacity.X86_64, MaxVCPUs: 200,
		LambdaScaling: true, ExcludedInstanceTypes: []string{"m7i.48xlarge"}, Name: "orders"})
	_, res := cdktest.Only(t, cdktest.Template(t, stack), "AWS::Lambda::CapacityProvider")
	p := cdktest.Props(res)
	got := mustJSON(map[string]any{"ir": p["InstanceRequirements"], "sc": p["CapacityProviderScalingConfig"], "name": p["CapacityProviderName"]})
	want := `{"ir":{"Architectures":["x86_64"],"ExcludedInstanceTypes":["m7i.48xlarge"]},"name":"orders","sc":{"MaxVCpuCount":200,"ScalingMode":"Auto"}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestBadPropsStopSynthesis(t *testing.T) {
	stack := newStack(t)
	msg := cdktest.Panics(func() { capacity.New(stack, jsii.String("CP"), &capacity.Props{MaxVCPUs: 4}) })
	for _, w := range []string{`capacity "S/CP": Network is required`, `capacity "S/CP": MaxVCPUs must be 12..15000 vCPUs, got 4`} {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not say %q", msg, w)
		}
	}
}
