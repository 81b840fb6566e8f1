package optimizedfn

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"

	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// place translates the resolved network and layers into function options:
// the VPC, its function subnets and the function's own security group (no
// inbound rules, HTTPS egress), and each layer bound for the function's
// architecture and the stack's region. What only the tree can tell (public
// subnets behind a selection, a pinned region the catalog does not know)
// stops synthesis here, named like validation errors.
func (f *Function) place(opts *awslambda.FunctionOptions) {
	p := f.plan
	if p.network != nil {
		pl, err := network.Place(f, p.network, p.securityGroup, opts.Role)
		if err != nil {
			problems.Stop(fmt.Errorf("%s: Network: %v", problems.Prefix("optimizedfn", p.Path), err))
		}
		opts.Vpc, opts.VpcSubnets = pl.Vpc, pl.Subnets
		opts.SecurityGroups = &[]awsec2.ISecurityGroup{pl.SecurityGroup}
		f.group = pl.SecurityGroup
	}
	var layers []awslambda.ILayerVersion
	for i, l := range p.layerSources {
		lv, err := l.Bind(&extensions.Binding{Scope: f, Role: opts.Role, Architecture: layercatalog.Arch(p.Architecture), Index: i})
		if err != nil {
			problems.Stop(fmt.Errorf("%s: Layers[%d]: %v", problems.Prefix("optimizedfn", p.Path), i, err))
		}
		layers = append(layers, lv)
	}
	if len(layers) > 0 {
		opts.Layers = &layers
	}
}

// SecurityGroup is the function's security group in its VPC (its own,
// or Props.SecurityGroup); nil without Props.Network.
func (f *Function) SecurityGroup() awsec2.ISecurityGroup { return f.group }
