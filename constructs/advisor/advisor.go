// Package advisor runs the lambdaperf performance rules (package audit) over
// a CDK app at synth time, as an aspect, the way cdk-nag runs its security
// rules: each finding becomes an annotation on the offending L1 resource,
// with the rule id. Errors fail `cdk synth`; warnings and infos can be
// acknowledged with a reason through Suppress.
//
// It works for lambdaperf constructs and for plain aws-cdk-lib stacks: it
// reads the L1 resources of every stack that the cloud-assembly reader
// reads (assembly.ResourceTypes: functions, versions, aliases, scaling,
// log groups, event sources, queues and streams, REST API methods and
// authorizers, dashboards), so it sees what CloudFormation will get.
//
// Code-asset rules (native binaries, Go bootstrap flags, Node.js bundles,
// package size) need the staged asset folder and its aws:asset:path
// metadata, which the CDK CLI enables; without them (unit-test Apps by
// default) those rules have nothing to read, and `lambdaperf audit cdk.out`
// runs them after synth. The aspect audits one stack at a time, so
// reserved-starves-pool adds up reservations per stack; the CLI adds them
// up across the whole assembly.
package advisor

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
)

// AnnotationPrefix starts every annotation id: "lambdaperf:<rule>".
const AnnotationPrefix = "lambdaperf:"

// Props configure the advisor. The zero value is ready to use.
type Props struct {
	// BudgetKB is the largest zipped code package, in KiB, before a
	// bundle-over-budget warning. Default: 5120.
	BudgetKB int
	// AccountConcurrency is the account's concurrency quota per region.
	// Default: 1000.
	AccountConcurrency int
	// DurationMs is the average invocation duration, in milliseconds,
	// assumed by the cost estimates. Default: 100.
	DurationMs int
	// Now dates runtime deprecations. Default: the time of synth.
	Now time.Time
	// NoInfo drops info findings (cost estimates). Default: false, infos
	// are added.
	NoInfo bool
}

// Advisor is the aspect. Create it with New.
type Advisor struct {
	opts   audit.Options
	noInfo bool
	seen   map[string]bool
}

// New returns the advisor aspect; add it with
// awscdk.Aspects_Of(scope).Add(advisor.New(nil), nil) or use Apply.
func New(props *Props) *Advisor {
	p := Props{}
	if props != nil {
		p = *props
	}
	return &Advisor{
		opts:   audit.Options{BudgetKB: p.BudgetKB, AccountConcurrency: p.AccountConcurrency, DurationMs: p.DurationMs, Now: p.Now, Where: audit.InSynth},
		noInfo: p.NoInfo,
		seen:   map[string]bool{},
	}
}

// Apply adds the advisor to every stack under scope, after the aspects
// that change the tree (read-only priority).
func Apply(scope constructs.IConstruct, props *Props) {
	awscdk.Aspects_Of(scope).Add(New(props), &awscdk.AspectOptions{Priority: awscdk.AspectPriority_READONLY()})
}

// Visit audits a stack when the aspect reaches it; other constructs are
// passed over.
func (a *Advisor) Visit(node constructs.IConstruct) {
	stack, ok := node.(awscdk.Stack)
	if !ok {
		return
	}
	path := *stack.Node().Path()
	if a.seen[path] {
		return
	}
	a.seen[path] = true
	defer func() {
		// A jsii failure must not take synth down with it: say so instead.
		if r := recover(); r != nil {
			awscdk.Annotations_Of(stack).AddWarningV2(jsii.String(AnnotationPrefix+"advisor-failed"),
				jsii.String(fmt.Sprintf("lambdaperf advisor could not audit this stack: %v", r)), nil)
		}
	}()
	a.audit(stack, path)
}

// audited is one L1 resource the advisor read.
type audited struct {
	node constructs.IConstruct
	typ  string
}

func (a *Advisor) audit(stack awscdk.Stack, stackPath string) {
	resources := map[string]any{}
	nodes := map[string]constructs.IConstruct{}
	var nested []string
	for _, c := range *stack.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		if ns, ok := c.(awscdk.NestedStack); ok {
			if p := *ns.Node().Path(); p != stackPath {
				nested = append(nested, p+"/")
			}
			continue
		}
		r, ok := auditedResource(c)
		if !ok {
			continue
		}
		cr := r.node.(awscdk.CfnResource)
		path := *cr.Node().Path()
		if underAny(path, nested) {
			continue // audited with its own (nested) stack
		}
		id, _ := stack.Resolve(cr.LogicalId()).(string)
		if id == "" {
			continue
		}
		props := map[string]any{}
		if m, ok := stack.Resolve(cr.CfnProperties()).(map[string]any); ok {
			if rendered := cr.RenderProperties(&m); rendered != nil {
				props, _ = unwrap(*rendered).(map[string]any)
			}
		}
		meta := map[string]any{"aws:cdk:path": path}
		if s := cr.GetMetadata(jsii.String(audit.MetadataKey)); s != nil {
			meta[audit.MetadataKey] = unwrap(s)
		}
		if r.typ == "AWS::Lambda::Function" {
			if p, ok := cr.GetMetadata(jsii.String("aws:asset:path")).(string); ok {
				meta["aws:asset:path"] = p
			}
		}
		resources[id] = map[string]any{"Type": r.typ, "Properties": props, "Metadata": meta}
		nodes[id] = cr
	}
	if len(resources) == 0 {
		return
	}
	opts := assembly.TemplateOptions{Environment: *stack.Environment()}
	if stage := awscdk.Stage_Of(stack); stage != nil && stage.Outdir() != nil {
		opts.AssetDir = *stage.Outdir()
	}
	st, err := assembly.StackFromTemplate(stackPath, map[string]any{"Resources": resources}, opts)
	if err != nil {
		panic(err)
	}
	model := &audit.Model{Stacks: []*audit.Stack{st}}
	model.InspectAssets() // an unreadable asset is a finding on its function
	rep := audit.Run(model, a.opts)
	for _, f := range rep.Findings {
		node := nodes[f.Resource]
		if node == nil {
			node = stack
		}
		id := AnnotationPrefix + f.Rule
		msg := fmt.Sprintf("[%s] %s Fix: %s", id, f.Message, f.Fix)
		ann := awscdk.Annotations_Of(node)
		switch f.Severity {
		case audit.Error:
			ann.AddError(jsii.String(msg))
		case audit.Warning:
			ann.AddWarningV2(jsii.String(id), jsii.String(msg), nil)
		default:
			if !a.noInfo {
				ann.AddInfoV2(jsii.String(id), jsii.String(msg))
			}
		}
	}
}

// auditedResource says whether c is an L1 the rules read, and its type.
// Go type switches cost no jsii call; CDK's log-retention custom resource
// is a plain CfnResource and needs one.
func auditedResource(c constructs.IConstruct) (audited, bool) {
	switch r := c.(type) {
	case awslambda.CfnFunction:
		return audited{c, "AWS::Lambda::Function"}, true
	case awslambda.CfnVersion:
		return audited{c, "AWS::Lambda::Version"}, true
	case awslambda.CfnAlias:
		return audited{c, "AWS::Lambda::Alias"}, true
	case awslambda.CfnCapacityProvider:
		return audited{c, "AWS::Lambda::CapacityProvider"}, true
	case awsapplicationautoscaling.CfnScalableTarget:
		return audited{c, "AWS::ApplicationAutoScaling::ScalableTarget"}, true
	case awsapplicationautoscaling.CfnScalingPolicy:
		return audited{c, "AWS::ApplicationAutoScaling::ScalingPolicy"}, true
	// REST API integrations and authorizers (their timeouts) and dashboards
	// (what they graph).
	case awsapigateway.CfnMethod:
		return audited{c, "AWS::ApiGateway::Method"}, true
	case awsapigateway.CfnAuthorizer:
		return audited{c, "AWS::ApiGateway::Authorizer"}, true
	case awscloudwatch.CfnDashboard:
		return audited{c, "AWS::CloudWatch::Dashboard"}, true
	case awslogs.CfnLogGroup:
		return audited{c, "AWS::Logs::LogGroup"}, true
	// Event sources and async invocation, for the batch and async rules.
	case awslambda.CfnEventSourceMapping:
		return audited{c, "AWS::Lambda::EventSourceMapping"}, true
	case awslambda.CfnEventInvokeConfig:
		return audited{c, "AWS::Lambda::EventInvokeConfig"}, true
	case awslambda.CfnPermission:
		return audited{c, "AWS::Lambda::Permission"}, true
	case awssqs.CfnQueue:
		return audited{c, "AWS::SQS::Queue"}, true
	// Stream sources: a mapping's kind is the type of the resource it reads.
	case awskinesis.CfnStream:
		return audited{c, "AWS::Kinesis::Stream"}, true
	case awskinesis.CfnStreamConsumer:
		return audited{c, "AWS::Kinesis::StreamConsumer"}, true
	case awsdynamodb.CfnTable:
		return audited{c, "AWS::DynamoDB::Table"}, true
	case awsdynamodb.CfnGlobalTable:
		return audited{c, "AWS::DynamoDB::GlobalTable"}, true
	case awscdk.CfnResource:
		if t := r.CfnResourceType(); t != nil && *t == "Custom::LogRetention" {
			return audited{c, "Custom::LogRetention"}, true
		}
	}
	return audited{}, false
}

func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// unwrap removes the {"$jsii.map": {...}} envelopes jsii leaves on maps
// nested in values returned to Go.
func unwrap(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if inner, ok := t["$jsii.map"]; ok && len(t) == 1 {
			return unwrap(inner)
		}
		out := make(map[string]any, len(t))
		for k, val := range t {
			out[k] = unwrap(val)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = unwrap(val)
		}
		return out
	case *string:
		if t != nil {
			return *t
		}
		return nil
	case *float64:
		if t != nil {
			return *t
		}
		return nil
	}
	return v
}

// Suppress acknowledges a rule on a construct with a reason of at least 10
// characters, as cdk-nag does: on the construct itself when it is an L1
// resource, else on every audited L1 resource beneath it (a Function's
// CfnFunction, its version and alias). A shorter reason, or an unknown
// rule, is reported as a suppression-invalid error at synth.
func Suppress(c constructs.IConstruct, ruleID, reason string) {
	targets := []awscdk.CfnResource{}
	if cr, ok := c.(awscdk.CfnResource); ok {
		targets = append(targets, cr)
	} else {
		for _, child := range *c.Node().FindAll(constructs.ConstructOrder_PREORDER) {
			if r, ok := auditedResource(child); ok {
				targets = append(targets, r.node.(awscdk.CfnResource))
			}
		}
	}
	if len(targets) == 0 {
		awscdk.Annotations_Of(c).AddWarningV2(jsii.String(AnnotationPrefix+"suppression-unused"),
			jsii.String(fmt.Sprintf("Suppress(%q) found no Lambda, alias, version, scaling or log-group resource here to apply to.", ruleID)), nil)
		return
	}
	for _, cr := range targets {
		var list []any
		if existing, ok := unwrap(cr.GetMetadata(jsii.String(audit.MetadataKey))).(map[string]any); ok {
			list, _ = existing["suppress"].([]any)
		}
		list = append(list, map[string]any{"id": ruleID, "reason": reason})
		cr.AddMetadata(jsii.String(audit.MetadataKey), map[string]any{"suppress": list})
	}
}
