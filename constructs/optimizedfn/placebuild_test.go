package optimizedfn_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

const nodeEntry = "testdata/node/handler.ts"

func noNAT() *int { n := 0; return &n }

func TestFunctionInAVPCWithExtensions(t *testing.T) {
	_, stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), &network.Props{
		NatGateways:        noNAT(),
		InterfaceEndpoints: []network.Endpoint{network.SecretsManager, network.CloudWatchLogs},
	})
	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry:   nodeEntry,
		Network: net,
		Layers:  []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
	})
	if fn.SecurityGroup() == nil || len(fn.Plan().Warnings) != 0 {
		t.Errorf("security group %v, warnings %v", fn.SecurityGroup(), fn.Plan().Warnings)
	}
	tpl := cdktest.Template(t, stack)

	_, lambda := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	p := cdktest.Props(lambda)
	vpc := p["VpcConfig"].(map[string]any)
	if len(vpc["SubnetIds"].([]any)) != 2 || len(vpc["SecurityGroupIds"].([]any)) != 1 {
		t.Fatalf("VpcConfig %v: want the 2 function subnets and 1 security group", vpc)
	}
	sgID := vpc["SecurityGroupIds"].([]any)[0].(map[string]any)["Fn::GetAtt"].([]any)[0].(string)
	sg := cdktest.Resources(tpl, "AWS::EC2::SecurityGroup")[sgID]
	if sg == nil || !strings.HasPrefix(sgID, "ApiSecurityGroup") {
		t.Fatalf("function security group %s not found", sgID)
	}
	if in := cdktest.Props(sg)["SecurityGroupIngress"]; in != nil {
		t.Errorf("function security group has inbound rules %v", in)
	}
	egress := cdktest.Props(sg)["SecurityGroupEgress"].([]any)
	if len(egress) != 1 || egress[0].(map[string]any)["FromPort"] != 443.0 || egress[0].(map[string]any)["ToPort"] != 443.0 {
		t.Errorf("egress %v: want HTTPS only", egress)
	}
	for _, r := range cdktest.Resources(tpl, "AWS::EC2::SecurityGroupIngress") {
		if g, _ := cdktest.Props(r)["GroupId"].(map[string]any); g != nil && g["Fn::GetAtt"].([]any)[0] == sgID {
			t.Errorf("an ingress rule on the function group: %v", cdktest.Props(r))
		}
	}

	layers := p["Layers"].([]any)
	if len(layers) != 2 {
		t.Fatalf("layers %v", layers)
	}
	for _, l := range layers {
		find, _ := l.(map[string]any)["Fn::FindInMap"].([]any)
		if len(find) != 3 || !strings.HasSuffix(find[0].(string), "Arm64Layers") {
			t.Errorf("layer %v: want the arm64 build through Fn::FindInMap", l)
		}
	}
	vars := p["Environment"].(map[string]any)["Variables"].(map[string]any)
	if vars["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] != "2773" || vars["SECRETS_MANAGER_TTL"] != "300" {
		t.Errorf("extension settings %v", vars)
	}

	var policy string
	for id, r := range cdktest.Resources(tpl, "AWS::IAM::Policy") {
		if strings.HasPrefix(id, "ApiRole") {
			b, _ := json.Marshal(r)
			policy = string(b)
		}
	}
	for _, want := range []string{"ec2:CreateNetworkInterface", "logs:PutLogEvents", "/aws/lambda-insights:*"} {
		if !strings.Contains(policy, want) {
			t.Errorf("execution role policy lacks %s", want)
		}
	}
}

func TestLayersOfAPinnedRegionAreLiteral(t *testing.T) {
	for arch, want := range map[optimizedfn.Architecture][]any{
		optimizedfn.ARM64: {"arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4",
			"arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
		optimizedfn.X86_64: {"arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4",
			"arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension:56"},
	} {
		app, _ := newStack(t)
		stack := awscdk.NewStack(app, jsii.String("Pinned"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-central-1")}})
		optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
			Entry: nodeEntry, Architecture: arch,
			Layers: []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
		})
		_, lambda := cdktest.Only(t, cdktest.Template(t, stack), "AWS::Lambda::Function")
		got := cdktest.Props(lambda)["Layers"].([]any)
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s: layers %v, want %v", arch, got, want)
		}
	}
}

// Every new error stops synthesis through New with its message.
func TestPlacementErrorsReachTheUser(t *testing.T) {
	six := []extensions.Layer{extensions.LambdaInsights(), extensions.ParametersAndSecrets(nil)}
	for _, name := range []string{"a", "b", "c", "d"} {
		six = append(six, extensions.FromARN("arn:aws:lambda:eu-west-1:123456789012:layer:lib-"+name+":1", extensions.ARM64))
	}
	for name, tc := range map[string]struct {
		region string
		props  func(stack awscdk.Stack) *optimizedfn.Props
		want   string
	}{
		"a literal secret in the environment": {"", func(awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Environment: map[string]string{"API_KEY": "abc"}}
		}, `optimizedfn "S/Fn": Environment API_KEY holds a literal value that looks like a secret`},
		"six layers": {"", func(awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Layers: six}
		}, "Layers has 6 layers, Lambda loads at most 5 per function: Lambda Insights, AWS Parameters and Secrets Lambda Extension"},
		"a known layer on the wrong architecture": {"", func(awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Architecture: optimizedfn.X86_64,
				Layers: []extensions.Layer{extensions.FromARN("arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:23")}}
		}, "is the arm64 build of Lambda Insights, but the function runs on x86_64"},
		"a pinned region the catalog does not know": {"mx-central-1", func(awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Layers: []extensions.Layer{extensions.LambdaInsights()}}
		}, `optimizedfn "S/Fn": Layers[0]: Lambda Insights 1.0.404.0 has no arm64 layer in lambdaperf's catalog for region "mx-central-1"`},
		"public subnets selected by name": {"", func(stack awscdk.Stack) *optimizedfn.Props {
			vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), nil)
			return &optimizedfn.Props{Entry: nodeEntry, Network: network.Import(vpc, &network.ImportProps{
				Subnets: &awsec2.SubnetSelection{SubnetGroupName: jsii.String("Public")}})}
		}, `optimizedfn "S/Fn": Network: the function subnets are public`},
		"a security group without a network": {"", func(stack awscdk.Stack) *optimizedfn.Props {
			vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), nil)
			return &optimizedfn.Props{Entry: nodeEntry, SecurityGroup: network.NewFunctionSecurityGroup(stack, jsii.String("Shared"), vpc)}
		}, "SecurityGroup is set without Network"},
		"a VPC through Extra": {"", func(stack awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Extra: &awslambda.FunctionOptions{Vpc: awsec2.NewVpc(stack, jsii.String("Vpc"), nil)}}
		}, "Extra.Vpc/VpcSubnets/SecurityGroups/Allow* is owned by the construct"},
		"a layer of another region in a pinned stack": {"eu-west-1", func(awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Layers: []extensions.Layer{
				extensions.FromARN("arn:aws:lambda:us-east-1:123456789012:layer:mine:1", extensions.ARM64)}}
		}, `optimizedfn "S/Fn": Layers[0]: layer arn:aws:lambda:us-east-1:123456789012:layer:mine:1 is in region us-east-1, but the stack deploys to eu-west-1`},
		"layers through Extra": {"", func(stack awscdk.Stack) *optimizedfn.Props {
			return &optimizedfn.Props{Entry: nodeEntry, Extra: &awslambda.FunctionOptions{
				ParamsAndSecrets: awslambda.ParamsAndSecretsLayerVersion_FromVersion(awslambda.ParamsAndSecretsVersions_V1_0_103, nil)}}
		}, "Extra.Layers/InsightsVersion/ParamsAndSecrets/AdotInstrumentation is owned by the construct"},
	} {
		t.Run(name, func(t *testing.T) {
			app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
			var props *awscdk.StackProps
			if tc.region != "" {
				props = &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(tc.region)}}
			}
			stack := awscdk.NewStack(app, jsii.String("S"), props)
			fnProps := tc.props(stack)
			msg := cdktest.Panics(func() { optimizedfn.New(stack, jsii.String("Fn"), fnProps) })
			if !strings.Contains(msg, tc.want) {
				t.Errorf("New panicked with %q, want %q", msg, tc.want)
			}
		})
	}
}

// Warnings become annotations with their stable IDs.
func TestPlacementWarningsReachTheUser(t *testing.T) {
	app, stack := newStack(t)
	net := network.New(stack, jsii.String("Net"), &network.Props{NatGateways: noNAT(), NoGatewayEndpoints: true})
	optimizedfn.New(stack, jsii.String("Fn"), &optimizedfn.Props{
		Entry: nodeEntry, Network: net,
		Layers: []extensions.Layer{extensions.FromARN("arn:aws:lambda:eu-west-1:123456789012:layer:my-lib:3", extensions.ARM64)},
	})
	app.Synth(nil)
	msgs, err := cdktest.Messages(*app.Outdir())
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, m := range msgs {
		all = append(all, m.Text)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"cannot reach any AWS API", optimizedfn.WarnNoEgress, "cannot be checked", optimizedfn.WarnLayerArchitecture} {
		if !strings.Contains(text, want) {
			t.Errorf("annotations lack %q:\n%s", want, text)
		}
	}
}

// TestVariablesSetAfterNewAreChecked: extensions.UseSecret and
// Function.AddEnvironment go through the plan's checks, so a reserved or
// already-set name stops synthesis instead of failing the deploy or
// silently replacing a value; a good one reaches the template.
func TestVariablesSetAfterNewAreChecked(t *testing.T) {
	_, stack := newStack(t)
	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry:       "testdata/gofn",
		Environment: map[string]string{"TABLE": "items"},
		Layers:      []extensions.Layer{extensions.ParametersAndSecrets(nil)},
	})
	secret := awssecretsmanager.NewSecret(stack, jsii.String("Key"), nil)
	for name, want := range map[string]string{
		"TABLE":      `optimizedfn "S/Api": AddEnvironment TABLE: the function already sets it (to "items")`,
		"AWS_REGION": `optimizedfn "S/Api": AddEnvironment AWS_REGION: Lambda sets this name itself`,
	} {
		if msg := cdktest.Panics(func() { extensions.UseSecret(fn, secret, name) }); !strings.Contains(msg, want) {
			t.Errorf("UseSecret(%s): panic %q, want %q", name, msg, want)
		}
	}
	extensions.UseSecret(fn, secret, "KEY_SECRET_NAME")
	fn.AddEnvironment("STAGE", "prod")
	if msg := cdktest.Panics(func() { fn.AddEnvironment("STAGE", "dev") }); !strings.Contains(msg, `AddEnvironment STAGE: the function already sets it (to "prod")`) {
		t.Errorf("second AddEnvironment: panic %q", msg)
	}
	if env := fn.Plan().Environment; env["STAGE"] != "prod" || env["KEY_SECRET_NAME"] == "" {
		t.Errorf("plan environment %v", env)
	}
	_, lambda := cdktest.Only(t, cdktest.Template(t, stack), "AWS::Lambda::Function")
	vars := cdktest.Props(lambda)["Environment"].(map[string]any)["Variables"].(map[string]any)
	if vars["STAGE"] != "prod" || vars["TABLE"] != "items" || vars["KEY_SECRET_NAME"] == nil {
		t.Errorf("variables %v", vars)
	}
}
