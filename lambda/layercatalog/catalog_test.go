package layercatalog

import (
	"strings"
	"testing"
)

// The regions lambdaperf promises, with ARNs checked against the AWS pages
// cited in catalog.go.
func TestARNsOfThePromisedRegions(t *testing.T) {
	want := map[Product]map[string][2]string{ // region -> {x86_64, arm64}
		LambdaInsights: {
			"us-east-1":      {"arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:56", "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
			"us-east-2":      {"arn:aws:lambda:us-east-2:580247275435:layer:LambdaInsightsExtension:56", "arn:aws:lambda:us-east-2:580247275435:layer:LambdaInsightsExtension-Arm64:25"},
			"us-west-2":      {"arn:aws:lambda:us-west-2:580247275435:layer:LambdaInsightsExtension:56", "arn:aws:lambda:us-west-2:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
			"eu-west-1":      {"arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:56", "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
			"eu-central-1":   {"arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension:56", "arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
			"ap-northeast-1": {"arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension:83", "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension-Arm64:34"},
			"ap-southeast-2": {"arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension:56", "arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension-Arm64:23"},
		},
		ParametersAndSecrets: {
			"us-east-1":      {"arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
			"us-east-2":      {"arn:aws:lambda:us-east-2:590474943231:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:us-east-2:590474943231:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
			"us-west-2":      {"arn:aws:lambda:us-west-2:345057560386:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:us-west-2:345057560386:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
			"eu-west-1":      {"arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
			"eu-central-1":   {"arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
			"ap-northeast-1": {"arn:aws:lambda:ap-northeast-1:133490724326:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:ap-northeast-1:133490724326:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
			"ap-southeast-2": {"arn:aws:lambda:ap-southeast-2:665172237481:layer:AWS-Parameters-and-Secrets-Lambda-Extension:4", "arn:aws:lambda:ap-southeast-2:665172237481:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"},
		},
	}
	for p, regions := range want {
		for region, arns := range regions {
			for i, arch := range []Arch{X86_64, ARM64} {
				got, err := ARN(p, arch, region)
				if err != nil || got != arns[i] {
					t.Errorf("ARN(%s, %s, %s) = %q, %v; want %q", p, arch, region, got, err, arns[i])
				}
				if l, ok := LookupARN(got); !ok || l.Arch != arch || l.Product != p {
					t.Errorf("LookupARN(%s) = %+v, %v: the catalog does not recognize its own ARN", got, l, ok)
				}
			}
		}
	}
}

func TestAnUnknownRegionNamesTheKnownOnesAndTheFix(t *testing.T) {
	_, err := ARN(LambdaInsights, ARM64, "mars-north-1")
	if err == nil {
		t.Fatal("no error for an unknown region")
	}
	for _, want := range []string{`"mars-north-1"`, "us-east-1", "eu-west-1", "extensions.FromARN(arn, arch)", "Lambda-Insights-extension-versions.html"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestLookupTellsArchitectureAndTheOtherBuild(t *testing.T) {
	for name, want := range map[string]Layer{
		"LambdaInsightsExtension":                           {Product: LambdaInsights, Arch: X86_64, Other: "LambdaInsightsExtension-Arm64"},
		"AWS-Parameters-and-Secrets-Lambda-Extension-Arm64": {Product: ParametersAndSecrets, Arch: ARM64, Other: "AWS-Parameters-and-Secrets-Lambda-Extension"},
		"Datadog-Extension-ARM":                             {Product: Datadog, Arch: ARM64, Other: "Datadog-Extension"},
		"aws-otel-nodejs-amd64-ver-1-30-1":                  {Product: OpenTelemetry, Arch: X86_64, Other: "aws-otel-nodejs-arm64-ver-1-30-1"},
	} {
		got, ok := Lookup(name)
		if !ok || got.Product != want.Product || got.Arch != want.Arch || got.Other != want.Other {
			t.Errorf("Lookup(%s) = %+v, %v; want %+v", name, got, ok, want)
		}
	}
	if _, ok := Lookup("my-company-layer"); ok {
		t.Error("an unknown layer name was found")
	}
	if LayerName("arn:aws:lambda:us-east-1:123456789012:layer:mine:3") != "mine" || LayerName("not-an-arn") != "" {
		t.Error("LayerName")
	}
}

func TestEveryRegionalTableIsComplete(t *testing.T) {
	for _, p := range []Product{LambdaInsights, ParametersAndSecrets} {
		for _, arch := range []Arch{X86_64, ARM64} {
			arns := ARNs(p, arch)
			if len(arns) < 7 {
				t.Errorf("%s %s: %d regions", p, arch, len(arns))
			}
			for region, arn := range arns {
				if !strings.HasPrefix(arn, "arn:aws:lambda:"+region+":") {
					t.Errorf("%s: ARN %s is not in its region", region, arn)
				}
			}
		}
	}
}
