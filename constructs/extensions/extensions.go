// Package extensions adds Lambda extension layers to optimized functions
// without guessing ARNs: a typed catalog that follows the function's
// architecture and the stack's region.
//
//   - ParametersAndSecrets: the AWS Parameters and Secrets Lambda Extension,
//     a cache on localhost:2773 in front of Secrets Manager and SSM
//     Parameter Store, with its cache settings in the environment. UseSecret
//     grants a function read access to one secret and passes its name.
//   - LambdaInsights: CloudWatch Lambda Insights, with the execution-role
//     permissions it needs to write its performance logs.
//   - FromARN: any other layer by ARN, with the architectures it is built
//     for.
//
// Pass them in optimizedfn.Props.Layers. For a stack pinned to a region the
// layer ARN is a literal; for an environment-agnostic stack it is an
// Fn::FindInMap over a CloudFormation mapping keyed by AWS::Region, holding
// every region of the catalog (package layercatalog). A pinned region the
// catalog does not know stops synthesis with the regions it knows.
//
// Lambda loads at most 5 layers per function; the optimized function counts
// every layer it adds and refuses more, and refuses a known layer built for
// the other architecture (an extension of the wrong architecture does not
// start). A layer the catalog does not know gets warning
// WarnUnknownArchitecture, since its architecture cannot be checked.
package extensions

import (
	"fmt"
	"github.com/lambdaperf/lambdaperf/lambda"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// Arch is a Lambda architecture, as the catalog spells it.
type Arch = layercatalog.Arch

// Architectures.
const (
	ARM64  Arch = "arm64"  // layercatalog.ARM64
	X86_64 Arch = "x86_64" // layercatalog.X86_64
)

// MaxLayers is how many layers Lambda loads for one function (package
// lambda's).
const MaxLayers = 5

// WarnUnknownArchitecture is the ID of the warning on a layer the catalog
// does not know: its architecture cannot be checked. Acknowledge it with
// awscdk.Annotations_Of(fn).AcknowledgeWarning(id, reason) once you have
// checked the layer yourself.
const WarnUnknownArchitecture = "lambdaperf:extensions:unknown-layer-architecture"

// Layer is a layer an optimized function loads. Spec describes it in plain
// Go for validation; Bind builds it into the function. The constructors of
// this package are the implementations.
type Layer interface {
	// Spec describes the layer without jsii.
	Spec() Spec
	// Bind builds the layer for one function, under b.Scope, and grants
	// b.Role what the extension needs.
	Bind(b *Binding) (awslambda.ILayerVersion, error)
}

// Spec is what validation knows of a layer.
type Spec struct {
	// Name names the layer in messages: the product ("Lambda Insights"),
	// or the ARN of a layer given by ARN.
	Name string
	// Product is the catalog product of an extension that follows the
	// function's architecture; "" for a layer given by ARN.
	Product layercatalog.Product
	// ARN of a layer given by ARN (may be an unresolved token).
	ARN string
	// Catalog is what the catalog knows of a layer given by ARN.
	Catalog *layercatalog.Layer
	// Declared are the architectures a layer given by ARN was declared
	// for; nil when none were.
	Declared []Arch
	// Environment are variables the extension reads, defaults that the
	// function's own Environment overrides.
	Environment map[string]string
	// Needs are the AWS services (VPC endpoint names: "secretsmanager",
	// "logs", ...) the extension calls from the function's network.
	Needs []string
	// Problems are invalid settings of the layer's props.
	Problems []string
}

// Check returns what is wrong with running the layer on arch: problems stop
// synthesis, a warning (ID WarnUnknownArchitecture) does not.
func (s Spec) Check(arch Arch) (problems []string, warning string) {
	problems = append(problems, s.Problems...)
	if s.Product != "" {
		return problems, "" // the catalog picks the build for arch
	}
	if s.Catalog != nil {
		k := s.Catalog
		if len(s.Declared) > 0 && !contains(s.Declared, k.Arch) {
			problems = append(problems, fmt.Sprintf("layer %s is declared for %s, but it is the %s build of %s: declare %s",
				s.Name, joinArch(s.Declared), k.Arch, k.Name, k.Arch))
		}
		if k.Arch != arch {
			fix := fmt.Sprintf("use layer %s (the %s build, same account and version list: %s)", k.Other, arch, k.Doc)
			switch k.Product {
			case layercatalog.LambdaInsights:
				fix = "use extensions.LambdaInsights(), which follows the function's architecture and region"
			case layercatalog.ParametersAndSecrets:
				fix = "use extensions.ParametersAndSecrets(nil), which follows the function's architecture and region"
			}
			problems = append(problems, fmt.Sprintf("layer %s is the %s build of %s, but the function runs on %s, so the extension cannot start: %s",
				s.Name, k.Arch, k.Name, arch, fix))
		}
		return problems, ""
	}
	if len(s.Declared) > 0 && !contains(s.Declared, arch) {
		problems = append(problems, fmt.Sprintf("layer %s is declared for %s, but the function runs on %s: use the layer's %s build, or change the function's Architecture",
			s.Name, joinArch(s.Declared), arch, arch))
		return problems, ""
	}
	declared := "no architecture was declared"
	if len(s.Declared) > 0 {
		declared = "it was declared for " + joinArch(s.Declared) + ", which lambdaperf takes on trust"
	}
	return problems, fmt.Sprintf("the architecture of layer %s cannot be checked: lambdaperf's layer catalog does not know it, and %s. A layer with native code built for the other architecture fails at run time (exec format error). Acknowledge this warning once you have checked the layer's build.",
		s.Name, declared)
}

// Binding is the function a layer is built into.
type Binding struct {
	// Scope is the function's construct; layer constructs go under it.
	Scope constructs.Construct
	// Role is the function's execution role.
	Role awsiam.IRole
	// Architecture the function runs on.
	Architecture Arch
	// Index of the layer in the function's layers, for construct IDs.
	Index int
}

// Names lists the layers' names, for messages.
func Names(layers []Layer) []string {
	out := make([]string, len(layers))
	for i, l := range layers {
		out[i] = l.Spec().Name
	}
	return out
}

// catalogARN returns the ARN of a catalog product's build for arch in the
// region of b.Scope's stack: a literal for a pinned region (an error when
// the catalog does not know it), else an Fn::FindInMap over a mapping of
// every region the catalog knows, shared by the stack's functions.
func catalogARN(b *Binding, p layercatalog.Product) (*string, error) {
	stack := awscdk.Stack_Of(b.Scope)
	region := stack.Region()
	if !problems.IsToken(*region) {
		arn, err := layercatalog.ARN(p, b.Architecture, *region)
		if err != nil {
			return nil, err
		}
		return jsii.String(arn), nil
	}
	id := mappingID(p, b.Architecture)
	mapping, _ := stack.Node().TryFindChild(jsii.String(id)).(awscdk.CfnMapping)
	if mapping == nil {
		rows := map[string]*map[string]interface{}{}
		for region, arn := range layercatalog.ARNs(p, b.Architecture) {
			rows[region] = &map[string]interface{}{"arn": arn}
		}
		mapping = awscdk.NewCfnMapping(stack, jsii.String(id), &awscdk.CfnMappingProps{Mapping: &rows})
	}
	return mapping.FindInMap(awscdk.Aws_REGION(), jsii.String("arn"), nil), nil
}

// mappingID is the logical ID of a product's region mapping:
// "LambdaInsightsArm64Layers".
func mappingID(p layercatalog.Product, a Arch) string {
	words := strings.FieldsFunc(string(p)+"-"+string(a), func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, "") + "Layers"
}

func contains(archs []Arch, a Arch) bool {
	for _, x := range archs {
		if x == a {
			return true
		}
	}
	return false
}

func joinArch(archs []Arch) string {
	s := make([]string, len(archs))
	for i, a := range archs {
		s[i] = string(a)
	}
	sort.Strings(s)
	return strings.Join(s, " and ")
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (an invalid array
// index) when one does not, as stringer checks enum values.
func _() {
	var x [1]struct{}
	_ = x[MaxLayers-lambda.MaxLayers]
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, ARM64 == layercatalog.ARM64 && X86_64 == layercatalog.X86_64: {}}
