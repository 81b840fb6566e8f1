// Package layercatalog is lambdaperf's one catalog of published Lambda
// extension layers: which architecture each layer name is built for, and,
// for the extensions lambdaperf adds itself (Lambda Insights, the AWS
// Parameters and Secrets Lambda Extension), the layer version ARN per
// region and architecture.
//
// It is plain Go on the ground floor (it imports only package lambda), so
// the construct that adds layers
// (package extensions), the optimized function that checks them, and the
// performance advisor that audits templates (package audit) all read the
// same facts.
//
// Extensions are native executables: an x86_64 build does not start on
// arm64 (fork/exec ... exec format error) and the other way round, so a
// layer must match the function's architecture.
package layercatalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// Arch is a Lambda instruction set architecture (package lambda's).
type Arch = lambda.Arch

// Architectures.
const (
	ARM64  Arch = "arm64"  // lambda.ARM64
	X86_64 Arch = "x86_64" // lambda.X86_64
)

// Product identifies an extension lambdaperf knows by name.
type Product string

// Products with a regional ARN table (Regions, ARN).
const (
	// LambdaInsights is the CloudWatch Lambda Insights extension.
	LambdaInsights Product = "lambda-insights"
	// ParametersAndSecrets is the AWS Parameters and Secrets Lambda
	// Extension, a local HTTP cache in front of Secrets Manager and SSM
	// Parameter Store.
	ParametersAndSecrets Product = "parameters-and-secrets"
)

// Products known by layer name only: the catalog tells their architecture
// (for checks and the advisor) but carries no ARNs.
const (
	AppConfig     Product = "appconfig"
	WebAdapter    Product = "web-adapter"
	Datadog       Product = "datadog"
	OpenTelemetry Product = "adot"
)

const (
	// partitionAWS is the partition of every region in the tables.
	partitionAWS    = "aws"
	arnLayerSegment = ":layer:"
)

// Layer is what the catalog knows about one layer name.
type Layer struct {
	// Product the layer belongs to.
	Product Product
	Name    string // the product's display name, e.g. "Lambda Insights"
	Arch    Arch   // the architecture this layer name is built for
	Other   string // the layer name of the build for the other architecture
	Doc     string // the page that lists the product's layers
}

// product is one extension with its layer names per architecture and, for
// the ones lambdaperf adds itself, the ARN table of the pinned release.
type product struct {
	name    string
	doc     string
	layers  map[Arch]string
	version string             // the release the regional table pins
	regions map[string]release // by region
}

// release is a product's published layer in one region: the publishing
// account and the layer version number of each architecture's build
// (0: not published for that architecture).
type release struct {
	account string
	x86_64  int
	arm64   int
}

func (r release) version(a Arch) int {
	if a == ARM64 {
		return r.arm64
	}
	return r.x86_64
}

var products = map[Product]product{
	// Lambda Insights 1.0.404.0, from the AWS version lists
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versionsx86-64.html
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versionsARM.html
	// as mirrored in aws-cdk-lib v2.276.0 region-info (fact-tables.ts).
	// Not 1.0.498.0: aws-cdk-lib's arm64 table for it is wrong (every region
	// at layer version 25, https://github.com/aws/aws-cdk/issues/36867), so
	// it cannot be cross-checked; 1.0.404.0's arm64 versions are exactly 4
	// below the 1.0.498.0 ones that issue quotes from the AWS page (us-east-1
	// 23/27, us-east-2 25/29, us-west-2 23/27, ap-south-1 25/29,
	// ap-northeast-1 34/38). Publisher: 580247275435 in these regions.
	LambdaInsights: {
		name:    "Lambda Insights",
		doc:     "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versions.html",
		layers:  map[Arch]string{X86_64: "LambdaInsightsExtension", ARM64: "LambdaInsightsExtension-Arm64"},
		version: "1.0.404.0",
		regions: map[string]release{
			"us-east-1":      {"580247275435", 56, 23},
			"us-east-2":      {"580247275435", 56, 25},
			"us-west-1":      {"580247275435", 56, 21},
			"us-west-2":      {"580247275435", 56, 23},
			"ca-central-1":   {"580247275435", 55, 21},
			"eu-central-1":   {"580247275435", 56, 23},
			"eu-west-1":      {"580247275435", 56, 23},
			"eu-west-2":      {"580247275435", 56, 23},
			"eu-west-3":      {"580247275435", 55, 21},
			"eu-north-1":     {"580247275435", 53, 21},
			"ap-northeast-1": {"580247275435", 83, 34},
			"ap-northeast-2": {"580247275435", 55, 22},
			"ap-southeast-1": {"580247275435", 56, 23},
			"ap-southeast-2": {"580247275435", 56, 23},
			"ap-south-1":     {"580247275435", 54, 25},
			"sa-east-1":      {"580247275435", 55, 21},
		},
	},
	// AWS Parameters and Secrets Lambda Extension 1.0.103, from
	// https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html#ps-integration-lambda-extensions-add
	// (publishing accounts differ per region; the same accounts appear in
	// the archived awsdocs/aws-systems-manager-user-guide tables), layer
	// versions as in aws-cdk-lib v2.276.0 region-info
	// (ParamsAndSecretsVersions.V1_0_103).
	ParametersAndSecrets: {
		name:    "AWS Parameters and Secrets Lambda Extension",
		doc:     "https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html",
		layers:  map[Arch]string{X86_64: "AWS-Parameters-and-Secrets-Lambda-Extension", ARM64: "AWS-Parameters-and-Secrets-Lambda-Extension-Arm64"},
		version: "1.0.103",
		regions: map[string]release{
			"us-east-1":      {"177933569100", 4, 4},
			"us-east-2":      {"590474943231", 4, 4},
			"us-west-1":      {"997803712105", 4, 1},
			"us-west-2":      {"345057560386", 4, 4},
			"ca-central-1":   {"200266452380", 4, 1},
			"eu-central-1":   {"187925254637", 4, 4},
			"eu-west-1":      {"015030872274", 4, 4},
			"eu-west-2":      {"133256977650", 4, 4},
			"eu-west-3":      {"780235371811", 4, 1},
			"eu-north-1":     {"427196147048", 4, 1},
			"ap-northeast-1": {"133490724326", 4, 4},
			"ap-northeast-2": {"738900069198", 4, 1},
			"ap-southeast-1": {"044395824272", 4, 4},
			"ap-southeast-2": {"665172237481", 4, 4},
			"ap-south-1":     {"176022468876", 4, 4},
			"sa-east-1":      {"933737806257", 4, 1},
		},
	},
	// https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-integration-lambda-extensions-versions.html
	AppConfig: {
		name:   "AWS AppConfig Lambda extension",
		doc:    "https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-integration-lambda-extensions-versions.html",
		layers: map[Arch]string{X86_64: "AWS-AppConfig-Extension", ARM64: "AWS-AppConfig-Extension-Arm64"},
	},
	// https://github.com/awslabs/aws-lambda-web-adapter
	WebAdapter: {
		name:   "Lambda Web Adapter",
		doc:    "https://github.com/awslabs/aws-lambda-web-adapter",
		layers: map[Arch]string{X86_64: "LambdaAdapterLayerX86", ARM64: "LambdaAdapterLayerArm64"},
	},
	// https://docs.datadoghq.com/serverless/libraries_integrations/extension/
	Datadog: {
		name:   "Datadog Lambda Extension",
		doc:    "https://docs.datadoghq.com/serverless/libraries_integrations/extension/",
		layers: map[Arch]string{X86_64: "Datadog-Extension", ARM64: "Datadog-Extension-ARM"},
	},
}

// byName indexes every known layer name.
var byName = func() map[string]Layer {
	m := map[string]Layer{}
	for id, p := range products {
		for a, n := range p.layers {
			m[n] = Layer{Product: id, Name: p.name, Arch: a, Other: p.layers[a.Other()], Doc: p.doc}
		}
	}
	return m
}()

// AWS Distro for OpenTelemetry layers are named
// aws-otel-<language>-<amd64|arm64>-ver-<version>
// (https://aws-otel.github.io/docs/getting-started/lambda).
var reADOT = regexp.MustCompile(`^aws-otel-[a-z]+-(amd64|arm64)-ver-`)

// Lookup returns what the catalog knows of a layer name (the part of a
// layer version ARN after ":layer:").
func Lookup(layerName string) (Layer, bool) {
	if l, ok := byName[layerName]; ok {
		return l, true
	}
	if m := reADOT.FindStringSubmatch(layerName); m != nil {
		l := Layer{Product: OpenTelemetry, Name: "AWS Distro for OpenTelemetry", Arch: X86_64,
			Other: strings.Replace(layerName, "-amd64-", "-arm64-", 1), Doc: "https://aws-otel.github.io/docs/getting-started/lambda"}
		if m[1] == "arm64" {
			l.Arch, l.Other = ARM64, strings.Replace(layerName, "-arm64-", "-amd64-", 1)
		}
		return l, true
	}
	return Layer{}, false
}

// LookupARN is Lookup for a layer version ARN.
func LookupARN(arn string) (Layer, bool) {
	name := LayerName(arn)
	if name == "" {
		return Layer{}, false
	}
	return Lookup(name)
}

// LayerName returns the layer name of a layer version ARN
// (arn:aws:lambda:region:account:layer:NAME:VERSION), or "".
func LayerName(arn string) string {
	_, rest, ok := strings.Cut(arn, arnLayerSegment)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ":")
	return name
}

// Name is a product's display name.
func Name(p Product) string { return products[p].name }

// Doc is the page that lists a product's layers.
func Doc(p Product) string { return products[p].doc }

// Version is the extension release whose ARNs the catalog pins.
func Version(p Product) string { return products[p].version }

// ARN returns the layer version ARN of a product's build for arch in
// region, or an error naming the regions the catalog knows.
func ARN(p Product, arch Arch, region string) (string, error) {
	prod, ok := products[p]
	if !ok || prod.regions == nil {
		return "", fmt.Errorf("layercatalog: %q has no regional ARNs", p)
	}
	if arch != ARM64 && arch != X86_64 {
		return "", fmt.Errorf("layercatalog: architecture %q is not arm64 or x86_64", arch)
	}
	r, ok := prod.regions[region]
	if !ok || r.version(arch) == 0 {
		return "", fmt.Errorf("%s %s has no %s layer in lambdaperf's catalog for region %q (known: %s); pass its ARN from %s with extensions.FromARN(arn, arch)",
			prod.name, prod.version, arch, region, strings.Join(Regions(p, arch), ", "), prod.doc)
	}
	return fmt.Sprintf("arn:%s:lambda:%s:%s:layer:%s:%d", partitionAWS, region, r.account, prod.layers[arch], r.version(arch)), nil
}

// Regions lists, sorted, the regions with an ARN for a product's build for
// arch.
func Regions(p Product, arch Arch) []string {
	var out []string
	for region, r := range products[p].regions {
		if r.version(arch) != 0 {
			out = append(out, region)
		}
	}
	sort.Strings(out)
	return out
}

// ARNs maps every region the catalog knows to the ARN of a product's build
// for arch: the content of a CloudFormation mapping for stacks whose region
// is known only at deployment.
func ARNs(p Product, arch Arch) map[string]string {
	out := map[string]string{}
	for _, region := range Regions(p, arch) {
		arn, _ := ARN(p, arch, region)
		out[region] = arn
	}
	return out
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, ARM64 == lambda.ARM64 && X86_64 == lambda.X86_64: {}}
