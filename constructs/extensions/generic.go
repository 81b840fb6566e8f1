package extensions

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

type generic struct {
	arn      string
	declared []Arch
}

// FromARN is any layer by its layer version ARN, declared for the
// architectures it is built for (a pure-JavaScript or Python library layer
// runs on both; an extension or native library on one). A layer the catalog
// knows is checked against the function's architecture; for any other the
// declaration is taken on trust and the function gets warning
// WarnUnknownArchitecture. The ARN may be a token, such as
// LayerVersionArn() of a layer built in the same app.
func FromARN(arn string, architectures ...Arch) Layer {
	return generic{arn: arn, declared: append([]Arch(nil), architectures...)}
}

func (g generic) Spec() Spec {
	s := Spec{Name: g.arn, ARN: g.arn, Declared: g.declared}
	if problems.IsToken(g.arn) {
		s.Name = "(ARN known at deployment)"
	} else if k, ok := layercatalog.LookupARN(g.arn); ok {
		s.Catalog = &k
	}
	switch {
	case g.arn == "":
		s.Problems = append(s.Problems, "a layer given by ARN has an empty ARN: pass its layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)")
	case !problems.IsToken(g.arn) && (!strings.HasPrefix(g.arn, "arn:") || layercatalog.LayerName(g.arn) == "" || strings.Count(g.arn, ":") != 7):
		s.Problems = append(s.Problems, fmt.Sprintf("layer %q is not a layer version ARN: use arn:aws:lambda:<region>:<account>:layer:<name>:<version>", g.arn))
	}
	for _, a := range g.declared {
		if a != ARM64 && a != X86_64 {
			s.Problems = append(s.Problems, fmt.Sprintf("layer %s is declared for architecture %q: use extensions.ARM64 or extensions.X86_64", s.Name, a))
		}
	}
	return s
}

func (g generic) Bind(b *Binding) (awslambda.ILayerVersion, error) {
	if region := *awscdk.Stack_Of(b.Scope).Region(); !problems.IsToken(region) && !problems.IsToken(g.arn) {
		if parts := strings.Split(g.arn, ":"); len(parts) > 3 && parts[3] != region {
			return nil, fmt.Errorf("layer %s is in region %s, but the stack deploys to %s: Lambda loads layers only from the function's own region; use the layer's %s ARN",
				g.arn, parts[3], region, region)
		}
	}
	return awslambda.LayerVersion_FromLayerVersionArn(b.Scope, jsii.String(fmt.Sprintf("Layer%d", b.Index)), jsii.String(g.arn)), nil
}
