// Package optimizedfn builds Lambda functions that follow the serverless
// performance playbook by default: Graviton, memory sized for the workload,
// lean locally-built bundles, JSON logs with retention, tracing, and a
// published version behind an alias.
package optimizedfn

import (
	"reflect"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdanodejs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// Function is an optimized Lambda function with its log group, published
// version and alias. Target Alias() from callers and event sources.
type Function struct {
	constructs.Construct
	plan     *Plan
	fn       awslambda.Function
	version  awslambda.Version
	alias    awslambda.Alias
	logGroup awslogs.LogGroup
}

// New builds an optimized function. Invalid props stop synthesis with every
// problem listed, each naming the construct path, field, value and fix.
func New(scope constructs.Construct, id *string, props *Props) *Function {
	path := *id
	if parent := *scope.Node().Path(); parent != "" {
		path = parent + "/" + path
	}
	plan, err := Resolve(path, props)
	if err != nil {
		panic(err)
	}
	f := &Function{plan: plan}
	constructs.NewConstruct_Override(f, scope, id)
	f.build(props)
	return f
}

func (f *Function) build(props *Props) {
	p := f.plan
	f.logGroup = awslogs.NewLogGroup(f, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention: p.LogRetention,
	})

	opts := &awslambda.FunctionOptions{}
	if props.Extra != nil {
		*opts = *props.Extra // shallow copy: the caller's props stay untouched
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

	switch p.Kind {
	case KindNode:
		np := &awslambdanodejs.NodejsFunctionProps{}
		copyOptions(np, opts)
		np.Entry = jsii.String(p.Entry)
		np.Handler = jsii.String(p.Handler)
		np.Runtime = lambdaRuntime(p.Runtime)
		np.DepsLockFilePath = jsii.String(p.LockFile)
		np.ProjectRoot = jsii.String(nodeProjectRoot(p))
		np.Bundling = nodeBundling(p)
		// Node.js 18+ runtimes ship SDK v3, which reuses connections by
		// default; the variable only matters to SDK v2.
		np.AwsSdkConnectionReuse = jsii.Bool(false)
		f.fn = awslambdanodejs.NewNodejsFunction(f, jsii.String("Function"), np)
	case KindGo:
		fp := &awslambda.FunctionProps{}
		copyOptions(fp, opts)
		fp.Runtime = lambdaRuntime(p.Runtime)
		fp.Handler = jsii.String(p.Handler)
		fp.Code = goCode(p)
		f.fn = awslambda.NewFunction(f, jsii.String("Function"), fp)
	}

	f.version = f.fn.CurrentVersion()
	// Function.AddAlias, not Version.AddAlias: the alias keeps its logical
	// ID across deployments instead of being replaced with every version.
	f.alias = f.fn.AddAlias(jsii.String(p.AliasName), nil)

	if p.Tracing == awslambda.Tracing_ACTIVE {
		suppressXRayWildcard(f.fn)
	}
	for _, w := range p.Warnings {
		awscdk.Annotations_Of(f).AddWarningV2(jsii.String(w.ID), jsii.String(w.Message), nil)
	}
}

// suppressXRayWildcard explains the one wildcard the construct adds: X-Ray
// trace uploads support no resource-level permissions
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).
func suppressXRayWildcard(fn awslambda.Function) {
	policy := fn.Role().Node().TryFindChild(jsii.String("DefaultPolicy"))
	if policy == nil {
		return
	}
	cdknag.NagSuppressions_AddResourceSuppressions(policy, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM5"),
		Reason:    jsii.String("xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so active tracing needs Resource *"),
		AppliesTo: &[]interface{}{"Resource::*"},
	}}, jsii.Bool(true))
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
	default:
		return awslambda.Runtime_NODEJS_24_X()
	}
}

// Function is the underlying Lambda function: the escape hatch.
func (f *Function) Function() awslambda.Function { return f.fn }

// Version is the version published from the current configuration and code.
func (f *Function) Version() awslambda.Version { return f.version }

// Alias is the alias (default "live") on the published version; point
// callers, URLs and event sources here, never at $LATEST.
func (f *Function) Alias() awslambda.Alias { return f.alias }

// LogGroup is the function's log group, with retention.
func (f *Function) LogGroup() awslogs.LogGroup { return f.logGroup }

// Plan is the resolved configuration (defaults applied), for reports.
func (f *Function) Plan() Plan { return *f.plan }
