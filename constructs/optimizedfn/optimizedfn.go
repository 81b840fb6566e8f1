// Package optimizedfn builds Lambda functions that follow the serverless
// performance playbook by default: Graviton, memory sized for the workload,
// lean locally-built bundles, JSON logs with retention, tracing, and a
// published version behind an alias; SnapStart for Java, and provisioned
// concurrency (static, auto-scaled, scheduled) where the props ask for it.
// Props.ManagedInstances runs the published versions on a capacity
// provider (Lambda Managed Instances, constructs/capacity) instead of on
// demand.
package optimizedfn

import (
	"reflect"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/internal/nag"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// Function is an optimized Lambda function with its log group, published
// version and alias. Target Alias() from callers and event sources.
type Function struct {
	constructs.Construct
	plan     *Plan
	fn       awslambda.Function
	cfn      awscdk.CfnResource // fn's AWS::Lambda::Function, once read (resource)
	version  awslambda.Version  // nil until Version() reads it
	alias    awslambda.Alias
	logGroup awslogs.LogGroup
	scaling  awslambda.IScalableFunctionAttribute
	group    awsec2.ISecurityGroup // nil outside a VPC
}

// New builds an optimized function. Invalid props stop synthesis with every
// problem listed, each naming the construct path, field, value and fix; a
// toolchain that is missing or fails to build the handler stops it with
// the toolchain's own message (file:line included). In an app, that
// message is printed alone and the process exits with status 1; under
// `go test`, New panics with it (problems.Stop).
func New(scope constructs.Construct, id *string, props *Props) *Function {
	plan, err := Resolve(problems.Path(scope, id), props)
	if err != nil {
		problems.Stop(err)
	}
	f := &Function{plan: plan}
	constructs.NewConstruct_Override(f, scope, id)
	f.build()
	f.refuseAtSynth()
	return f
}

// build translates the plan into the CDK tree; it reads nothing but the
// plan.
func (f *Function) build() {
	p := f.plan
	f.logGroup = awslogs.NewLogGroup(f, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention: p.LogRetention,
	})

	opts := &awslambda.FunctionOptions{}
	if p.extra != nil {
		*opts = *p.extra // shallow copy: the caller's props stay untouched
	}
	if opts.Role == nil {
		// Least privilege: the managed AWSLambdaBasicExecutionRole may write
		// to every log group in the account; this role writes to its own.
		opts.Role = awsiam.NewRole(f, jsii.String("Role"), &awsiam.RoleProps{
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			Description: jsii.String("Execution role of " + p.Path),
		})
	}
	f.logGroup.GrantWrite(opts.Role)
	opts.MemorySize = jsii.Number(p.MemoryMiB)
	opts.Timeout = awscdk.Duration_Seconds(jsii.Number(p.Timeout.Seconds()))
	opts.Architecture = architecture(p.Architecture)
	opts.Environment = envMap(p.Environment)
	opts.Tracing = p.Tracing
	opts.LogGroup = f.logGroup
	opts.LoggingFormat = awslambda.LoggingFormat_JSON
	opts.ApplicationLogLevelV2 = p.AppLogLevel
	opts.SystemLogLevelV2 = p.SysLogLevel
	if p.Reserved != nil {
		opts.ReservedConcurrentExecutions = jsii.Number(*p.Reserved)
	}
	if p.Description != "" {
		opts.Description = jsii.String(p.Description)
	}
	if p.SnapStart {
		opts.SnapStart = awslambda.SnapStartConf_ON_PUBLISHED_VERSIONS()
	}
	f.place(opts)

	failure := &bundleFailure{}
	switch p.Kind {
	case KindNode, KindGo:
		// Node.js: no AWS_NODEJS_CONNECTION_REUSE_ENABLED either; Node.js
		// 18+ runtimes ship SDK v3, which reuses connections by default.
		fp := &awslambda.FunctionProps{}
		copyOptions(fp, opts)
		fp.Runtime = lambdaRuntime(p.Runtime)
		if p.Kind == KindNode {
			fp.Handler = jsii.String(nodeHandler(p))
			fp.Code = nodeCode(p, failure)
		} else {
			fp.Handler = jsii.String(p.Handler)
			fp.Code = goCode(p, failure)
		}
		f.fn = newFunction(f, fp, failure)
		if p.Kind == KindGo {
			recordGoSource(f.resource(), p)
		}
	case KindJava, KindPython, KindDotnet:
		fp := &awslambda.FunctionProps{}
		copyOptions(fp, opts)
		fp.Runtime = lambdaRuntime(p.Runtime)
		fp.Handler = jsii.String(p.Handler)
		switch p.Kind {
		case KindJava:
			fp.Code = javaCode(p, failure)
		case KindPython:
			fp.Code = folderCode(p.Entry, PythonExcludes)
		default:
			fp.Code = folderCode(p.Entry, DotnetExcludes)
		}
		f.fn = newFunction(f, fp, failure)
	}
	if p.SnapStart {
		// CDK warns that SnapStart needs a published version; the alias
		// below always points at one.
		awscdk.Annotations_Of(f.fn).AcknowledgeWarning(jsii.String(SnapStartRequirePublish),
			jsii.String("lambdaperf publishes a version of every function and points its alias at it"))
	}

	if mi := p.ManagedInstances; mi != nil {
		// Before AddAlias creates the current version: the version's hash
		// covers the capacity-provider settings, and each published
		// version starts its execution environments on the provider.
		opts := &awslambda.CapacityProviderFunctionOptions{ExecutionEnvironmentMemoryGiBPerVCpu: jsii.Number(mi.MemoryGiBPerVCPU)}
		if mi.PerEnvironmentMaxConcurrency > 0 {
			opts.PerExecutionEnvironmentMaxConcurrency = jsii.Number(mi.PerEnvironmentMaxConcurrency)
		}
		p.provider.CapacityProvider().AddFunction(f.fn, opts)
	}
	// Function.AddAlias, not Version.AddAlias: the alias keeps its logical
	// ID across deployments instead of being replaced with every version.
	// Provisioned concurrency starts at Min on this alias of the published
	// version (never $LATEST, never weighted); autoscaling starts there too.
	f.alias = f.fn.AddAlias(jsii.String(p.AliasName), concurrency.AliasOptions(p.Concurrency))
	f.scaling = concurrency.AutoScale(f.alias, p.Concurrency)

	if p.Tracing == awslambda.Tracing_ACTIVE {
		suppressXRayWildcard(opts.Role)
	}
	if md := p.declaredLoad(); len(md) > 0 {
		// Read by `lambdaperf report` and the advisor's cost estimates
		// (audit.Function.ExpectedDurationMs, ExpectedRequestsPerSecond,
		// ExpectedCPUShare).
		f.resource().AddMetadata(jsii.String("lambdaperf"), md)
	}
	problems.Warn(f, p.Warnings)
}

// suppressXRayWildcard explains the one wildcard the construct adds: X-Ray
// trace uploads support no resource-level permissions
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).
// role is the function's execution role, as build passed it.
func suppressXRayWildcard(role awsiam.IRole) {
	policy := role.Node().TryFindChild(jsii.String("DefaultPolicy"))
	if policy == nil {
		return
	}
	nag.Suppress(policy, nag.Rule{
		ID:        "AwsSolutions-IAM5",
		Reason:    "xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so active tracing needs Resource *",
		AppliesTo: []string{"Resource::*"},
	})
}

// copyOptions copies every set field of opts into the same-named field of
// dst (*awslambda.FunctionProps or *awslambdanodejs.NodejsFunctionProps,
// which jsii flattens from FunctionOptions), so pass-through needs no list
// of fields to keep in sync with CDK.
func copyOptions(dst any, opts *awslambda.FunctionOptions) {
	src := reflect.ValueOf(opts).Elem()
	d := reflect.ValueOf(dst).Elem()
	for i := 0; i < src.NumField(); i++ {
		v := src.Field(i)
		if v.IsZero() {
			continue
		}
		if field := d.FieldByName(src.Type().Field(i).Name); field.IsValid() && field.Type() == v.Type() {
			field.Set(v)
		}
	}
}

func envMap(env map[string]string) *map[string]*string {
	m := make(map[string]*string, len(env))
	for k, v := range env {
		m[k] = jsii.String(v)
	}
	return &m
}

func architecture(a Architecture) awslambda.Architecture {
	if a == X86_64 {
		return awslambda.Architecture_X86_64()
	}
	return awslambda.Architecture_ARM_64()
}

func lambdaRuntime(r Runtime) awslambda.Runtime {
	switch r {
	case NodeJS22:
		return awslambda.Runtime_NODEJS_22_X()
	case ProvidedAL2023:
		return awslambda.Runtime_PROVIDED_AL2023()
	case Java21:
		return awslambda.Runtime_JAVA_21()
	case Java25:
		return awslambda.Runtime_JAVA_25()
	case Python312:
		return awslambda.Runtime_PYTHON_3_12()
	case Python313:
		return awslambda.Runtime_PYTHON_3_13()
	case Python314:
		return awslambda.Runtime_PYTHON_3_14()
	case Dotnet10:
		return awslambda.Runtime_DOTNET_10()
	default:
		return awslambda.Runtime_NODEJS_24_X()
	}
}

// Function is the underlying Lambda function: the escape hatch.
func (f *Function) Function() awslambda.Function { return f.fn }

// Version is the version published from the current configuration and code.
func (f *Function) Version() awslambda.Version {
	if f.version == nil {
		// Read on first use (a jsii round trip): the alias created it.
		f.version = f.fn.CurrentVersion()
	}
	return f.version
}

// resource is the function's AWS::Lambda::Function, read from the tree
// once (a jsii round trip) for the metadata build writes.
func (f *Function) resource() awscdk.CfnResource {
	if f.cfn == nil {
		f.cfn = f.fn.Node().DefaultChild().(awscdk.CfnResource)
	}
	return f.cfn
}

// Alias is the alias (default "live") on the published version; point
// callers, URLs and event sources here, never at $LATEST.
func (f *Function) Alias() awslambda.Alias { return f.alias }

// CapacityProvider is the capacity provider the function runs on (Props.ManagedInstances), or nil
// for an on-demand function.
func (f *Function) CapacityProvider() capacity.IProvider { return f.plan.provider }

// LogGroup is the function's log group, with retention.
func (f *Function) LogGroup() awslogs.LogGroup { return f.logGroup }

// Plan is the resolved configuration (defaults applied), for reports,
// dashboards and alarms. Plan().Concurrency says whether, and how, the
// alias has provisioned concurrency. The copy is the caller's to change.
func (f *Function) Plan() Plan {
	p := *f.plan
	p.Concurrency = f.plan.Concurrency.Clone()
	if mi := f.plan.ManagedInstances; mi != nil {
		c := *mi
		p.ManagedInstances = &c
	}
	p.Environment = make(map[string]string, len(f.plan.Environment))
	for k, v := range f.plan.Environment {
		p.Environment[k] = v
	}
	p.Warnings = append([]Warning(nil), f.plan.Warnings...)
	p.Layers = append([]string(nil), f.plan.Layers...)
	p.Extensions = append([]layercatalog.Product(nil), f.plan.Extensions...)
	return p
}

// AddEnvironment sets one more environment variable on the function after
// New, with the checks Props.Environment gets (see Plan.WithEnvironment):
// a reserved, invalid or already-set name, a literal secret or a total over
// 4 KB stops synthesis instead of failing the deploy or silently replacing
// a value. cache.Connect and extensions.UseSecret set their variables
// through it. value may be a token, e.g. a resource attribute.
func (f *Function) AddEnvironment(name, value string) {
	plan, err := f.plan.WithEnvironment(name, value)
	if err == nil {
		err = f.refuseSecretToken(name, value)
	}
	if err != nil {
		panic(err)
	}
	f.plan = plan
	f.fn.AddEnvironment(jsii.String(name), jsii.String(value), nil)
}

// AutoScaling is the alias's provisioned-concurrency scalable target, to
// add scaling policies of your own; nil unless autoscaling is enabled.
func (f *Function) AutoScaling() awslambda.IScalableFunctionAttribute { return f.scaling }

// EnableAutoScaling adds autoscaling to a function whose props set a static
// ProvisionedConcurrency: target tracking between its Min and a.Max, and
// a's schedules. It is one-shot: a second call, or a call on a function
// whose props already enable autoscaling, stops synthesis, as does any
// invalid setting (each named with its fix). Call it before anything reads
// Plan() to build dashboards or alarms.
func (f *Function) EnableAutoScaling(a *concurrency.AutoScaling) awslambda.IScalableFunctionAttribute {
	plan, err := f.plan.WithAutoScaling(a)
	if err != nil {
		panic(err)
	}
	problems.Warn(f, plan.Warnings[len(f.plan.Warnings):])
	f.plan = plan
	f.scaling = concurrency.AutoScale(f.alias, plan.Concurrency)
	return f.scaling
}
