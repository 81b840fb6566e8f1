// Command direct synthesizes the resources of the reference API stack
// written directly with aws-cdk-go's L2 constructs, without lambdaperf: the
// baseline of the synth-time benchmark in test/bench. It builds the same
// construct tree as stacks.NewAPIStack (same ids, so the same logical IDs
// and, asset hashes aside, the same template: the benchmark fails
// otherwise), bundles the same way (esbuild and `go build` run locally
// through ILocalBundling, as a user writes it by hand), and writes the same
// metadata (duration estimate, cdk-nag suppressions) with plain
// AddMetadata calls. Its one argument is
// the repository root; CDK_OUTDIR and CDK_CONTEXT_JSON set the output
// folder and context, as the CDK CLI does. It prints one "phase <name> <unix ns>" line per phase.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// goFlags are optimizedfn.GoBuildFlags, written out: the benchmark checks
// that both builds produce the same asset.
var goFlags = []string{"-trimpath", "-buildvcs=false", "-tags", "lambda.norpc", "-ldflags", "-s -w"}

const (
	xrayReason = "xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so active tracing needs Resource *"
	dlqReason  = "Invoked synchronously through its Function URL: errors return to the caller, and a DLQ only ever receives asynchronous events"
)

func main() {
	phase("main")
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: direct <repository root>")
		os.Exit(2)
	}
	repo := os.Args[1]
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	phase("app")
	stack := awscdk.NewStack(app, jsii.String("LambdaPerfApi"), nil)

	table := awsdynamodb.NewTable(stack, jsii.String("Items"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		BillingMode:  awsdynamodb.BillingMode_PAY_PER_REQUEST,
		Encryption:   awsdynamodb.TableEncryption_AWS_MANAGED,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
	})
	env := &map[string]*string{"TABLE_NAME": table.TableName()}
	phase("table")

	// Node.js: ESM split at import(), minified, with the AWS SDK bundled,
	// built by esbuild on this machine; provisioned concurrency auto-scaled
	// from 1 to 10 with two schedules, provisioned by the scalable target
	// alone (no static value on the alias).
	nodeScope := constructs.NewConstruct(stack, jsii.String("NodeApi"))
	nodeLogs, nodeRole := logsAndRole(nodeScope, "LambdaPerfApi/NodeApi")
	nodeFn := awslambda.NewFunction(nodeScope, jsii.String("Function"), functionProps(nodeLogs, nodeRole, env, &awslambda.FunctionProps{
		MemorySize:  jsii.Number(512),
		Description: jsii.String("Reference Node.js API: esbuild-minified ESM, SDK bundled, split at import()"),
		Runtime:     awslambda.Runtime_NODEJS_24_X(),
		Handler:     jsii.String("index.handler"),
		Code: awslambda.Code_FromAsset(jsii.String(repo), &awss3assets.AssetOptions{
			AssetHashType: awscdk.AssetHashType_OUTPUT,
			Bundling: &awscdk.BundlingOptions{
				Image: awscdk.DockerImage_FromRegistry(jsii.String("local-bundling-only")),
				Local: &esbuildBundler{root: repo, entry: filepath.Join(repo, "functions", "node", "api", "index.ts")},
			},
		}),
	}))
	phase("nodejs") // the Node.js function, bundled with esbuild
	nodeAlias := nodeFn.AddAlias(jsii.String("live"), nil)
	scaling := nodeAlias.AddAutoScaling(&awslambda.AutoScalingOptions{MinCapacity: jsii.Number(1), MaxCapacity: jsii.Number(10)})
	scaling.ScaleOnUtilization(&awslambda.UtilizationScalingOptions{UtilizationTarget: jsii.Number(0.7)})
	scaling.ScaleOnSchedule(jsii.String("BusinessHoursStart"), &awsapplicationautoscaling.ScalingSchedule{
		Schedule:    awsapplicationautoscaling.Schedule_Expression(jsii.String("cron(0 8 ? * MON-FRI *)")),
		MinCapacity: jsii.Number(5),
	})
	scaling.ScaleOnSchedule(jsii.String("BusinessHoursEnd"), &awsapplicationautoscaling.ScalingSchedule{
		Schedule:    awsapplicationautoscaling.Schedule_Expression(jsii.String("cron(0 18 ? * MON-FRI *)")),
		MinCapacity: jsii.Number(1),
	})
	annotate(nodeFn, 25)
	table.GrantReadWriteData(nodeFn)

	// Go: `bootstrap` on provided.al2023, built locally for arm64.
	goScope := constructs.NewConstruct(stack, jsii.String("GoApi"))
	goLogs, goRole := logsAndRole(goScope, "LambdaPerfApi/GoApi")
	bundler := &goBundler{moduleRoot: filepath.Join(repo, "functions", "go"), pkg: "./cmd/api", goarch: "arm64"}
	goFn := awslambda.NewFunction(goScope, jsii.String("Function"), functionProps(goLogs, goRole, env, &awslambda.FunctionProps{
		MemorySize:  jsii.Number(256),
		Description: jsii.String("Reference Go API: lean bootstrap on provided.al2023"),
		Runtime:     awslambda.Runtime_PROVIDED_AL2023(),
		Handler:     jsii.String("bootstrap"),
		Code: awslambda.Code_FromAsset(jsii.String(filepath.Join(repo, "functions", "go", "cmd", "api")), &awss3assets.AssetOptions{
			AssetHashType: awscdk.AssetHashType_OUTPUT,
			Bundling: &awscdk.BundlingOptions{
				Image: awscdk.DockerImage_FromRegistry(jsii.String("local-bundling-only")),
				Local: bundler,
				Environment: &map[string]*string{
					"GOOS": jsii.String("linux"), "GOARCH": jsii.String("arm64"), "CGO_ENABLED": jsii.String("0"),
				},
			},
		}),
	}))
	goAlias := goFn.AddAlias(jsii.String("live"), nil)
	annotate(goFn, 15)
	table.GrantReadData(goFn)

	for _, f := range []struct {
		scope constructs.Construct
		fn    awslambda.Function
		alias awslambda.Alias
	}{{nodeScope, nodeFn, nodeAlias}, {goScope, goFn, goAlias}} {
		suppress(f.fn, map[string]any{"reason": dlqReason, "id": "Serverless-LambdaDLQ"})
		url := f.alias.AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})
		awscdk.NewCfnOutput(f.scope, jsii.String("Url"), &awscdk.CfnOutputProps{
			Value:       url.Url(),
			Description: jsii.String("Function URL (IAM auth) on the live alias"),
		})
	}
	phase("stack")
	app.Synth(nil)
	phase("synth")
}

// functionProps completes p with what both functions share: the role and
// log group, 10 s, arm64, the table's name, active tracing, JSON logs at
// INFO.
func functionProps(logs awslogs.LogGroup, role awsiam.Role, env *map[string]*string, p *awslambda.FunctionProps) *awslambda.FunctionProps {
	p.Role, p.LogGroup, p.Environment = role, logs, env
	p.Timeout = awscdk.Duration_Seconds(jsii.Number(10))
	p.Architecture = awslambda.Architecture_ARM_64()
	p.Tracing = awslambda.Tracing_ACTIVE
	p.LoggingFormat = awslambda.LoggingFormat_JSON
	p.ApplicationLogLevelV2 = awslambda.ApplicationLogLevel_INFO
	p.SystemLogLevelV2 = awslambda.SystemLogLevel_INFO
	return p
}

// logsAndRole makes a function's log group (one month) and execution role,
// allowed to write to that log group only.
func logsAndRole(scope constructs.Construct, path string) (awslogs.LogGroup, awsiam.Role) {
	logs := awslogs.NewLogGroup(scope, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention: awslogs.RetentionDays_ONE_MONTH,
	})
	role := awsiam.NewRole(scope, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Execution role of " + path),
	})
	logs.GrantWrite(role)
	return logs, role
}

// annotate writes the metadata lambdaperf writes: the expected duration on
// the function, and the cdk-nag suppression of X-Ray's Resource * on its
// role's policy.
func annotate(fn awslambda.Function, expectedMs int) {
	fn.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String("lambdaperf"),
		map[string]any{"expectedDurationMs": expectedMs})
	policy := fn.Role().Node().FindChild(jsii.String("DefaultPolicy")).Node().DefaultChild()
	suppress(policy, map[string]any{"reason": xrayReason, "id": "AwsSolutions-IAM5", "applies_to": []string{"Resource::*"}})
}

// suppress writes a cdk-nag suppression as cdk-nag does, without loading it.
func suppress(c constructs.IConstruct, rule map[string]any) {
	if r, ok := c.(awslambda.Function); ok {
		c = r.Node().DefaultChild()
	}
	c.(awscdk.CfnResource).AddMetadata(jsii.String("cdk_nag"), map[string]any{"rules_to_suppress": []any{rule}})
}

// esbuildArgs bundle a Node.js handler as one would by hand for the
// playbook: ESM for Node.js 24, minified and tree-shaken, split into chunks
// at each import(), the AWS SDK bundled (no --external), a `require` for
// the CommonJS dependencies esbuild cannot convert.
var esbuildArgs = []string{
	"--bundle", "--platform=node", "--target=node24", "--minify", "--main-fields=module,main", "--log-level=warning",
	"--format=esm", "--splitting", "--entry-names=index", "--chunk-names=[name]-[hash]", "--out-extension:.js=.mjs",
	"--banner:js=import{createRequire}from'module';const require=createRequire(import.meta.url);",
}

// esbuildBundler runs esbuild on this machine (from PATH) into the asset's
// output folder.
type esbuildBundler struct{ root, entry string }

func (b *esbuildBundler) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	cmd := exec.Command("esbuild", append([]string{b.entry, "--outdir=" + *outputDir}, esbuildArgs...)...)
	cmd.Dir = b.root
	if out, err := cmd.CombinedOutput(); err != nil {
		panic(fmt.Errorf("esbuild %s: %v\n%s", b.entry, err, out))
	}
	return jsii.Bool(true)
}

// goBundler builds the handler into `bootstrap` on this machine, as
// optimizedfn's does.
type goBundler struct{ moduleRoot, pkg, goarch string }

func (b *goBundler) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	args := append(append([]string{"build"}, goFlags...), "-o", filepath.Join(*outputDir, "bootstrap"), b.pkg)
	cmd := exec.Command("go", args...)
	cmd.Dir = b.moduleRoot
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+b.goarch, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		panic(fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out))
	}
	return jsii.Bool(true)
}

func phase(name string) { fmt.Printf("phase %s %d\n", name, time.Now().UnixNano()) }
