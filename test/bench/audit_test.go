package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// BenchmarkAudit reads and audits a cloud assembly of 5,000 functions in
// stacks of 70 (490 resources, within CloudFormation's 500 per stack), each
// with a version, an alias, a scalable target named by a literal
// ResourceId with a schedule and a policy, a log group, a suppression and a
// REST method, and fails above the 3 s budget.
func BenchmarkAudit(b *testing.B) {
	stacks := make([]map[string]any, (auditFunctions+69)/70)
	for i := range auditFunctions {
		if stacks[i/70] == nil {
			stacks[i/70] = map[string]any{}
		}
		resources := stacks[i/70]
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
	file, resources, size := writeAssembly(b, b.TempDir(), stacks)
	timedAudits(b, file, auditBudget, "", func(_ *assembly.Model, rep *audit.Report, took time.Duration) {
		if rep.Functions != auditFunctions || len(rep.Findings) == 0 {
			b.Fatalf("audited %d functions with %d findings", rep.Functions, len(rep.Findings))
		}
		b.Logf("%d functions (%d resources in %d stacks, %.1f MB of templates): %d findings, %d suppressed, in %v", rep.Functions, resources, len(stacks), float64(size)/1e6, len(rep.Findings), len(rep.Suppressed), took.Round(time.Millisecond))
	})
}

// timedAudits reads and audits the assembly in file b.N times, has check
// judge each run, reports the slowest as s/audit and fails the benchmark
// when it took more than budget. what says what was audited beside the
// functions, for the message ("" or " with their code").
func timedAudits(b *testing.B, file string, budget time.Duration, what string, check func(m *assembly.Model, rep *audit.Report, took time.Duration)) {
	b.Helper()
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
		check(m, rep, took)
	}
	b.ReportMetric(worst.Seconds(), "s/audit")
	if worst > budget {
		b.Fatalf("auditing %d functions%s took %v, over the %v budget", auditFunctions, what, worst.Round(time.Millisecond), budget)
	}
}

// Code assets of BenchmarkAuditReadsCode: 5,000 functions share
// codeAssets distinct folders (as functions of one service share a
// bundle), each a 100 KB Node.js bundle or a Python module; each asset is
// read and parsed once. codeBudget bounds the whole audit.
const (
	codeAssets = 100
	codeBudget = 10 * time.Second
)

// BenchmarkAuditReadsCode audits 5,000 functions whose code assets the
// reader parses (100 distinct folders of 100 KB bundles and Python
// modules, 50 functions each) and fails above its budget.
func BenchmarkAuditReadsCode(b *testing.B) {
	dir := b.TempDir()
	var js strings.Builder
	js.WriteString("import { DynamoDBClient } from \"@aws-sdk/client-dynamodb\";\nconst db = new DynamoDBClient({});\n")
	for i := 0; js.Len() < 100<<10; i++ {
		fmt.Fprintf(&js, "function step%d(event) {\n  const items = (event.Records || []).map((r) => ({ id: r.messageId, n: %d }));\n  return items.filter((x) => x.n > 0);\n}\n", i, i)
	}
	js.WriteString("export const handler = async (event) => {\n  for (const record of event.Records) {\n    await db.send(step0(record));\n  }\n};\n")
	py := "import boto3\n\ns3 = boto3.client(\"s3\")\n\n\ndef handler(event, context):\n    for record in event[\"Records\"]:\n        s3.head_object(Bucket=record[\"s3\"][\"bucket\"][\"name\"], Key=record[\"s3\"][\"object\"][\"key\"])\n"
	for a := range codeAssets {
		folder := filepath.Join(dir, fmt.Sprintf("asset.%03d", a))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			b.Fatal(err)
		}
		name, body := "index.mjs", js.String()
		if a%5 == 0 {
			name, body = "app.py", py
		}
		if err := os.WriteFile(filepath.Join(folder, name), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	stacks := make([]map[string]any, auditFunctions/250)
	for i := range auditFunctions {
		if stacks[i/250] == nil {
			stacks[i/250] = map[string]any{}
		}
		resources := stacks[i/250]
		a := i % codeAssets
		runtime, handler := "nodejs22.x", "index.handler"
		if a%5 == 0 {
			runtime, handler = "python3.13", "app.handler"
		}
		id := fmt.Sprintf("Fn%d", i)
		resources[id] = map[string]any{"Type": "AWS::Lambda::Function",
			"Metadata": map[string]any{"aws:cdk:path": "Big/" + id + "/Resource", "aws:asset:path": fmt.Sprintf("asset.%03d", a)},
			"Properties": map[string]any{"Runtime": runtime, "Handler": handler, "MemorySize": 1024, "Architectures": []any{"arm64"},
				"Role": "arn:aws:iam::123456789012:role/r", "Code": map[string]any{"S3Bucket": "b", "S3Key": id + ".zip"}}}
	}
	file, _, _ := writeAssembly(b, dir, stacks)
	timedAudits(b, file, codeBudget, " with their code", func(m *assembly.Model, rep *audit.Report, took time.Duration) {
		read := 0
		for _, st := range m.Stacks {
			for _, f := range st.Functions {
				if f.Code.Inspected() {
					read++
				}
			}
		}
		if rep.Functions != auditFunctions || read != auditFunctions || len(rep.NotInspected) != 0 {
			b.Fatalf("audited %d functions, read the code of %d; not inspected: %v", rep.Functions, read, rep.NotInspected)
		}
		b.Logf("%d functions over %d code assets (100 KB bundles and Python modules): %d findings, in %v (shared machine)", rep.Functions, codeAssets, len(rep.Findings), took.Round(time.Millisecond))
	})
}

// writeAssembly writes each map of resources as the template of a stack
// S000, S001, ... into dir with the manifest.json that lists them (the
// code assets the functions name sit beside them), and returns dir, the
// number of resources and the bytes of the templates.
func writeAssembly(b *testing.B, dir string, stacks []map[string]any) (string, int, int) {
	artifacts := map[string]any{}
	resources, size := 0, 0
	for i, res := range stacks {
		name := fmt.Sprintf("S%03d", i)
		data, err := json.Marshal(map[string]any{"Resources": res})
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".template.json"), data, 0o644); err != nil {
			b.Fatal(err)
		}
		artifacts[name] = map[string]any{"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
			"properties": map[string]any{"templateFile": name + ".template.json"}}
		resources += len(res)
		size += len(data)
	}
	manifest, err := json.Marshal(map[string]any{"version": "48.0.0", "artifacts": artifacts})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir, resources, size
}
