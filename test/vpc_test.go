package test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

const vpcStack = "LambdaPerfVpc"

// ref is the logical ID a Ref or Fn::GetAtt points at.
func ref(v any) string {
	m, _ := v.(map[string]any)
	if ga, ok := m["Fn::GetAtt"].([]any); ok {
		return ga[0].(string)
	}
	r, _ := m["Ref"].(string)
	return r
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// cachedAPI is the VPC stack's optimized function.
func cachedAPI(t *testing.T, tpl map[string]any) map[string]any {
	t.Helper()
	for id, f := range optimizedFunctions(tpl) {
		if strings.HasPrefix(id, "CachedApi") {
			return f
		}
	}
	t.Fatal("no CachedApi function")
	return nil
}

func TestVPCStackNetwork(t *testing.T) {
	tpl := template(t, vpcStack)

	// Two isolated function subnets, nothing public, no route out.
	subnets := cdktest.Resources(tpl, "AWS::EC2::Subnet")
	if len(subnets) != 2 {
		t.Errorf("%d subnets, want the 2 function subnets", len(subnets))
	}
	for id, s := range subnets {
		p := cdktest.Props(s)
		if !strings.Contains(jsonOf(p["Tags"]), `"Value":"Isolated"`) || p["MapPublicIpOnLaunch"] == true {
			t.Errorf("subnet %s is not isolated: %v", id, p["Tags"])
		}
	}
	for _, typ := range []string{"AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EIP"} {
		if n := len(cdktest.Resources(tpl, typ)); n != 0 {
			t.Errorf("%d %s in a VPC without NAT", n, typ)
		}
	}

	// S3 and DynamoDB gateway endpoints; Secrets Manager and CloudWatch Logs
	// interface endpoints for the two extensions.
	kinds := map[string]string{}
	for _, e := range cdktest.Resources(tpl, "AWS::EC2::VPCEndpoint") {
		p := cdktest.Props(e)
		name := jsonOf(p["ServiceName"])
		for _, svc := range []string{"s3", "dynamodb", "secretsmanager", "logs"} {
			if strings.Contains(name, "."+svc+`"`) || strings.HasSuffix(strings.Trim(name, `"`), "."+svc) {
				kinds[svc] = p["VpcEndpointType"].(string)
			}
		}
	}
	want := map[string]string{"s3": "Gateway", "dynamodb": "Gateway", "secretsmanager": "Interface", "logs": "Interface"}
	if jsonOf(kinds) != jsonOf(want) {
		t.Errorf("endpoints %v, want %v", kinds, want)
	}

	// Flow logs of all traffic to a log group with retention.
	_, flow := cdktest.Only(t, tpl, "AWS::EC2::FlowLog")
	fp := cdktest.Props(flow)
	if fp["TrafficType"] != "ALL" || fp["LogDestinationType"] != "cloud-watch-logs" {
		t.Errorf("flow log %v", fp)
	}
	group := cdktest.Resources(tpl, "AWS::Logs::LogGroup")[ref(fp["LogGroupName"])]
	if group == nil || cdktest.Props(group)["RetentionInDays"] == nil {
		t.Errorf("flow log group %v has no retention", fp["LogGroupName"])
	}
}

func TestVPCStackSecurityGroups(t *testing.T) {
	tpl := template(t, vpcStack)
	groups := cdktest.Resources(tpl, "AWS::EC2::SecurityGroup")

	// The function's own group: no inbound rule at all.
	vpc := cdktest.Props(cachedAPI(t, tpl))["VpcConfig"].(map[string]any)
	fnGroups := map[string]bool{}
	for _, g := range vpc["SecurityGroupIds"].([]any) {
		fnGroups[ref(g)] = true
	}
	if len(fnGroups) != 1 || len(vpc["SubnetIds"].([]any)) != 2 {
		t.Fatalf("VpcConfig %v: want one group of its own and both function subnets", vpc)
	}
	for id := range fnGroups {
		if in := cdktest.Props(groups[id])["SecurityGroupIngress"]; in != nil {
			t.Errorf("function group %s has inbound rules %v", id, in)
		}
	}

	// The cache's group admits the function's group only, on the cache
	// ports; no CIDR anywhere.
	_, sc := cdktest.Only(t, tpl, "AWS::ElastiCache::ServerlessCache")
	scp := cdktest.Props(sc)
	cacheGroup := ref(scp["SecurityGroupIds"].([]any)[0])
	if in := cdktest.Props(groups[cacheGroup])["SecurityGroupIngress"]; in != nil {
		t.Errorf("cache group has inline inbound rules %v", in)
	}
	ingress := 0
	for _, r := range cdktest.Resources(tpl, "AWS::EC2::SecurityGroupIngress") {
		p := cdktest.Props(r)
		target := ref(p["GroupId"])
		if fnGroups[target] {
			t.Errorf("inbound rule on the function group: %v", p)
		}
		if target == cacheGroup {
			ingress++
			if !fnGroups[ref(p["SourceSecurityGroupId"])] || p["FromPort"] != 6379.0 || p["ToPort"] != 6380.0 || p["CidrIp"] != nil {
				t.Errorf("cache ingress %v: want the function group on 6379-6380", p)
			}
		}
	}
	if ingress != 1 {
		t.Errorf("%d ingress rules on the cache group, want 1", ingress)
	}

	// Function egress: HTTPS, plus the cache group on its ports.
	for id := range fnGroups {
		egress := cdktest.Props(groups[id])["SecurityGroupEgress"].([]any)
		if len(egress) != 1 || egress[0].(map[string]any)["FromPort"] != 443.0 {
			t.Errorf("function egress %v: want HTTPS only (inline)", egress)
		}
	}
	toCache := 0
	for _, r := range cdktest.Resources(tpl, "AWS::EC2::SecurityGroupEgress") {
		p := cdktest.Props(r)
		if fnGroups[ref(p["GroupId"])] && ref(p["DestinationSecurityGroupId"]) == cacheGroup && p["FromPort"] == 6379.0 {
			toCache++
		}
	}
	if toCache != 1 {
		t.Errorf("%d egress rules from the function to the cache, want 1", toCache)
	}

	// The cache: Valkey serverless in the function subnets; TLS is the
	// only way serverless caches listen.
	if scp["Engine"] != "valkey" || len(scp["SubnetIds"].([]any)) != 2 {
		t.Errorf("serverless cache %v", scp)
	}
}

func TestVPCStackExtensions(t *testing.T) {
	tpl := template(t, vpcStack)
	fp := cdktest.Props(cachedAPI(t, tpl))

	// Environment-agnostic stack: each layer is Fn::FindInMap over a
	// region mapping of the arm64 builds.
	mappings, _ := tpl["Mappings"].(map[string]any)
	layers := fp["Layers"].([]any)
	if len(layers) != 2 {
		t.Fatalf("layers %v, want the secrets extension and Lambda Insights", layers)
	}
	// CDK orders layers by construct path (@aws-cdk/aws-lambda:recognizeLayerVersion).
	wantNames := map[string]string{"ParametersAndSecretsArm64Layers": "AWS-Parameters-and-Secrets-Lambda-Extension-Arm64",
		"LambdaInsightsArm64Layers": "LambdaInsightsExtension-Arm64"}
	seen := map[string]bool{}
	for _, l := range layers {
		find, _ := l.(map[string]any)["Fn::FindInMap"].([]any)
		if len(find) != 3 || ref(find[1]) != "AWS::Region" {
			t.Fatalf("layer %v is not Fn::FindInMap [mapping, AWS::Region, arn]", l)
		}
		name, known := wantNames[find[0].(string)]
		if !known || seen[name] {
			t.Errorf("layer %v maps through %v, want one each of %v", l, find[0], wantNames)
		}
		seen[name] = true
		m, _ := mappings[find[0].(string)].(map[string]any)
		for _, region := range []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2"} {
			row, _ := m[region].(map[string]any)
			arn, _ := row["arn"].(string)
			if !strings.HasPrefix(arn, "arn:aws:lambda:"+region+":") || !strings.Contains(arn, ":layer:"+name+":") {
				t.Errorf("mapping %s[%s] = %q, want the %s layer of that region", find[0], region, arn, name)
			}
		}
	}

	// The secret's name, never its value, and the cache endpoint.
	vars := fp["Environment"].(map[string]any)["Variables"].(map[string]any)
	for name, want := range map[string]string{"SIGNING_KEY_SECRET_NAME": "SigningKey", "CACHE_ENDPOINT": "Endpoint.Address", "CACHE_PORT": "Endpoint.Port"} {
		if v := jsonOf(vars[name]); !strings.Contains(v, want) {
			t.Errorf("%s = %s, want a reference to %s", name, v, want)
		}
	}
	if strings.Contains(jsonOf(vars), "SecretString") || strings.Contains(jsonOf(vars), "resolve:secretsmanager") {
		t.Errorf("a secret value reaches the environment: %s", jsonOf(vars))
	}
	if vars["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] != "2773" {
		t.Errorf("extension settings missing: %v", vars)
	}

	// Read access to the one secret; Insights writes its own log group.
	var policy string
	for id, p := range cdktest.Resources(tpl, "AWS::IAM::Policy") {
		if strings.HasPrefix(id, "CachedApiRole") {
			policy = jsonOf(cdktest.Props(p)["PolicyDocument"])
		}
	}
	for _, want := range []string{`"secretsmanager:GetSecretValue"`, `"Ref":"SigningKey`, "/aws/lambda-insights:*", "ec2:CreateNetworkInterface"} {
		if !strings.Contains(policy, want) {
			t.Errorf("execution role policy lacks %s", want)
		}
	}
	if strings.Contains(policy, "CloudWatchLambdaInsightsExecutionRolePolicy") {
		t.Error("the role uses the managed Insights policy instead of the scoped statement")
	}
}

// The cache-down path of the bundled handler: the client connects lazily
// (nothing at init), the request goes to DynamoDB when the cache refuses,
// later requests skip the cache instead of waiting on it again, and the
// response is signed with the key the extension serves on localhost.
func TestCachedHandlerFallsBackWhenTheCacheIsDown(t *testing.T) {
	tpl := template(t, vpcStack)
	dir := assetPath(t, cachedAPI(t, tpl))
	runDir := t.TempDir()
	if bundle := copyBundle(t, dir, runDir); strings.Contains(bundle, `require("ioredis")`) || strings.Contains(bundle, `from"ioredis"`) {
		t.Error("ioredis is not bundled")
	}
	testfiles.Write(t, filepath.Join(runDir, "run.js"), cachedRunner)
	out := runNode(t, runDir, "run.js")
	for _, want := range []string{
		"connections at init: 0",
		`GET /items/42 -> 200 bypass {"id":"42","name":"answer","price":10} signed`,
		"connections after the first request: 1",
		`GET /items/7 -> 404 bypass signed`,
		"connections after the second request: 1",
		"secret requests: 2, token header: ok, secretId: prod%2Fsigning-key",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("handler output lacks %q:\n%s", want, out)
		}
	}
}

// cachedRunner starts a "cache" that drops every connection and a fake
// Parameters and Secrets extension, then calls the handler twice.
const cachedRunner = fakeDynamoDBScript + `
const net = require("node:net");
const crypto = require("node:crypto");
let connections = 0;
const down = net.createServer((s) => { connections++; s.destroy(); });
let secretRequests = 0, tokenOK = true, secretId = "";
const ext = http.createServer((req, res) => {
  secretRequests++;
  tokenOK = tokenOK && req.headers["x-aws-parameters-secrets-token"] === "session-token";
  secretId = req.url.split("secretId=")[1];
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ Name: "prod/signing-key", SecretString: "k3y" }));
});
(async () => {
  await startDynamoDB();
  await new Promise((r) => down.listen(0, "127.0.0.1", r));
  await new Promise((r) => ext.listen(0, "127.0.0.1", r));
  Object.assign(process.env, {
    TABLE_NAME: "items", CACHE_ENDPOINT: "127.0.0.1", CACHE_PORT: String(down.address().port),
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(ext.address().port),
    SIGNING_KEY_SECRET_NAME: "prod/signing-key", AWS_SESSION_TOKEN: "session-token",
  });
  const { handler } = await import("./index.mjs");
  await new Promise((r) => setTimeout(r, 50));
  console.log("connections at init: " + connections);
  const ev = (rawPath) => ({ rawPath, requestContext: { http: { method: "GET" } } });
  const show = (label, r) => {
    const ok = r.headers["x-signature"] === crypto.createHmac("sha256", "k3y").update(r.body).digest("hex");
    console.log(label + " -> " + r.statusCode + " " + r.headers["x-cache"] + (r.statusCode === 200 ? " " + r.body : "") + (ok ? " signed" : " UNSIGNED"));
  };
  show("GET /items/42", await handler(ev("/items/42")));
  console.log("connections after the first request: " + connections);
  show("GET /items/7", await handler(ev("/items/7")));
  console.log("connections after the second request: " + connections);
  console.log("secret requests: " + secretRequests + ", token header: " + (tokenOK ? "ok" : "missing") + ", secretId: " + secretId);
  down.close(); ext.close(); dynamo.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`
