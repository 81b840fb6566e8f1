package optimizedfn

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/lambda"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// Warning IDs of networks and layers, stable so users can acknowledge them.
const (
	// WarnNoEgress: the function's VPC has no NAT gateway and no endpoint.
	WarnNoEgress = "lambdaperf:optimizedfn:vpc-no-egress"
	// WarnEndpointMissing: a layer calls a service the VPC cannot reach.
	WarnEndpointMissing = "lambdaperf:optimizedfn:vpc-endpoint-missing"
	// WarnLayerArchitecture: a layer the catalog does not know, whose
	// architecture cannot be checked.
	// (extensions.WarnUnknownArchitecture).
	WarnLayerArchitecture = "lambdaperf:extensions:unknown-layer-architecture"
)

// resolvePlacement checks what the function runs next to: environment
// values that look like secrets, its layers (count, architecture, the
// variables they read) and its network. Plain Go: layer specs and network
// egress are data, no jsii.
func resolvePlacement(p *Plan, props *Props, fail func(string, ...any)) {
	if names := extensions.LooksLikeSecrets(props.Environment); len(names) > 0 {
		verb := "holds a literal value that looks"
		if len(names) > 1 {
			verb = "hold literal values that look"
		}
		fail("Environment %s %s like a secret: anyone allowed lambda:GetFunctionConfiguration reads it, and it stays in the template and the deployment history. Store it in Secrets Manager and read it through the AWS Parameters and Secrets Lambda Extension: add extensions.ParametersAndSecrets(nil) to Layers and call extensions.UseSecret(fn, secret, \"<NAME>_SECRET_NAME\"), which passes the secret's name, never its value",
			strings.Join(names, ", "), verb)
	}
	specs := resolveLayers(p, props, fail)
	resolveNetwork(p, props, specs, fail)
}

func resolveLayers(p *Plan, props *Props, fail func(string, ...any)) []extensions.Spec {
	if len(props.Layers) == 0 {
		return nil
	}
	arch := layercatalog.Arch(p.Architecture)
	checkArch := arch == layercatalog.ARM64 || arch == layercatalog.X86_64
	specs := make([]extensions.Spec, 0, len(props.Layers))
	seen := map[string]int{}
	sizeBefore := EnvironmentSize(p.Environment)
	for i, l := range props.Layers {
		if l == nil {
			fail("Layers[%d] is nil: remove it", i)
			continue
		}
		s := l.Spec()
		specs = append(specs, s)
		p.Layers = append(p.Layers, s.Name)
		if product := s.Product; product != "" {
			p.Extensions = append(p.Extensions, product)
		} else if s.Catalog != nil {
			p.Extensions = append(p.Extensions, s.Catalog.Product)
		}
		key := string(s.Product) + s.ARN
		if j, dup := seen[key]; dup {
			fail("Layers[%d] and Layers[%d] are both %s: list each layer once", j, i, s.Name)
		}
		seen[key] = i
		if checkArch {
			problems, warning := s.Check(arch)
			for _, problem := range problems {
				fail("Layers[%d]: %s", i, problem)
			}
			if warning != "" {
				p.Warnings = append(p.Warnings, Warning{ID: WarnLayerArchitecture, Message: fmt.Sprintf("Layers[%d]: %s", i, warning)})
			}
		}
		// The extension's settings are defaults: the function's own
		// Environment wins.
		for k, v := range s.Environment {
			if _, set := props.Environment[k]; !set {
				p.Environment[k] = v
			}
		}
	}
	if n := len(p.Layers); !lambda.LayersFit(n) {
		fail("Layers has %d layers, Lambda loads at most %d per function: %s. Drop some, or bundle libraries into the function's package (the bundler keeps only what the handler uses; a layer is loaded whole)",
			n, lambda.MaxLayers, strings.Join(p.Layers, ", "))
	}
	if lambda.EnvironmentFits(sizeBefore) {
		if n := EnvironmentSize(p.Environment); !lambda.EnvironmentFits(n) {
			fail("Environment is %d bytes with the layers' settings, Lambda allows %d: shorten the function's own variables", n, MaxEnvironmentBytes)
		}
	}
	return specs
}

func resolveNetwork(p *Plan, props *Props, specs []extensions.Spec, fail func(string, ...any)) {
	if props.Network == nil {
		if props.SecurityGroup != nil {
			fail("SecurityGroup is set without Network: set Network to place the function in a VPC, or remove SecurityGroup")
		}
		return
	}
	p.VPC = true
	if err := network.CheckSubnets(props.Network.FunctionSubnets()); err != nil {
		fail("Network: %v", err)
	}
	egress := props.Network.Egress()
	if egress.None() {
		p.Warnings = append(p.Warnings, Warning{ID: WarnNoEgress, Message: "Network has no NAT gateway and no VPC endpoint: the function cannot reach any AWS API (DynamoDB, S3, Secrets Manager, ...) nor the internet, only resources inside the VPC. Add gateway or interface endpoints (network.Props) or a NAT gateway, or acknowledge this warning if the function talks to nothing else."})
		return
	}
	missing := map[network.Endpoint][]string{}
	for _, s := range specs {
		for _, need := range s.Needs {
			for _, m := range egress.Missing(network.Endpoint(need)) {
				missing[m] = append(missing[m], s.Name)
			}
		}
	}
	var services []string
	for m := range missing {
		services = append(services, string(m))
	}
	sort.Strings(services)
	for _, svc := range services {
		p.Warnings = append(p.Warnings, Warning{ID: WarnEndpointMissing, Message: fmt.Sprintf(
			"Network has no NAT gateway and no %q endpoint, which %s calls: the extension cannot reach the service and every call times out. Add network.Endpoint(%q) to the VPC's InterfaceEndpoints, or a NAT gateway.",
			svc, strings.Join(missing[network.Endpoint(svc)], " and "), svc)})
	}
}
