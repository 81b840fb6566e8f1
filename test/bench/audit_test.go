package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
)

// auditBudget is how long `lambdaperf audit` may take on one template of
// auditFunctions functions (issue 14: 7,000 took 1 min 50 s when the
// suppression check rebuilt the resource list for every finding).
const (
	auditFunctions = 5000
	auditBudget    = 3 * time.Second
)

// BenchmarkAudit reads and audits one template of 5,000 functions, each
// with a version, an alias, a scalable target named by a literal
// ResourceId with a schedule and a policy, a log group, a suppression and a
// REST method, and fails above the 3 s budget.
func BenchmarkAudit(b *testing.B) {
	resources := map[string]any{}
	for i := range auditFunctions {
		id := fmt.Sprintf("Fn%d", i)
		name := fmt.Sprintf("service-%d", i)
		resources[id] = map[string]any{"Type": "AWS::Lambda::Function",
			"Metadata": map[string]any{"aws:cdk:path": "Big/" + id + "/Resource",
				"lambdaperf": map[string]any{"suppress": []any{map[string]any{"id": "default-memory", "reason": "sized by the platform team on purpose"}}}},
			"Properties": map[string]any{"FunctionName": name, "Runtime": "nodejs24.x", "Handler": "index.handler", "MemorySize": 128, "Timeout": 60,
				"Role": "arn:aws:iam::123456789012:role/r", "Code": map[string]any{"S3Bucket": "b", "S3Key": id + ".zip"},
				"Environment": map[string]any{"Variables": map[string]any{"STAGE": "prod", "TABLE": map[string]any{"Ref": "Table"}}}}}
		resources[id+"Version"] = map[string]any{"Type": "AWS::Lambda::Version", "Properties": map[string]any{"FunctionName": map[string]any{"Ref": id}}}
		resources[id+"Alias"] = map[string]any{"Type": "AWS::Lambda::Alias", "Properties": map[string]any{"Name": "live", "FunctionName": map[string]any{"Ref": id},
			"FunctionVersion": map[string]any{"Fn::GetAtt": []any{id + "Version", "Version"}}}}
		resources[id+"Scaling"] = map[string]any{"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "DependsOn": []any{id + "Alias"},
			"Properties": map[string]any{"ResourceId": "function:" + name + ":live", "ScalableDimension": "lambda:function:ProvisionedConcurrency",
				"ServiceNamespace": "lambda", "MinCapacity": 0, "MaxCapacity": 5,
				"ScheduledActions": []any{
					map[string]any{"ScheduledActionName": "Open", "Schedule": "cron(0 8 ? * MON-FRI *)", "ScalableTargetAction": map[string]any{"MinCapacity": 1}},
					map[string]any{"ScheduledActionName": "Close", "Schedule": "cron(0 18 ? * MON-FRI *)", "ScalableTargetAction": map[string]any{"MinCapacity": 0}}}}}
		resources[id+"Tracking"] = map[string]any{"Type": "AWS::ApplicationAutoScaling::ScalingPolicy", "Properties": map[string]any{"PolicyName": "t",
			"PolicyType": "TargetTrackingScaling", "ScalingTargetId": map[string]any{"Ref": id + "Scaling"},
			"TargetTrackingScalingPolicyConfiguration": map[string]any{"TargetValue": 0.7,
				"PredefinedMetricSpecification": map[string]any{"PredefinedMetricType": "LambdaProvisionedConcurrencyUtilization"}}}}
		resources[id+"Logs"] = map[string]any{"Type": "AWS::Logs::LogGroup", "Properties": map[string]any{"LogGroupName": "/aws/lambda/" + name, "RetentionInDays": 30}}
		resources[id+"Get"] = map[string]any{"Type": "AWS::ApiGateway::Method", "Properties": map[string]any{"HttpMethod": "GET",
			"Integration": map[string]any{"Type": "AWS_PROXY", "Uri": map[string]any{"Fn::Join": []any{"", []any{
				"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/", map[string]any{"Fn::GetAtt": []any{id, "Arn"}}, "/invocations"}}}}}}
	}
	data, err := json.Marshal(map[string]any{"Resources": resources})
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "Big.template.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var worst time.Duration
	for range b.N {
		start := time.Now()
		m, err := assembly.Read(file)
		if err != nil {
			b.Fatal(err)
		}
		rep := audit.Run(m, audit.Options{})
		took := time.Since(start)
		worst = max(worst, took)
		if rep.Functions != auditFunctions || len(rep.Findings) == 0 {
			b.Fatalf("audited %d functions with %d findings", rep.Functions, len(rep.Findings))
		}
		b.Logf("%d functions (%d resources, %.1f MB template): %d findings, %d suppressed, in %v", rep.Functions, len(resources), float64(len(data))/1e6, len(rep.Findings), len(rep.Suppressed), took.Round(time.Millisecond))
	}
	b.ReportMetric(worst.Seconds(), "s/audit")
	if worst > auditBudget {
		b.Fatalf("auditing %d functions took %v, over the %v budget", auditFunctions, worst.Round(time.Millisecond), auditBudget)
	}
}
