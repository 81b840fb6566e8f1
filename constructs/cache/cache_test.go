package cache_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/cache"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
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

type fn struct {
	constructs.Construct
	f awslambda.Function
}

func (f *fn) Function() awslambda.Function { return f.f }

// newFn is a function in net with its own closed security group, as
// optimizedfn places it; net nil leaves it outside any VPC.
func newFn(stack awscdk.Stack, id string, net network.Network) *fn {
	f := &fn{}
	constructs.NewConstruct_Override(f, stack, jsii.String(id))
	props := &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(), Handler: jsii.String("index.handler"),
		Code: awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1")),
	}
	if net != nil {
		p, err := network.Place(f, net, nil, nil)
		if err != nil {
			panic(err)
		}
		props.Vpc, props.VpcSubnets, props.SecurityGroups = p.Vpc, p.Subnets, &[]awsec2.ISecurityGroup{p.SecurityGroup}
	}
	f.f = awslambda.NewFunction(f, jsii.String("Function"), props)
	return f
}

func TestCacheAdmitsOnlyConnectedFunctions(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), nil)
	c := cache.New(stack, jsii.String("Cache"), &cache.Props{Network: net, MaxDataStorageGB: 5})
	api := newFn(stack, "Api", net)
	newFn(stack, "Bystander", net)
	c.Connect(api)
	tpl := cdktest.Template(t, stack)

	_, sc := cdktest.Only(t, tpl, "AWS::ElastiCache::ServerlessCache")
	p := cdktest.Props(sc)
	if p["Engine"] != "valkey" || p["MajorEngineVersion"] != "8" || len(p["SubnetIds"].([]any)) != 2 || len(p["SecurityGroupIds"].([]any)) != 1 {
		t.Errorf("serverless cache %v", p)
	}
	if name := p["ServerlessCacheName"].(string); !regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`).MatchString(name) || strings.Contains(name, "--") {
		t.Errorf("ServerlessCacheName %q is not a valid cache name", name)
	}
	if limits := p["CacheUsageLimits"].(map[string]any)["DataStorage"].(map[string]any); limits["Maximum"] != 5.0 || limits["Unit"] != "GB" {
		t.Errorf("data storage cap %v", limits)
	}

	groups := cdktest.Resources(tpl, "AWS::EC2::SecurityGroup")
	cacheSG, apiSG, bystanderSG := "", "", ""
	for id := range groups {
		switch {
		case strings.HasPrefix(id, "CacheSecurityGroup"):
			cacheSG = id
		case strings.HasPrefix(id, "ApiSecurityGroup"):
			apiSG = id
		case strings.HasPrefix(id, "BystanderSecurityGroup"):
			bystanderSG = id
		}
	}
	if cacheSG == "" || apiSG == "" || bystanderSG == "" {
		t.Fatalf("security groups %v", keys(groups))
	}
	// No inbound rule on any function group, inline or separate.
	for _, id := range []string{apiSG, bystanderSG} {
		if in := cdktest.Props(groups[id])["SecurityGroupIngress"]; in != nil {
			t.Errorf("function group %s has inbound rules %v", id, in)
		}
	}
	if in := cdktest.Props(groups[cacheSG])["SecurityGroupIngress"]; in != nil {
		t.Errorf("cache group has inline inbound rules %v", in)
	}
	ingress := cdktest.Resources(tpl, "AWS::EC2::SecurityGroupIngress")
	if len(ingress) != 1 {
		t.Fatalf("%d ingress rules, want 1 (cache from Api)", len(ingress))
	}
	for _, r := range ingress {
		rp := cdktest.Props(r)
		if ref(rp["GroupId"]) != cacheSG || ref(rp["SourceSecurityGroupId"]) != apiSG || rp["FromPort"] != 6379.0 || rp["ToPort"] != 6380.0 || rp["IpProtocol"] != "tcp" {
			t.Errorf("ingress %v: want the cache group admitting the Api group on 6379-6380", rp)
		}
		if rp["CidrIp"] != nil {
			t.Errorf("ingress from a CIDR: %v", rp)
		}
	}
	for _, r := range cdktest.Resources(tpl, "AWS::EC2::SecurityGroupIngress") {
		if ref(cdktest.Props(r)["GroupId"]) == apiSG || ref(cdktest.Props(r)["GroupId"]) == bystanderSG {
			t.Errorf("a function group has an ingress rule: %v", cdktest.Props(r))
		}
	}
	egress := cdktest.Resources(tpl, "AWS::EC2::SecurityGroupEgress")
	if len(egress) != 1 {
		t.Fatalf("%d egress rules, want 1 (Api to cache)", len(egress))
	}
	for _, r := range egress {
		rp := cdktest.Props(r)
		if ref(rp["GroupId"]) != apiSG || ref(rp["DestinationSecurityGroupId"]) != cacheSG || rp["FromPort"] != 6379.0 {
			t.Errorf("egress %v: want the Api group to the cache group on 6379", rp)
		}
	}

	for id, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		env, _ := cdktest.Props(f)["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		connected := strings.HasPrefix(id, "Api")
		if got := vars[cache.EnvEndpoint] != nil && vars[cache.EnvPort] != nil; got != connected {
			t.Errorf("%s: cache environment %v", id, vars)
		}
		if connected {
			b, _ := json.Marshal(vars)
			if !strings.Contains(string(b), "Endpoint.Address") || !strings.Contains(string(b), "Endpoint.Port") {
				t.Errorf("cache environment %s", b)
			}
		}
	}
}

func ref(v any) string {
	m, _ := v.(map[string]any)
	if ga, ok := m["Fn::GetAtt"].([]any); ok {
		return ga[0].(string)
	}
	r, _ := m["Ref"].(string)
	return r
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestConnectRefusesTwiceAndOutsideAVPC(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), nil)
	c := cache.New(stack, jsii.String("Cache"), &cache.Props{Network: net})
	api := newFn(stack, "Api", net)
	c.Connect(api)
	if msg := cdktest.Panics(func() { c.Connect(api) }); !strings.Contains(msg, `cache "S/Cache": Connect "S/Api": the function is already connected`) {
		t.Errorf("second Connect: %q", msg)
	}
	outside := newFn(stack, "Outside", nil)
	if msg := cdktest.Panics(func() { c.Connect(outside) }); !strings.Contains(msg, `Connect "S/Outside": the function is not in a VPC`) {
		t.Errorf("Connect outside a VPC: %q", msg)
	}
}

// TestConnectGoesThroughTheFunctionsChecks: an optimized function that
// already sets CACHE_PORT is not silently given another value.
func TestConnectGoesThroughTheFunctionsChecks(t *testing.T) {
	stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), nil)
	c := cache.New(stack, jsii.String("Cache"), &cache.Props{Network: net})
	api := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry: "../optimizedfn/testdata/gofn", Network: net, Environment: map[string]string{cache.EnvPort: "6379"},
	})
	if msg := cdktest.Panics(func() { c.Connect(api) }); !strings.Contains(msg, `optimizedfn "S/Api": AddEnvironment CACHE_PORT: the function already sets it (to "6379")`) {
		t.Errorf("Connect: panic %q", msg)
	}
}

func TestResolveRefusesBadProps(t *testing.T) {
	_, err := cache.Resolve("S/Cache", &cache.Props{MaxDataStorageGB: 9000, MaxECPUPerSecond: 10, MajorEngineVersion: "6"})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`cache "S/Cache": Network is required`, "MaxDataStorageGB must be 1..5000 GB, got 9000",
		"MaxECPUPerSecond must be 1000..15000000, got 10", `MajorEngineVersion "6"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// Invalid props stop synthesis through New.
func TestNewRefusesBadProps(t *testing.T) {
	stack := newStack(t)
	msg := cdktest.Panics(func() { cache.New(stack, jsii.String("Cache"), &cache.Props{MaxECPUPerSecond: 1}) })
	if !strings.Contains(msg, `cache "S/Cache": Network is required`) || !strings.Contains(msg, "MaxECPUPerSecond must be 1000..15000000, got 1") {
		t.Errorf("New panicked with %q", msg)
	}
}
