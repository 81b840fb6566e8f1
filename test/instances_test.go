package test

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
)

const instancesStack = "LambdaPerfInstances"

// TestInstancesStack: the reference function runs on a capacity provider
// of Graviton instances in the VPC's private subnets, with its documented
// defaults, and is invoked through its alias on a published version.
func TestInstancesStack(t *testing.T) {
	tpl := template(t, instancesStack)

	cpID, cp := cdktest.Only(t, tpl, "AWS::Lambda::CapacityProvider")
	p := cdktest.Props(cp)
	if got := jsonOf(p["InstanceRequirements"]); got != `{"Architectures":["arm64"]}` {
		t.Errorf("instances %s, want arm64 (Graviton)", got)
	}
	if got := jsonOf(p["CapacityProviderScalingConfig"]); got != `{"MaxVCpuCount":64,"ScalingMode":"Manual","ScalingPolicies":[{"PredefinedMetricType":"LambdaCapacityProviderAverageCPUUtilization","TargetValue":50}]}` {
		t.Errorf("scaling %s", got)
	}
	private := map[string]bool{}
	for id, s := range cdktest.Resources(tpl, "AWS::EC2::Subnet") {
		if strings.Contains(jsonOf(cdktest.Props(s)["Tags"]), `"Value":"Private"`) {
			private[id] = true
		}
	}
	vpc := p["VpcConfig"].(map[string]any)
	subnets := vpc["SubnetIds"].([]any)
	if len(subnets) != 2 || len(private) != 2 {
		t.Errorf("%d subnets of %d private ones", len(subnets), len(private))
	}
	for _, s := range subnets {
		if !private[ref(s)] {
			t.Errorf("subnet %v is not one of the private subnets", s)
		}
	}
	sgs := vpc["SecurityGroupIds"].([]any)
	if len(sgs) != 1 {
		t.Fatalf("security groups %v", sgs)
	}
	sg := cdktest.Props(cdktest.Resources(tpl, "AWS::EC2::SecurityGroup")[ref(sgs[0])])
	if sg["SecurityGroupIngress"] != nil || !strings.Contains(jsonOf(sg["SecurityGroupEgress"]), `"FromPort":443`) {
		t.Errorf("the instances' security group: ingress %v, egress %v", sg["SecurityGroupIngress"], sg["SecurityGroupEgress"])
	}

	var fnID string
	var fn map[string]any
	for id, f := range optimizedFunctions(tpl) {
		if strings.HasPrefix(id, "InstancesApi") {
			fnID, fn = id, cdktest.Props(f)
		}
	}
	if fn == nil {
		t.Fatal("no InstancesApi function")
	}
	cfg := fn["CapacityProviderConfig"].(map[string]any)["LambdaManagedInstancesCapacityProviderConfig"].(map[string]any)
	if ref(cfg["CapacityProviderArn"]) != cpID || cfg["ExecutionEnvironmentMemoryGiBPerVCpu"] != 2.0 || cfg["PerExecutionEnvironmentMaxConcurrency"] != 64.0 {
		t.Errorf("capacity-provider config %v", cfg)
	}
	if fn["MemorySize"] != 2048.0 || fn["Runtime"] != "nodejs24.x" || jsonOf(fn["Architectures"]) != `["arm64"]` || fn["VpcConfig"] != nil || fn["SnapStart"] != nil {
		t.Errorf("function: %v MiB, %v, %v, VpcConfig %v, SnapStart %v", fn["MemorySize"], fn["Runtime"], fn["Architectures"], fn["VpcConfig"], fn["SnapStart"])
	}
	env := fn["Environment"].(map[string]any)["Variables"].(map[string]any)
	if env["SOCKETS_PER_WORKER"] != "64" {
		t.Errorf("SOCKETS_PER_WORKER = %v, want 64 (64 per environment over 1 vCPU)", env["SOCKETS_PER_WORKER"])
	}
	// The invoke target: the live alias on a version of this function; no
	// provisioned concurrency anywhere.
	_, alias := cdktest.Only(t, tpl, "AWS::Lambda::Alias")
	verID, ver := cdktest.Only(t, tpl, "AWS::Lambda::Version")
	ap := cdktest.Props(alias)
	if ap["Name"] != "live" || ref(ap["FunctionVersion"]) != verID || ref(cdktest.Props(ver)["FunctionName"]) != fnID || ap["ProvisionedConcurrencyConfig"] != nil {
		t.Errorf("alias %v on version %s of %s", ap, verID, fnID)
	}
	if strings.Contains(jsonOf(tpl["Outputs"]), "FunctionUrl") {
		t.Error("the reference function is invoked on its alias, not through a Function URL")
	}
}
