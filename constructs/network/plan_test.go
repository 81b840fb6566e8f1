package network

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
)

func intp(v int) *int { return &v }

func TestResolveDefaults(t *testing.T) {
	p, err := Resolve("S/Net", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.MaxAZs != 2 || p.NatGateways != 1 || p.CIDR != "10.0.0.0/16" || p.FlowLogTraffic != awsec2.FlowLogTrafficType_ALL || p.FlowLogRetention != awslogs.RetentionDays_ONE_MONTH {
		t.Errorf("defaults: %+v", p)
	}
	if len(p.GatewayEndpoints) != 2 || len(p.InterfaceEndpoints) != 0 {
		t.Errorf("endpoints: gateway %v interface %v", p.GatewayEndpoints, p.InterfaceEndpoints)
	}
	if p.FunctionSubnetType() != awsec2.SubnetType_PRIVATE_WITH_EGRESS {
		t.Errorf("function subnets %s with a NAT gateway", p.FunctionSubnetType())
	}
}

func TestWithoutNATFunctionsGoToIsolatedSubnets(t *testing.T) {
	p, err := Resolve("", &Props{NatGateways: intp(0), InterfaceEndpoints: []Endpoint{SecretsManager}})
	if err != nil {
		t.Fatal(err)
	}
	if p.FunctionSubnetType() != awsec2.SubnetType_PRIVATE_ISOLATED {
		t.Errorf("function subnets %s without NAT", p.FunctionSubnetType())
	}
	e := p.Egress()
	if e.None() {
		t.Error("a VPC with endpoints has no egress")
	}
	if m := e.Missing(SecretsManager, CloudWatchLogs, S3); len(m) != 1 || m[0] != CloudWatchLogs {
		t.Errorf("Missing = %v, want [logs]", m)
	}
}

func TestEgress(t *testing.T) {
	var unknown *Egress
	if unknown.None() || unknown.Missing(SecretsManager) != nil {
		t.Error("an unknown egress is checked")
	}
	if !(&Egress{}).None() {
		t.Error("no NAT and no endpoint is not None")
	}
	if (&Egress{NatGateways: 1}).Missing(SecretsManager, KMS) != nil {
		t.Error("a NAT gateway reaches every service")
	}
}

func TestResolveRefusesBadProps(t *testing.T) {
	for name, tc := range map[string]struct {
		props Props
		want  []string
	}{
		"more NAT gateways than AZs":     {Props{NatGateways: intp(3)}, []string{`network "S/Net": NatGateways must be 0..2`, "got 3"}},
		"negative MaxAZs":                {Props{MaxAZs: -1}, []string{"MaxAZs must be 1 or more, got -1"}},
		"a CIDR that is not one":         {Props{CIDR: "10.0.0.0"}, []string{`CIDR "10.0.0.0" is not an IPv4 range`}},
		"a CIDR too small":               {Props{CIDR: "10.0.0.0/20"}, []string{`CIDR "10.0.0.0/20" must be /16 to /18`}},
		"a CIDR bigger than a VPC":       {Props{CIDR: "10.0.0.0/8"}, []string{`CIDR "10.0.0.0/8" must be /16`}},
		"an unknown endpoint":            {Props{InterfaceEndpoints: []Endpoint{"dynamo"}}, []string{"unknown services dynamo", "secretsmanager"}},
		"a gateway service as interface": {Props{InterfaceEndpoints: []Endpoint{S3}}, []string{`InterfaceEndpoints has "s3"`, "gateway endpoint"}},
		"a duplicate endpoint":           {Props{InterfaceEndpoints: []Endpoint{SSM, SSM}}, []string{"lists ssm more than once"}},
		"a bad flow log traffic type":    {Props{FlowLogTraffic: "SOME"}, []string{`FlowLogTraffic "SOME"`}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Resolve("S/Net", &tc.props)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestOneAZWarns(t *testing.T) {
	p, err := Resolve("", &Props{MaxAZs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].ID != WarnSingleAZ {
		t.Errorf("warnings %v", p.Warnings)
	}
}

func TestCheckSubnetsRefusesPublic(t *testing.T) {
	err := CheckSubnets(&awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC})
	if err == nil || !strings.Contains(err.Error(), "public") || !strings.Contains(err.Error(), "private subnets with a NAT gateway") {
		t.Errorf("CheckSubnets(public) = %v", err)
	}
	if CheckSubnets(&awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED}) != nil || CheckSubnets(nil) != nil {
		t.Error("private subnets refused")
	}
}
