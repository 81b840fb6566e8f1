package assembly

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// shape is the JSON type CloudFormation requires of a property.
type shape int

const (
	wholeNumber shape = iota + 1 // a number or numeric string, no fraction
	scalar                       // a string (numbers and booleans are rendered)
	list
	object
	number    // a number or numeric string, fractions allowed
	jsonValue // CloudFormation's Json type: an object, or a string of JSON
)

func (s shape) String() string {
	switch s {
	case wholeNumber:
		return "a whole number"
	case scalar:
		return "a string"
	case list:
		return "a list"
	case number:
		return "a number"
	case jsonValue:
		return "an object or a JSON string"
	}
	return "an object"
}

// propertyShapes lists, by resource type, every property the reader reads
// and the JSON type the type's CloudFormation reference requires of it
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
// A path steps into an object with ".", into every item of a list with
// "[]" and into every value of a map with ".*". A value of another type
// fails the deploy, and the reader would read it as unknown, which every
// rule skips: checkShapes reports it instead. TestEveryPropertyReadHasAShape
// keeps the table in step with what the reader reads.
var propertyShapes = map[string][]struct {
	path  string
	shape shape
}{
	typeFunction: {
		{"Runtime", scalar}, {"Handler", scalar}, {"PackageType", scalar}, {"FunctionName", scalar},
		{"MemorySize", wholeNumber}, {"Timeout", wholeNumber}, {"ReservedConcurrentExecutions", wholeNumber},
		{"Architectures", list}, {"Architectures[]", scalar},
		{"Layers", list}, {"Layers[]", scalar},
		{"EphemeralStorage", object}, {"EphemeralStorage.Size", wholeNumber},
		{"Environment", object}, {"Environment.Variables", object}, {"Environment.Variables.*", scalar},
		{"SnapStart", object}, {"SnapStart.ApplyOn", scalar},
		{"FileSystemConfigs", list},
		{"Code", object}, {"Code.S3Key", scalar}, {"Code.ZipFile", scalar},
		{"LoggingConfig", object},
		{"DeadLetterConfig", object},
		{"CapacityProviderConfig", object},
		{"CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig", object},
		{"CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn", scalar},
		{"CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.ExecutionEnvironmentMemoryGiBPerVCpu", number},
		{"CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency", wholeNumber},
		{"PublishToLatestPublished", scalar},
		{"FunctionScalingConfig", object},
		{"FunctionScalingConfig.MinExecutionEnvironments", wholeNumber},
		{"FunctionScalingConfig.MaxExecutionEnvironments", wholeNumber},
	},
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-capacityprovider.html
	typeCapacityProvider: {
		{"CapacityProviderName", scalar}, {"KmsKeyArn", scalar},
		{"InstanceRequirements", object}, {"InstanceRequirements.Architectures", list}, {"InstanceRequirements.Architectures[]", scalar},
		{"InstanceRequirements.AllowedInstanceTypes", list}, {"InstanceRequirements.AllowedInstanceTypes[]", scalar},
		{"InstanceRequirements.ExcludedInstanceTypes", list}, {"InstanceRequirements.ExcludedInstanceTypes[]", scalar},
		{"CapacityProviderScalingConfig", object}, {"CapacityProviderScalingConfig.MaxVCpuCount", wholeNumber},
		{"CapacityProviderScalingConfig.ScalingMode", scalar},
		{"CapacityProviderScalingConfig.ScalingPolicies", list}, {"CapacityProviderScalingConfig.ScalingPolicies[]", object},
		{"CapacityProviderScalingConfig.ScalingPolicies[].PredefinedMetricType", scalar},
		{"CapacityProviderScalingConfig.ScalingPolicies[].TargetValue", number},
		{"VpcConfig", object}, {"VpcConfig.SubnetIds", list}, {"VpcConfig.SubnetIds[]", scalar},
		{"VpcConfig.SecurityGroupIds", list}, {"VpcConfig.SecurityGroupIds[]", scalar},
	},
	typeVersion: {
		{"FunctionName", scalar},
		{"ProvisionedConcurrencyConfig", object}, {"ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", wholeNumber},
	},
	typeAlias: {
		{"FunctionName", scalar}, {"FunctionVersion", scalar}, {"Name", scalar},
		{"ProvisionedConcurrencyConfig", object}, {"ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", wholeNumber},
		{"RoutingConfig", object}, {"RoutingConfig.AdditionalVersionWeights", list},
	},
	typeScalableTarget: {
		{"ScalableDimension", scalar}, {"ResourceId", scalar},
		{"MinCapacity", wholeNumber}, {"MaxCapacity", wholeNumber},
		{"ScheduledActions", list}, {"ScheduledActions[]", object},
		{"ScheduledActions[].ScheduledActionName", scalar}, {"ScheduledActions[].Schedule", scalar},
		{"ScheduledActions[].ScalableTargetAction", object},
		{"ScheduledActions[].ScalableTargetAction.MinCapacity", wholeNumber},
		{"ScheduledActions[].ScalableTargetAction.MaxCapacity", wholeNumber},
	},
	typeScalingPolicy: {
		{"PolicyType", scalar}, {"ScalingTargetId", scalar}, {"ResourceId", scalar},
		{"TargetTrackingScalingPolicyConfiguration", object},
		{"TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification", object},
		{"TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType", scalar},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification", object},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Namespace", scalar},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.MetricName", scalar},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions", list},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions[]", object},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions[].Name", scalar},
		{"TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions[].Value", scalar},
	},
	typeLogGroup:     {{"RetentionInDays", wholeNumber}, {"LogGroupName", scalar}},
	typeLogRetention: {{"RetentionInDays", wholeNumber}, {"LogGroupName", scalar}},
	typeAPIMethod: {
		{"Integration", object}, {"Integration.Type", scalar}, {"Integration.Uri", scalar},
		{"Integration.TimeoutInMillis", wholeNumber},
	},
	typeAPIAuthorizer: {{"AuthorizerUri", scalar}},
	typeDashboard:     {{"DashboardBody", scalar}},
	typeQueue: {
		{"VisibilityTimeout", wholeNumber},
		{"RedrivePolicy", jsonValue}, {"RedrivePolicy.maxReceiveCount", wholeNumber},
	},
	typeEventSourceMapping: {
		{"FunctionName", scalar}, {"EventSourceArn", scalar},
		{"BatchSize", wholeNumber}, {"MaximumRetryAttempts", wholeNumber}, {"MaximumRecordAgeInSeconds", wholeNumber},
		{"FunctionResponseTypes", list}, {"FunctionResponseTypes[]", scalar},
		{"DestinationConfig", object}, {"DestinationConfig.OnFailure", object},
	},
	typeEventInvokeConfig: {
		{"FunctionName", scalar},
		{"DestinationConfig", object}, {"DestinationConfig.OnFailure", object},
	},
	typePermission: {{"FunctionName", scalar}, {"Principal", scalar}},
}

// checkShapes lists the resources and properties of the template whose
// JSON type is not what CloudFormation requires. Intrinsic functions
// ({"Ref": ...}, {"Fn::...": ...}) stand for any type and are not looked
// into.
func checkShapes(st *Stack, resources map[string]any) []Malformed {
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []Malformed
	for _, id := range ids {
		res, ok := resources[id].(map[string]any)
		if !ok {
			out = append(out, Malformed{Resource: Resource{Stack: st, LogicalID: id}, Value: jsonText(resources[id]), Want: "an object with a Type"})
			continue
		}
		meta, _ := res["Metadata"].(map[string]any)
		base := Resource{Stack: st, LogicalID: id, Suppressions: suppressionsOf(meta)}
		base.Path, _ = meta[metaPath].(string)
		typ, ok := res["Type"].(string)
		if !ok {
			out = append(out, Malformed{Resource: base, Property: "Type", Value: jsonText(res["Type"]), Want: "a resource type (a string)"})
			continue
		}
		props, ok := res["Properties"].(map[string]any)
		if !ok {
			if res["Properties"] != nil {
				out = append(out, Malformed{Resource: base, Type: typ, Property: "Properties", Value: jsonText(res["Properties"]), Want: "an object"})
			}
			continue
		}
		for _, p := range propertyShapes[typ] {
			for _, at := range valuesAt(props, p.path) {
				if !fits(at.value, p.shape) {
					out = append(out, Malformed{Resource: base, Type: typ, Property: at.path, Value: jsonText(at.value), Want: p.shape.String()})
				}
			}
		}
	}
	return out
}

// located is a value found at a path, with the path spelled out
// ("ScheduledActions[2].Schedule").
type located struct {
	path  string
	value any
}

// valuesAt returns the values at a propertyShapes path in props, absent
// ones left out; intrinsic functions on the way are not looked into.
func valuesAt(props map[string]any, spec string) []located {
	cur := []located{{"", props}}
	for _, seg := range strings.Split(spec, ".") {
		var next []located
		for _, c := range cur {
			m, ok := c.value.(map[string]any)
			if !ok || isIntrinsic(m) {
				continue
			}
			join := func(p string) string {
				if c.path == "" {
					return p
				}
				return c.path + "." + p
			}
			switch name, each := strings.CutSuffix(seg, "[]"); {
			case seg == "*":
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					next = append(next, located{join(k), m[k]})
				}
			case each:
				items, ok := m[name].([]any)
				if !ok {
					continue
				}
				for i, item := range items {
					next = append(next, located{fmt.Sprintf("%s[%d]", join(name), i), item})
				}
			default:
				if v, ok := m[seg]; ok && v != nil {
					next = append(next, located{join(seg), v})
				}
			}
		}
		cur = next
	}
	return cur
}

// fits reports whether v has the shape, or is an intrinsic function.
func fits(v any, s shape) bool {
	if m, ok := v.(map[string]any); ok && isIntrinsic(m) {
		return true
	}
	switch t := v.(type) {
	case float64:
		return s == scalar || s == number || s == wholeNumber && t == math.Trunc(t) && math.Abs(t) < 1<<31
	case string:
		if s == jsonValue {
			return json.Valid([]byte(t))
		}
		switch s {
		case wholeNumber:
			_, err := strconv.ParseInt(strings.TrimSpace(t), 10, 32)
			return err == nil
		case number:
			n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
			return err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
		}
		return s == scalar
	case bool:
		return s == scalar
	case []any:
		return s == list
	case map[string]any:
		return s == object || s == jsonValue
	}
	return false
}

// isIntrinsic reports whether m is an intrinsic function: one key, Ref or
// Fn::*.
func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// jsonText renders v as JSON, at most 80 bytes.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) <= 80 {
		return string(b)
	}
	cut := 77
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return string(b[:cut]) + "..."
}
