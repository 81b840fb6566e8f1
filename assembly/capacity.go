package assembly

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// typeCapacityProvider is a Lambda Managed Instances capacity provider.
const typeCapacityProvider = "AWS::Lambda::CapacityProvider"

// CapacityProvider is an AWS::Lambda::CapacityProvider: the EC2 instances
// in the account's VPC that Lambda Managed Instances functions run on
// (lambda.CapacityProviderCFN).
type CapacityProvider struct {
	Resource
	// Name is CapacityProviderName; absent when CloudFormation generates it.
	Name Value[string]
	// Architecture is InstanceRequirements.Architectures[0] ("arm64" or
	// "x86_64"); absent when the instances are not constrained.
	Architecture Value[string]
	// AllowedInstanceTypes are the literal instance types of
	// InstanceRequirements.AllowedInstanceTypes, sorted: the only ones
	// Lambda may launch. At most one of it and ExcludedInstanceTypes is
	// used.
	AllowedInstanceTypes []string
	// ExcludedInstanceTypes are the literal instance types of
	// InstanceRequirements.ExcludedInstanceTypes, sorted: the ones Lambda
	// must not launch.
	ExcludedInstanceTypes []string
	// InstanceTypesUnknown is set when either list, or
	// InstanceRequirements itself, is an intrinsic: the lists above may
	// then miss types.
	InstanceTypesUnknown bool
	// MaxVCPUs is CapacityProviderScalingConfig.MaxVCpuCount.
	MaxVCPUs Value[int]
	// ScalingMode is "Auto" or "Manual"; absent means Auto.
	ScalingMode Value[string]
	// CPUTargets are the TargetValue (percent) of each scaling policy on
	// LambdaCapacityProviderAverageCPUUtilization, in template order.
	CPUTargets []Value[float64]
	// Subnets counts VpcConfig.SubnetIds (unknown when the list is an
	// intrinsic).
	Subnets Value[int]
	// SecurityGroups counts VpcConfig.SecurityGroupIds (unknown when the
	// list is an intrinsic).
	SecurityGroups Value[int]
	// KMSKey is set when KmsKeyArn names a key of the account.
	KMSKey bool
	// Functions are the template's functions on this capacity provider.
	Functions []*Function
}

// ManagedInstances is a function's CapacityProviderConfig
// (LambdaManagedInstancesCapacityProviderConfig) and what goes with it on
// AWS::Lambda::Function: it runs on a capacity provider, not on demand.
type ManagedInstances struct {
	// CapacityProviderArn is the CapacityProviderArn property as written.
	CapacityProviderArn Value[string]
	// Provider is the capacity provider CapacityProviderArn references in
	// the same template (a Ref or Fn::GetAtt), else nil (an imported ARN,
	// or one the template cannot resolve).
	Provider *CapacityProvider
	// MemoryGiBPerVCPU is ExecutionEnvironmentMemoryGiBPerVCpu; absent
	// means Lambda's 2.0.
	MemoryGiBPerVCPU Value[float64]
	// PerEnvironmentMaxConcurrency is PerExecutionEnvironmentMaxConcurrency;
	// absent means the runtime's default (lambda.ConcurrencyPerVCPU).
	PerEnvironmentMaxConcurrency Value[int]
	// PublishToLatestPublished is the function's property of that name.
	PublishToLatestPublished Value[bool]
	// MinExecutionEnvironments is FunctionScalingConfig's
	// MinExecutionEnvironments; absent means Lambda's
	// default (lambda.DefaultMinExecutionEnvironments).
	MinExecutionEnvironments Value[int]
	// MaxExecutionEnvironments is FunctionScalingConfig's
	// MaxExecutionEnvironments, the most environments the function scales
	// to; absent means no limit of the function's own.
	MaxExecutionEnvironments Value[int]
}

func (r *reader) readCapacityProvider(base Resource, props map[string]any) {
	cp := &CapacityProvider{Resource: base, Name: toString(props["CapacityProviderName"])}
	switch ir := props["InstanceRequirements"].(type) {
	case nil:
	case map[string]any:
		cp.Architecture = architectureOf(ir["Architectures"])
		var unknown1, unknown2 bool
		cp.AllowedInstanceTypes, unknown1 = literalStrings(ir["AllowedInstanceTypes"])
		cp.ExcludedInstanceTypes, unknown2 = literalStrings(ir["ExcludedInstanceTypes"])
		cp.InstanceTypesUnknown = unknown1 || unknown2
	default:
		cp.Architecture = UnknownValue[string]()
		cp.InstanceTypesUnknown = true
	}
	switch sc := props["CapacityProviderScalingConfig"].(type) {
	case nil:
	case map[string]any:
		cp.MaxVCPUs = toInt(sc["MaxVCpuCount"])
		cp.ScalingMode = toString(sc["ScalingMode"])
		if policies, ok := sc["ScalingPolicies"].([]any); ok {
			for _, p := range policies {
				pm, _ := p.(map[string]any)
				if metric, _ := pm["PredefinedMetricType"].(string); metric == lambda.CapacityProviderCPUMetric {
					cp.CPUTargets = append(cp.CPUTargets, toFloat(pm["TargetValue"]))
				}
			}
		}
	default:
		cp.MaxVCPUs, cp.ScalingMode = UnknownValue[int](), UnknownValue[string]()
	}
	if vc, ok := props["VpcConfig"].(map[string]any); ok {
		cp.Subnets = listLen(vc["SubnetIds"])
		cp.SecurityGroups = listLen(vc["SecurityGroupIds"])
	} else if props["VpcConfig"] != nil {
		cp.Subnets, cp.SecurityGroups = UnknownValue[int](), UnknownValue[int]()
	}
	cp.KMSKey = props["KmsKeyArn"] != nil
	if r.capacityProviders == nil {
		r.capacityProviders = map[string]*CapacityProvider{}
	}
	r.capacityProviders[base.LogicalID] = cp
	r.stack.CapacityProviders = append(r.stack.CapacityProviders, cp)
}

// readManagedInstances reads a function's capacity-provider settings; nil
// when the function has no CapacityProviderConfig (it runs on demand).
func (r *reader) readManagedInstances(f *Function, props map[string]any) {
	raw, present := props["CapacityProviderConfig"]
	if !present || raw == nil {
		return
	}
	mi := &ManagedInstances{}
	cfg, _ := raw.(map[string]any)
	lmi, ok := cfg["LambdaManagedInstancesCapacityProviderConfig"].(map[string]any)
	if !ok {
		mi.CapacityProviderArn = UnknownValue[string]()
		mi.MemoryGiBPerVCPU = UnknownValue[float64]()
		mi.PerEnvironmentMaxConcurrency = UnknownValue[int]()
	} else {
		arn := lmi["CapacityProviderArn"]
		mi.CapacityProviderArn = toString(arn)
		for _, id := range refsIn(arn) {
			if cp := r.capacityProviders[id]; cp != nil && mi.Provider == nil {
				mi.Provider = cp
			}
		}
		mi.MemoryGiBPerVCPU = toFloat(lmi["ExecutionEnvironmentMemoryGiBPerVCpu"])
		mi.PerEnvironmentMaxConcurrency = toInt(lmi["PerExecutionEnvironmentMaxConcurrency"])
	}
	mi.PublishToLatestPublished = toBool(props["PublishToLatestPublished"])
	switch sc := props["FunctionScalingConfig"].(type) {
	case nil:
	case map[string]any:
		mi.MinExecutionEnvironments = toInt(sc["MinExecutionEnvironments"])
		mi.MaxExecutionEnvironments = toInt(sc["MaxExecutionEnvironments"])
	default:
		mi.MinExecutionEnvironments, mi.MaxExecutionEnvironments = UnknownValue[int](), UnknownValue[int]()
	}
	f.ManagedInstances = mi
	if mi.Provider != nil {
		mi.Provider.Functions = append(mi.Provider.Functions, f)
	}
}

// toFloat reads a number property (numbers and numeric strings).
func toFloat(v any) Value[float64] {
	switch t := v.(type) {
	case nil:
		return Value[float64]{}
	case float64:
		if !math.IsNaN(t) && !math.IsInf(t, 0) {
			return KnownValue(t)
		}
	case int:
		return KnownValue(float64(t))
	case string:
		if n, err := strconv.ParseFloat(strings.TrimSpace(t), 64); err == nil && !math.IsNaN(n) && !math.IsInf(n, 0) {
			return KnownValue(n)
		}
	}
	return UnknownValue[float64]()
}

// toBool reads a boolean property ("true"/"false" strings too).
func toBool(v any) Value[bool] {
	switch t := v.(type) {
	case nil:
		return Value[bool]{}
	case bool:
		return KnownValue(t)
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(t)); err == nil {
			return KnownValue(b)
		}
	}
	return UnknownValue[bool]()
}

// listLen counts a list property: absent, a known length, or unknown (an
// intrinsic that yields the list).
func listLen(v any) Value[int] {
	switch t := v.(type) {
	case nil:
		return Value[int]{}
	case []any:
		return KnownValue(len(t))
	}
	return UnknownValue[int]()
}

// literalStrings returns the literal strings of a list property, sorted,
// and whether any part of it is an intrinsic.
func literalStrings(v any) (out []string, unknown bool) {
	switch t := v.(type) {
	case nil:
		return nil, false
	case []any:
		for _, item := range t {
			if s, ok := item.(string); ok {
				out = append(out, s)
			} else {
				unknown = true
			}
		}
		sort.Strings(out)
		return out, unknown
	}
	return nil, true
}
