package assembly

import (
	"encoding/json"
	"testing"
)

// miTemplate is what CDK synthesizes for a capacity provider and a
// function on it (awslambda.CapacityProvider.AddFunction), trimmed.
const miTemplate = `{"Resources": {
  "CP": {"Type": "AWS::Lambda::CapacityProvider", "Properties": {
    "InstanceRequirements": {"Architectures": ["arm64"], "AllowedInstanceTypes": ["m7g.large", "c7g.large"]},
    "CapacityProviderScalingConfig": {"MaxVCpuCount": 64, "ScalingMode": "Manual",
      "ScalingPolicies": [{"PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "TargetValue": 50}]},
    "VpcConfig": {"SubnetIds": [{"Ref": "A"}, {"Ref": "B"}], "SecurityGroupIds": [{"Fn::GetAtt": ["SG", "GroupId"]}]},
    "PermissionsConfig": {"CapacityProviderOperatorRoleArn": {"Fn::GetAtt": ["Role", "Arn"]}}}},
  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
    "Runtime": "nodejs24.x", "MemorySize": 4096, "Architectures": ["arm64"],
    "CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {
      "CapacityProviderArn": {"Fn::GetAtt": ["CP", "Arn"]},
      "ExecutionEnvironmentMemoryGiBPerVCpu": 2, "PerExecutionEnvironmentMaxConcurrency": 128}},
    "FunctionScalingConfig": {"MinExecutionEnvironments": 3, "MaxExecutionEnvironments": 30},
    "PublishToLatestPublished": true}},
  "Other": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.13",
    "CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {
      "CapacityProviderArn": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared"}}}},
  "OnDemand": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x"}}
}}`

func TestReaderReadsCapacityProvidersAndTheirFunctions(t *testing.T) {
	st, err := ParseTemplate("S", []byte(miTemplate), TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.CapacityProviders) != 1 {
		t.Fatalf("want 1 capacity provider, got %d", len(st.CapacityProviders))
	}
	cp := st.CapacityProviders[0]
	if cp.Architecture != KnownValue("arm64") || cp.MaxVCPUs != KnownValue(64) || cp.ScalingMode != KnownValue("Manual") {
		t.Errorf("instances: %+v %+v %+v", cp.Architecture, cp.MaxVCPUs, cp.ScalingMode)
	}
	if len(cp.CPUTargets) != 1 || cp.CPUTargets[0] != KnownValue(50.0) {
		t.Errorf("CPU targets: %+v", cp.CPUTargets)
	}
	if got, _ := json.Marshal(cp.AllowedInstanceTypes); string(got) != `["c7g.large","m7g.large"]` || cp.InstanceTypesUnknown {
		t.Errorf("instance types: %s (unknown %v)", got, cp.InstanceTypesUnknown)
	}
	if cp.Subnets != KnownValue(2) || cp.SecurityGroups != KnownValue(1) || cp.KMSKey {
		t.Errorf("VPC: %+v subnets, %+v groups, key %v", cp.Subnets, cp.SecurityGroups, cp.KMSKey)
	}
	byID := map[string]*Function{}
	for _, f := range st.Functions {
		byID[f.LogicalID] = f
	}
	mi := byID["Fn"].ManagedInstances
	if mi == nil || mi.Provider != cp || mi.MemoryGiBPerVCPU != KnownValue(2.0) || mi.PerEnvironmentMaxConcurrency != KnownValue(128) {
		t.Fatalf("Fn's capacity-provider config: %+v", mi)
	}
	if mi.MinExecutionEnvironments != KnownValue(3) || mi.MaxExecutionEnvironments != KnownValue(30) || mi.PublishToLatestPublished != KnownValue(true) {
		t.Errorf("scaling and publishing: %+v %+v %+v", mi.MinExecutionEnvironments, mi.MaxExecutionEnvironments, mi.PublishToLatestPublished)
	}
	if mi.CapacityProviderArn.Known() {
		t.Errorf("a GetAtt ARN is unknown to the reader, got %+v", mi.CapacityProviderArn)
	}
	if len(cp.Functions) != 1 || cp.Functions[0] != byID["Fn"] {
		t.Errorf("the provider's functions: %v", cp.Functions)
	}
	other := byID["Other"].ManagedInstances
	if other == nil || other.Provider != nil || !other.CapacityProviderArn.Known() || other.MemoryGiBPerVCPU.Set || other.PerEnvironmentMaxConcurrency.Set {
		t.Errorf("a function on a provider outside the template: %+v", other)
	}
	if byID["OnDemand"].ManagedInstances != nil {
		t.Error("a function without CapacityProviderConfig runs on demand")
	}
}

func TestReaderMarksIntrinsicCapacitySettingsUnknown(t *testing.T) {
	st, err := ParseTemplate("S", []byte(`{"Resources": {
	  "CP": {"Type": "AWS::Lambda::CapacityProvider", "Properties": {"InstanceRequirements": {"Architectures": {"Ref": "Arch"}},
	    "CapacityProviderScalingConfig": {"MaxVCpuCount": {"Ref": "Max"}}, "VpcConfig": {"SubnetIds": {"Ref": "Subnets"}, "SecurityGroupIds": []}}},
	  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"CapacityProviderConfig": {"Ref": "Cfg"}}}}}`), TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cp := st.CapacityProviders[0]
	if !cp.Architecture.Unknown || !cp.MaxVCPUs.Unknown || !cp.Subnets.Unknown || cp.SecurityGroups != KnownValue(0) || cp.ScalingMode.Set {
		t.Errorf("unknowns: %+v", cp)
	}
	mi := st.Functions[0].ManagedInstances
	if mi == nil || !mi.MemoryGiBPerVCPU.Unknown || !mi.PerEnvironmentMaxConcurrency.Unknown {
		t.Errorf("an intrinsic CapacityProviderConfig: %+v", mi)
	}
}
