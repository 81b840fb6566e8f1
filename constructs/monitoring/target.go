package monitoring

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// FromOptimized is the target of an optimized function: its alias, timeout,
// memory, architecture, provisioned concurrency, JSON log group and Lambda
// Insights (among its Layers) come from its plan. Stream and async sources
// are detected when the app synthesizes.
func FromOptimized(fn *optimizedfn.Function) Target {
	p := fn.Plan()
	pc := p.Concurrency != nil
	return Target{
		Function:               fn.Function(),
		Alias:                  fn.Alias(),
		Label:                  *fn.Node().Id(),
		Timeout:                p.Timeout,
		MemoryMiB:              p.MemoryMiB,
		Architecture:           costmodel.Arch(p.Architecture),
		LogGroup:               fn.LogGroup(),
		ProvisionedConcurrency: &pc,
		LambdaInsights:         slices.Contains(p.Extensions, layercatalog.LambdaInsights),
		CapacityProvider:       capacityProviderOf(fn),
	}
}

// capacityProviderOf is the aws-cdk-lib capacity provider an optimized
// function runs on, or nil.
func capacityProviderOf(fn *optimizedfn.Function) awslambda.ICapacityProvider {
	if cp := fn.CapacityProvider(); cp != nil {
		return cp.CapacityProvider()
	}
	return nil
}

// FromFunction is the target of a plain function, with the timeout it was
// configured with (CDK does not expose it). The architecture is read from
// the function; set Alias, MemoryMiB and LogGroup on the result to get the
// per-alias, memory, cost and cold-start widgets.
func FromFunction(fn awslambda.IFunction, timeout time.Duration) Target {
	t := Target{Function: fn, Label: *fn.Node().Id(), Timeout: timeout}
	if a := fn.Architecture(); a != nil && a.Name() != nil {
		t.Architecture = costmodel.Arch(*a.Name())
	}
	return t
}

// facts are what is read from the construct tree for one target (jsii
// calls), so that resolving the plan stays plain Go: identify reads who the
// function is when New runs, detect what is attached to it when the app
// synthesizes.
type facts struct {
	id           string // the function's construct ID, the default label
	functionName string // a token for functions in the app
	// capacityProviderName is the name of the capacity provider the
	// function runs on, a token; "" on demand.
	capacityProviderName string
	aliasName            string
	// attached says detect has run: pc, stream, async and sources are
	// known (false in New and Validate, where the rules that need them
	// wait).
	attached bool
	pc       bool
	stream   bool
	async    bool
	sources  []sources.Watch
}

// asyncPrincipals are the services that invoke Lambda asynchronously, from
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html (the
// services list links each one's invocation type).
var asyncPrincipals = []string{"s3.", "sns.", "events.", "logs.", "ses.", "iot.", "codecommit.", "config."}

// identify reads the function's construct ID and name, its alias's name
// and its capacity provider's name, which do not change once built.
func identify(t Target) facts {
	f := facts{id: *t.Function.Node().Id(), functionName: *t.Function.FunctionName()}
	if t.CapacityProvider != nil {
		f.capacityProviderName = *t.CapacityProvider.CapacityProviderName()
	}
	if t.Alias != nil {
		f.aliasName = *t.Alias.AliasName()
	}
	return f
}

// detect reads what is attached to a target now into f: whether
// provisioned concurrency, stream event sources and asynchronous invokers
// are attached to the function or its alias, and the sources of
// constructs/sources. It goes by CloudFormation resource type, never by Go
// type assertion alone: jsii proxies satisfy any interface with the
// methods they have, so an L2 interface matches unrelated constructs.
func detect(t Target, f *facts) {
	f.attached, f.pc, f.stream, f.async = true, false, false, false
	f.sources = sources.Watches(t.Function)
	scopes := []constructs.IConstruct{t.Function}
	if t.Alias != nil {
		scopes = append(scopes, t.Alias)
		// Provisioned concurrency of the alias the graphs follow; that of
		// other aliases shows in none of its metrics.
		if _, r := cfnResource(t.Alias); r != nil {
			if a, ok := r.(awslambda.CfnAlias); ok {
				f.pc = a.ProvisionedConcurrencyConfig() != nil
			}
		}
	}
	for _, scope := range scopes {
		for _, c := range *scope.Node().Children() {
			switch typ, r := cfnResource(c); typ {
			case "AWS::Lambda::EventSourceMapping":
				if m, ok := r.(awslambda.CfnEventSourceMapping); ok && isStream(m) {
					f.stream = true
				}
			case "AWS::Lambda::Permission":
				if p, ok := r.(awslambda.CfnPermission); ok && p.Principal() != nil {
					for _, svc := range asyncPrincipals {
						f.async = f.async || strings.HasPrefix(*p.Principal(), svc)
					}
				}
			case "AWS::Lambda::EventInvokeConfig":
				f.async = true
			}
		}
	}
}

// attachedSince says what now has that before lacked: a source, provisioned
// concurrency, a stream or asynchronous invocations; "" when nothing.
func attachedSince(before, now facts) string {
	var added []string
	for _, w := range now.sources[min(len(before.sources), len(now.sources)):] {
		added = append(added, fmt.Sprintf("source %q (%s)", w.Label, w.Kind))
	}
	if now.pc && !before.pc {
		added = append(added, "provisioned concurrency")
	}
	if now.stream && !before.stream {
		added = append(added, "a stream event source")
	}
	if now.async && !before.async {
		added = append(added, "an asynchronous invoker")
	}
	return strings.Join(added, ", ")
}

// cfnResource is c, or the L1 resource that c (an L2) wraps, with its
// CloudFormation type; "" and nil when there is none.
func cfnResource(c constructs.IConstruct) (string, constructs.IConstruct) {
	if !*awscdk.CfnResource_IsCfnResource(c) {
		c = c.Node().DefaultChild()
		if c == nil || !*awscdk.CfnResource_IsCfnResource(c) {
			return "", nil
		}
	}
	r, ok := c.(awscdk.CfnResource)
	if !ok {
		return "", nil
	}
	return *r.CfnResourceType(), c
}

// isStream: stream sources (Kinesis, DynamoDB Streams, DocumentDB) have a
// starting position; Kafka has one too, but reports OffsetLag instead of
// IteratorAge, and is told apart by its topics.
func isStream(m awslambda.CfnEventSourceMapping) bool {
	return m.StartingPosition() != nil && m.Topics() == nil
}
