package extensions_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// newStack is a unit-test stack, environment-agnostic when region is "".
func newStack(t *testing.T, region string) awscdk.Stack {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
	var props *awscdk.StackProps
	if region != "" {
		props = &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)}}
	}
	return awscdk.NewStack(app, jsii.String("S"), props)
}

// fn is a minimal function with layers bound the way optimizedfn binds
// them: under the function's construct, with its role.
type fn struct {
	constructs.Construct
	f awslambda.Function
}

func (f *fn) Function() awslambda.Function { return f.f }

func newFn(t *testing.T, stack awscdk.Stack, id string, arch extensions.Arch, layers ...extensions.Layer) (*fn, error) {
	t.Helper()
	f := &fn{}
	constructs.NewConstruct_Override(f, stack, jsii.String(id))
	role := awsiam.NewRole(f, jsii.String("Role"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})
	var lvs []awslambda.ILayerVersion
	for i, l := range layers {
		lv, err := l.Bind(&extensions.Binding{Scope: f, Role: role, Architecture: arch, Index: i})
		if err != nil {
			return nil, err
		}
		lvs = append(lvs, lv)
	}
	a := awslambda.Architecture_ARM_64()
	if arch == extensions.X86_64 {
		a = awslambda.Architecture_X86_64()
	}
	f.f = awslambda.NewFunction(f, jsii.String("Function"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(), Handler: jsii.String("index.handler"), Architecture: a, Role: role,
		Code: awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1")), Layers: &lvs,
	})
	return f, nil
}

func layers(t *testing.T, tpl map[string]any) []any {
	t.Helper()
	_, f := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	l, _ := cdktest.Props(f)["Layers"].([]any)
	return l
}

func TestAgnosticStackMapsTheLayerByRegion(t *testing.T) {
	for _, arch := range []extensions.Arch{extensions.ARM64, extensions.X86_64} {
		t.Run(string(arch), func(t *testing.T) {
			stack := newStack(t, "")
			if _, err := newFn(t, stack, "Fn", arch, extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()); err != nil {
				t.Fatal(err)
			}
			// A second function shares the mappings.
			if _, err := newFn(t, stack, "Other", arch, extensions.LambdaInsights()); err != nil {
				t.Fatal(err)
			}
			tpl := cdktest.Template(t, stack)
			suffix := map[extensions.Arch]string{extensions.ARM64: "Arm64", extensions.X86_64: "X8664"}[arch]
			mappings := tpl["Mappings"].(map[string]any)
			if len(mappings) != 2 {
				t.Errorf("%d mappings, want one per extension: %v", len(mappings), keys(mappings))
			}
			for id, want := range map[string]map[string]string{
				"LambdaInsights" + suffix + "Layers": {
					"us-east-1":      map[extensions.Arch]string{extensions.ARM64: "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:23", extensions.X86_64: "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:56"}[arch],
					"ap-northeast-1": map[extensions.Arch]string{extensions.ARM64: "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension-Arm64:34", extensions.X86_64: "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension:83"}[arch],
				},
				"ParametersAndSecrets" + suffix + "Layers": {
					"eu-central-1": map[extensions.Arch]string{extensions.ARM64: "arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4", extensions.X86_64: "arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4"}[arch],
				},
			} {
				m, ok := mappings[id].(map[string]any)
				if !ok {
					t.Fatalf("no mapping %s in %v", id, keys(mappings))
				}
				for region, arn := range want {
					if got := m[region].(map[string]any)["arn"]; got != arn {
						t.Errorf("%s[%s] = %v, want %s", id, region, got, arn)
					}
				}
				for _, region := range []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2"} {
					if m[region] == nil {
						t.Errorf("%s lacks %s", id, region)
					}
				}
			}
			for _, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
				for _, l := range cdktest.Props(f)["Layers"].([]any) {
					find, _ := l.(map[string]any)["Fn::FindInMap"].([]any)
					if len(find) != 3 || find[1].(map[string]any)["Ref"] != "AWS::Region" || find[2] != "arn" {
						t.Errorf("layer %v is not Fn::FindInMap [mapping, AWS::Region, arn]", l)
					}
				}
			}
		})
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPinnedRegionGetsLiteralARNs(t *testing.T) {
	for arch, want := range map[extensions.Arch][]any{
		extensions.ARM64: {"arn:aws:lambda:ap-southeast-2:665172237481:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4",
			"arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
		extensions.X86_64: {"arn:aws:lambda:ap-southeast-2:665172237481:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4",
			"arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension:56"},
	} {
		stack := newStack(t, "ap-southeast-2")
		if _, err := newFn(t, stack, "Fn", arch, extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()); err != nil {
			t.Fatal(err)
		}
		tpl := cdktest.Template(t, stack)
		if got := layers(t, tpl); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s layers %v, want %v", arch, got, want)
		}
		if _, ok := tpl["Mappings"]; ok {
			t.Errorf("%s: a pinned stack has mappings", arch)
		}
	}
}

func TestUnknownPinnedRegionIsAnError(t *testing.T) {
	stack := newStack(t, "mx-central-1")
	_, err := newFn(t, stack, "Fn", extensions.ARM64, extensions.LambdaInsights())
	if err == nil || !strings.Contains(err.Error(), `region "mx-central-1"`) || !strings.Contains(err.Error(), "extensions.FromARN") {
		t.Errorf("err = %v", err)
	}
}

func TestFromARNInAnotherRegionIsAnError(t *testing.T) {
	stack := newStack(t, "eu-west-1")
	_, err := newFn(t, stack, "Fn", extensions.ARM64, extensions.FromARN("arn:aws:lambda:us-east-1:123456789012:layer:mine:1", extensions.ARM64))
	if err == nil || !strings.Contains(err.Error(), "is in region us-east-1, but the stack deploys to eu-west-1") {
		t.Errorf("err = %v", err)
	}
	stack = newStack(t, "")
	if _, err := newFn(t, stack, "Fn", extensions.ARM64, extensions.FromARN("arn:aws:lambda:us-east-1:123456789012:layer:mine:1", extensions.ARM64)); err != nil {
		t.Errorf("an agnostic stack cannot tell the region: %v", err)
	}
}

func TestLambdaInsightsGrantsItsLogGroupOnly(t *testing.T) {
	stack := newStack(t, "")
	if _, err := newFn(t, stack, "Fn", extensions.ARM64, extensions.LambdaInsights()); err != nil {
		t.Fatal(err)
	}
	tpl := cdktest.Template(t, stack)
	_, policy := cdktest.Only(t, tpl, "AWS::IAM::Policy")
	b, _ := json.Marshal(cdktest.Props(policy)["PolicyDocument"])
	doc := string(b)
	for _, want := range []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", ":log-group:/aws/lambda-insights:*", `{"Ref":"AWS::Region"}`} {
		if !strings.Contains(doc, want) {
			t.Errorf("policy lacks %s: %s", want, doc)
		}
	}
	if strings.Contains(doc, `"Resource":"*"`) || strings.Contains(doc, "logs:*:*") {
		t.Errorf("policy is wider than the Insights log group: %s", doc)
	}
	if n := len(cdktest.Resources(tpl, "AWS::IAM::ManagedPolicy")); n != 0 {
		t.Errorf("%d managed policies", n)
	}
	role := cdktest.Resources(tpl, "AWS::IAM::Role")
	for _, r := range role {
		if cdktest.Props(r)["ManagedPolicyArns"] != nil {
			t.Errorf("the role carries managed policies: %v", cdktest.Props(r)["ManagedPolicyArns"])
		}
	}
	meta, _ := json.Marshal(policy["Metadata"])
	if !strings.Contains(string(meta), "lambda-insights") || !strings.Contains(string(meta), "AwsSolutions-IAM5") {
		t.Errorf("the log-stream wildcard is not explained for cdk-nag: %s", meta)
	}
}

func TestUseSecretGrantsOneSecretAndPassesItsName(t *testing.T) {
	stack := newStack(t, "")
	f, err := newFn(t, stack, "Fn", extensions.ARM64, extensions.ParametersAndSecrets(nil))
	if err != nil {
		t.Fatal(err)
	}
	secret := awssecretsmanager.NewSecret(stack, jsii.String("Key"), nil)
	awssecretsmanager.NewSecret(stack, jsii.String("Other"), nil)
	extensions.UseSecret(f, secret, "API_KEY_SECRET_NAME")
	tpl := cdktest.Template(t, stack)

	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	vars := cdktest.Props(lambda)["Environment"].(map[string]any)["Variables"].(map[string]any)
	name, _ := json.Marshal(vars["API_KEY_SECRET_NAME"])
	if !strings.Contains(string(name), "Key") || strings.Contains(string(name), "SecretString") {
		t.Errorf("API_KEY_SECRET_NAME = %s, want the secret's name", name)
	}
	_, policy := cdktest.Only(t, tpl, "AWS::IAM::Policy")
	b, _ := json.Marshal(cdktest.Props(policy)["PolicyDocument"])
	doc := string(b)
	if !strings.Contains(doc, "secretsmanager:GetSecretValue") || strings.Contains(doc, "Other") || strings.Contains(doc, `"Resource":"*"`) {
		t.Errorf("policy %s: want read on the one secret", doc)
	}
}

func TestUseSecretNeedsTheExtension(t *testing.T) {
	stack := newStack(t, "")
	f, err := newFn(t, stack, "Fn", extensions.ARM64, extensions.LambdaInsights())
	if err != nil {
		t.Fatal(err)
	}
	secret := awssecretsmanager.NewSecret(stack, jsii.String("Key"), nil)
	msg := cdktest.Panics(func() { extensions.UseSecret(f, secret, "KEY_NAME") })
	if !strings.Contains(msg, `extensions.UseSecret "S/Fn": the function does not load the AWS Parameters and Secrets Lambda Extension`) {
		t.Errorf("panic %q", msg)
	}
	f2, _ := newFn(t, stack, "Fn2", extensions.ARM64, extensions.ParametersAndSecrets(nil))
	if msg := cdktest.Panics(func() { extensions.UseSecret(f2, secret, "1BAD") }); !strings.Contains(msg, `environment name "1BAD" is invalid`) {
		t.Errorf("panic %q", msg)
	}
}
