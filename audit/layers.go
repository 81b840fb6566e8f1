package audit

import (
	"regexp"
	"strings"
)

// knownLayer is a published layer whose name tells its architecture.
type knownLayer struct {
	product string
	arch    string
	other   string // the layer name for the other architecture
}

// knownLayers maps layer names (the part after ":layer:" in the ARN) to
// the architecture they are built for. Extensions are native executables:
// the x86_64 build does not start on arm64 and the other way round.
var knownLayers = map[string]knownLayer{
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versionsx86-64.html
	// and Lambda-Insights-extension-versionsARM.html
	"LambdaInsightsExtension":       {"Lambda Insights", ArchX86, "LambdaInsightsExtension-Arm64"},
	"LambdaInsightsExtension-Arm64": {"Lambda Insights", ArchARM64, "LambdaInsightsExtension"},
	// https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html
	"AWS-Parameters-and-Secrets-Lambda-Extension":       {"AWS Parameters and Secrets Lambda Extension", ArchX86, "AWS-Parameters-and-Secrets-Lambda-Extension-Arm64"},
	"AWS-Parameters-and-Secrets-Lambda-Extension-Arm64": {"AWS Parameters and Secrets Lambda Extension", ArchARM64, "AWS-Parameters-and-Secrets-Lambda-Extension"},
	// https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-integration-lambda-extensions-versions.html
	"AWS-AppConfig-Extension":       {"AWS AppConfig Lambda extension", ArchX86, "AWS-AppConfig-Extension-Arm64"},
	"AWS-AppConfig-Extension-Arm64": {"AWS AppConfig Lambda extension", ArchARM64, "AWS-AppConfig-Extension"},
	// https://github.com/awslabs/aws-lambda-web-adapter
	"LambdaAdapterLayerX86":   {"Lambda Web Adapter", ArchX86, "LambdaAdapterLayerArm64"},
	"LambdaAdapterLayerArm64": {"Lambda Web Adapter", ArchARM64, "LambdaAdapterLayerX86"},
	// https://docs.datadoghq.com/serverless/libraries_integrations/extension/
	"Datadog-Extension":     {"Datadog Lambda Extension", ArchX86, "Datadog-Extension-ARM"},
	"Datadog-Extension-ARM": {"Datadog Lambda Extension", ArchARM64, "Datadog-Extension"},
}

// AWS Distro for OpenTelemetry layers: aws-otel-<lang>-<amd64|arm64>-ver-...
// (https://aws-otel.github.io/docs/getting-started/lambda).
var reADOT = regexp.MustCompile(`^aws-otel-[a-z]+-(amd64|arm64)-ver-`)

// layerName returns the layer name of a layer version ARN
// (arn:aws:lambda:region:account:layer:NAME:VERSION).
func layerName(arn string) string {
	_, rest, ok := strings.Cut(arn, ":layer:")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ":")
	return name
}

// layerArch returns the architecture a known layer is built for.
func layerArch(name string) (knownLayer, bool) {
	if k, ok := knownLayers[name]; ok {
		return k, true
	}
	if m := reADOT.FindStringSubmatch(name); m != nil {
		arch, other := ArchX86, strings.Replace(name, "-amd64-", "-arm64-", 1)
		if m[1] == "arm64" {
			arch, other = ArchARM64, strings.Replace(name, "-arm64-", "-amd64-", 1)
		}
		return knownLayer{"AWS Distro for OpenTelemetry", arch, other}, true
	}
	return knownLayer{}, false
}

// names returns the layer names a Layers entry can be: one for a literal
// ARN, the common one for a region map whose entries all share a name.
func (l Layer) names() []string {
	if l.ARN.Known() {
		return []string{layerName(l.ARN.V)}
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range l.Candidates {
		n := layerName(c)
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
