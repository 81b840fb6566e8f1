package optimizedfn

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"

	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
)

const (
	insightsX86 = "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:56"
	myLayer     = "arn:aws:lambda:eu-west-1:123456789012:layer:my-lib:3"
)

// net is a network without a VPC construct: validation reads only its
// subnets and egress.
func net(egress *network.Egress, subnets *awsec2.SubnetSelection) network.Network {
	return network.Import(nil, &network.ImportProps{Egress: egress, Subnets: subnets})
}

func TestPlacementErrors(t *testing.T) {
	six := []extensions.Layer{extensions.LambdaInsights(), extensions.ParametersAndSecrets(nil)}
	for i := 0; i < 4; i++ {
		six = append(six, extensions.FromARN(strings.Replace(myLayer, "my-lib", "lib"+string(rune('a'+i)), 1), extensions.ARM64))
	}
	for name, tc := range map[string]struct {
		props Props
		want  []string
	}{
		"a literal password in the environment points to the extension": {
			Props{Environment: map[string]string{"DB_PASSWORD": "hunter2", "STRIPE_API_KEY": "sk_live_1", "STAGE": "prod"}},
			[]string{`optimizedfn "S/Fn": Environment DB_PASSWORD, STRIPE_API_KEY hold literal values that look like a secret`,
				"AWS Parameters and Secrets Lambda Extension", "extensions.UseSecret(fn, secret"}},
		"six layers are one too many, listed": {
			Props{Layers: six},
			[]string{"Layers has 6 layers, Lambda loads at most 5 per function: Lambda Insights, AWS Parameters and Secrets Lambda Extension, arn:aws:lambda:eu-west-1:123456789012:layer:liba:3"}},
		"the x86_64 Insights layer on an arm64 function": {
			Props{Layers: []extensions.Layer{extensions.FromARN(insightsX86)}},
			[]string{`Layers[0]: layer ` + insightsX86 + ` is the x86_64 build of Lambda Insights, but the function runs on arm64`, "use extensions.LambdaInsights()"}},
		"a layer declared for x86_64 only on arm64": {
			Props{Layers: []extensions.Layer{extensions.FromARN(myLayer, extensions.X86_64)}},
			[]string{"Layers[0]: layer " + myLayer + " is declared for x86_64, but the function runs on arm64"}},
		"the same extension twice": {
			Props{Layers: []extensions.Layer{extensions.LambdaInsights(), extensions.LambdaInsights()}},
			[]string{"Layers[0] and Layers[1] are both Lambda Insights"}},
		"bad extension settings": {
			Props{Layers: []extensions.Layer{extensions.ParametersAndSecrets(&extensions.ParametersAndSecretsProps{Port: -1})}},
			[]string{"Layers[0]: ParametersAndSecrets Port must be 1..65535, got -1"}},
		"a nil layer": {Props{Layers: []extensions.Layer{nil}}, []string{"Layers[0] is nil"}},
		"public subnets": {
			Props{Network: net(nil, &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC})},
			[]string{"Network: the function subnets are public", "Use private subnets with a NAT gateway"}},
		"a security group without a network": {
			Props{SecurityGroup: struct{ awsec2.ISecurityGroup }{}},
			[]string{"SecurityGroup is set without Network"}},
		"a VPC through Extra": {
			Props{Extra: &awslambda.FunctionOptions{VpcSubnets: &awsec2.SubnetSelection{}}},
			[]string{"Extra.Vpc/VpcSubnets/SecurityGroups/Allow* is owned by the construct: set Props.Network"}},
		"layers through Extra": {
			Props{Extra: &awslambda.FunctionOptions{Layers: &[]awslambda.ILayerVersion{}}},
			[]string{"Extra.Layers/InsightsVersion/ParamsAndSecrets/AdotInstrumentation is owned by the construct: set Props.Layers"}},
	} {
		t.Run(name, func(t *testing.T) {
			tc.props.Entry = nodeEntry
			_, err := Resolve("S/Fn", &tc.props)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestPlacementWarnings(t *testing.T) {
	for name, tc := range map[string]struct {
		props Props
		id    string
		want  string
	}{
		"an unknown layer": {Props{Layers: []extensions.Layer{extensions.FromARN(myLayer, extensions.ARM64)}},
			WarnLayerArchitecture, "Layers[0]: the architecture of layer " + myLayer + " cannot be checked"},
		"a VPC without NAT or endpoints": {Props{Network: net(&network.Egress{}, nil)},
			WarnNoEgress, "cannot reach any AWS API"},
		"an extension whose service the VPC cannot reach": {
			Props{Network: net(&network.Egress{Endpoints: []network.Endpoint{network.S3}}, nil),
				Layers: []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()}},
			WarnEndpointMissing, `no NAT gateway and no "logs" endpoint, which Lambda Insights calls`},
	} {
		t.Run(name, func(t *testing.T) {
			tc.props.Entry = nodeEntry
			p, err := Resolve("S/Fn", &tc.props)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, w := range p.Warnings {
				found = found || (w.ID == tc.id && strings.Contains(w.Message, tc.want))
			}
			if !found {
				t.Errorf("no warning %s %q in %v", tc.id, tc.want, p.Warnings)
			}
		})
	}
}

func TestPlacementCleanCases(t *testing.T) {
	p, err := Resolve("S/Fn", &Props{
		Entry:       nodeEntry,
		Environment: map[string]string{"SECRETS_MANAGER_TTL": "60", "DB_SECRET_NAME": "prod/db", "TOKEN": "${Token[TOKEN.1]}"},
		Network:     net(&network.Egress{Endpoints: []network.Endpoint{network.SecretsManager, network.CloudWatchLogs}}, nil),
		Layers:      []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings %v", p.Warnings)
	}
	if !p.VPC || strings.Join(p.Layers, ",") != "AWS Parameters and Secrets Lambda Extension,Lambda Insights" {
		t.Errorf("VPC %v layers %v", p.VPC, p.Layers)
	}
	if fmt.Sprint(p.Extensions) != "[parameters-and-secrets lambda-insights]" {
		t.Errorf("extensions %v", p.Extensions)
	}
	// A catalog layer given by ARN is recognized as its product; an
	// unknown one is not an extension.
	byARN, err := Resolve("", &Props{Entry: nodeEntry, Architecture: X86_64, Layers: []extensions.Layer{
		extensions.FromARN(insightsX86), extensions.FromARN("arn:aws:lambda:eu-west-1:123456789012:layer:mine:3", extensions.X86_64),
	}})
	if err != nil || fmt.Sprint(byARN.Extensions) != "[lambda-insights]" {
		t.Errorf("by ARN: extensions %v, err %v", byARN.Extensions, err)
	}
	// The extension's settings are defaults; the function's own win.
	if p.Environment["SECRETS_MANAGER_TTL"] != "60" || p.Environment["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] != "2773" {
		t.Errorf("environment %v", p.Environment)
	}
	// An unknown egress (imported VPC) is not checked.
	if p, err := Resolve("", &Props{Entry: nodeEntry, Network: net(nil, nil), Layers: []extensions.Layer{extensions.LambdaInsights()}}); err != nil || len(p.Warnings) != 0 {
		t.Errorf("imported VPC: %v %v", err, p.Warnings)
	}
}
