package cdkfixtures_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdanodejs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/advisor"
	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/nodebin"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// TestMain stops the jsii child process once every test has run. CDK's
// own NodejsFunction, which the fixtures use, looks for esbuild from the
// jsii kernel's copy of aws-cdk-lib (a temporary folder) and then on PATH,
// never in this repository's node_modules, and falls back to Docker: the
// repository's node_modules/.bin goes on PATH first, and the kernel, which
// took its environment when the aws-cdk-go packages loaded and has not
// started yet, is restarted to see it.
func TestMain(m *testing.M) {
	if bin, err := nodebin.Find("esbuild", "."); err == nil {
		os.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		jsii.Close()
	}
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// auditDate pins runtime deprecations, as audit's own fixtures do.
var auditDate = time.Date(2026, time.November, 26, 0, 0, 0, 0, time.UTC)

// Case prefixes: the rule must report at least one finding under every
// top-level construct whose id starts with firesPrefix, and none under any
// whose id starts with passesPrefix.
const (
	firesPrefix  = "Fires"
	passesPrefix = "Passes"
)

// fixture is one rule's stack.
type fixture struct {
	// env pins the stack's account and region. Default: nil, an
	// environment-agnostic stack.
	env *awscdk.Environment
	// build adds the Fires and Passes constructs to the stack.
	build func(k *kit, s awscdk.Stack)
}

// usEast1 pins a stack's region, so extension layers get literal ARNs.
var usEast1 = &awscdk.Environment{Region: jsii.String("us-east-1")}

// fixtures has one entry per rule id of audit.Rules(). Passing cases use
// lambdaperf's constructs wherever they can express the case; firing cases
// use plain L2 constructs, or L1 (CfnFunction, property overrides) where
// the L2 refuses the configuration.
var fixtures = map[string]fixture{
	"pc-on-latest": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresAliasOnLatest", nil)
		awslambda.NewCfnAlias(fn, jsii.String("Live"), &awslambda.CfnAliasProps{
			FunctionName:    fn.FunctionName(),
			FunctionVersion: jsii.String(audit.LatestVersion),
			Name:            jsii.String("live"),
			ProvisionedConcurrencyConfig: &awslambda.CfnAlias_ProvisionedConcurrencyConfigurationProperty{
				ProvisionedConcurrentExecutions: jsii.Number(2),
			},
		})
		unqualified := plainFn(s, "FiresScalableTargetWithoutQualifier", nil)
		awsapplicationautoscaling.NewScalableTarget(unqualified, jsii.String("Scaling"), &awsapplicationautoscaling.ScalableTargetProps{
			ServiceNamespace:  awsapplicationautoscaling.ServiceNamespace_LAMBDA,
			ResourceId:        jsii.String("function:" + *unqualified.FunctionName()),
			ScalableDimension: jsii.String("lambda:function:ProvisionedConcurrency"),
			MinCapacity:       jsii.Number(1),
			MaxCapacity:       jsii.Number(4),
		})
		k.optimized(s, "PassesAutoScaledAlias", optimizedfn.Props{
			ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 4}},
		})
	}},
	"snapstart-with-pc": {build: func(k *kit, s awscdk.Stack) {
		fn := k.plainJava(s, "FiresSnapStartAliasWithProvisioned", &awslambda.FunctionProps{SnapStart: awslambda.SnapStartConf_ON_PUBLISHED_VERSIONS()})
		fn.AddAlias(jsii.String("live"), &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(1)})
		k.optimized(s, "PassesSnapStartAlone", optimizedfn.Props{Entry: k.path("python"), Runtime: optimizedfn.Python312, SnapStart: optimizedfn.SnapStartOn})
		k.optimized(s, "PassesProvisionedAlone", optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 1}})
	}},
	"managed-instances-invalid": {build: func(k *kit, s awscdk.Stack) {
		cp := capacity.New(s, jsii.String("Capacity"), &capacity.Props{Network: network.New(s, jsii.String("Net"), nil)})
		fn := plainFn(s, "FiresPython312OnManagedInstances", &awslambda.FunctionProps{Runtime: awslambda.Runtime_PYTHON_3_12(), Handler: jsii.String("index.handler"), MemorySize: jsii.Number(2048)})
		cp.CapacityProvider().AddFunction(fn, nil)
		k.optimized(s, "PassesOptimizedOnManagedInstances", optimizedfn.Props{ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp}})
	}},
	"env-too-large": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresWithA5KBValue", &awslambda.FunctionProps{
			Environment: &map[string]*string{"CA_BUNDLE": jsii.String(strings.Repeat("x", 5000))},
		})
		k.optimized(s, "PassesWithA3KBValue", optimizedfn.Props{Environment: map[string]string{"ALLOWED_ORIGINS": strings.Repeat("x", 3000)}})
	}},
	"too-many-layers": {env: usEast1, build: func(k *kit, s awscdk.Stack) {
		// The L2 refuses a sixth layer: list them in the CloudFormation
		// property.
		var arns []string
		for i := 1; i <= 6; i++ {
			arns = append(arns, fmt.Sprintf("arn:aws:lambda:us-east-1:123456789012:layer:lib%d:1", i))
		}
		override(plainFn(s, "FiresWithSixLayers", nil), "Layers", arns)
		k.optimized(s, "PassesWithFiveLayers", optimizedfn.Props{Layers: []extensions.Layer{
			extensions.LambdaInsights(),
			extensions.ParametersAndSecrets(nil),
			extensions.FromARN("arn:aws:lambda:us-east-1:123456789012:layer:lib1:1", extensions.ARM64, extensions.X86_64),
			extensions.FromARN("arn:aws:lambda:us-east-1:123456789012:layer:lib2:1", extensions.ARM64, extensions.X86_64),
			extensions.FromARN("arn:aws:lambda:us-east-1:123456789012:layer:lib3:1", extensions.ARM64, extensions.X86_64),
		}})
	}},
	"snapstart-unsupported": {build: func(k *kit, s awscdk.Stack) {
		// The L2 refuses SnapStart on Node.js, and with more than 512 MiB
		// of /tmp: override the CloudFormation properties.
		node := plainFn(s, "FiresOnNodejs", nil)
		override(node, "SnapStart", map[string]any{"ApplyOn": "PublishedVersions"})
		big := plainFn(s, "FiresWithEphemeralOver512MiB", &awslambda.FunctionProps{
			Runtime:   awslambda.Runtime_PYTHON_3_13(),
			Code:      awslambda.Code_FromInline(jsii.String("def handler(event, context):\n    return 1\n")),
			SnapStart: awslambda.SnapStartConf_ON_PUBLISHED_VERSIONS(),
		})
		override(big, "EphemeralStorage", map[string]any{"Size": 1024})
		k.optimized(s, "PassesOnPython312", optimizedfn.Props{Entry: k.path("python"), Runtime: optimizedfn.Python312, SnapStart: optimizedfn.SnapStartOn})
	}},
	"memory-out-of-range": {build: func(k *kit, s awscdk.Stack) {
		// The L2 passes any number through to CloudFormation.
		plainFn(s, "FiresBelow128MiB", &awslambda.FunctionProps{MemorySize: jsii.Number(64)})
		plainFn(s, "FiresAbove10240MiB", &awslambda.FunctionProps{MemorySize: jsii.Number(20480)})
		k.optimized(s, "PassesAt10240MiB", optimizedfn.Props{MemorySize: 10240})
	}},
	"timeout-out-of-range": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresAbove900Seconds", &awslambda.FunctionProps{Timeout: awscdk.Duration_Minutes(jsii.Number(20))})
		plainFn(s, "FiresAt0Seconds", &awslambda.FunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(0))})
		k.optimized(s, "PassesAt900Seconds", optimizedfn.Props{Timeout: optimizedfn.MaxTimeout})
	}},
	"pc-above-reserved": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresProvisioningMoreThanReserved", &awslambda.FunctionProps{ReservedConcurrentExecutions: jsii.Number(1)})
		fn.AddAlias(jsii.String("live"), &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(3)})
		k.optimized(s, "PassesWithinReserved", optimizedfn.Props{ReservedConcurrency: intPtr(5), ProvisionedConcurrency: &concurrency.Config{Min: 5}})
		// The alias's own setting and its scalable target's minimum are one
		// floor, counted once: Max 5 fits 5 reserved.
		k.optimized(s, "PassesAutoScaledWithinReserved", optimizedfn.Props{ReservedConcurrency: intPtr(5),
			ProvisionedConcurrency: &concurrency.Config{Min: 2, AutoScaling: &concurrency.AutoScaling{Max: 5}}})
	}},
	"layer-arch-mismatch": {env: usEast1, build: func(k *kit, s awscdk.Stack) {
		x86Insights := layerARN(layercatalog.LambdaInsights, layercatalog.X86_64)
		plainFn(s, "FiresX86InsightsOnArm64", &awslambda.FunctionProps{
			Architecture: awslambda.Architecture_ARM_64(),
			Layers:       &[]awslambda.ILayerVersion{awslambda.LayerVersion_FromLayerVersionArn(s, jsii.String("X86Insights"), jsii.String(x86Insights))},
		})
		armSecrets := layerARN(layercatalog.ParametersAndSecrets, layercatalog.ARM64)
		plainFn(s, "FiresArm64SecretsOnX86", &awslambda.FunctionProps{
			Layers: &[]awslambda.ILayerVersion{awslambda.LayerVersion_FromLayerVersionArn(s, jsii.String("Arm64Secrets"), jsii.String(armSecrets))},
		})
		k.optimized(s, "PassesInsightsOnArm64", optimizedfn.Props{Layers: []extensions.Layer{extensions.LambdaInsights()}})
		k.optimized(s, "PassesSecretsOnX86", optimizedfn.Props{Architecture: optimizedfn.X86_64, Layers: []extensions.Layer{extensions.ParametersAndSecrets(nil)}})
	}},
	"native-arch-mismatch": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresX86BootstrapOnArm64", &awslambda.FunctionProps{
			Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
			Architecture: awslambda.Architecture_ARM_64(),
			Handler:      jsii.String("bootstrap"),
			Code:         awslambda.Code_FromAsset(jsii.String(k.plainBootstrap), nil),
		})
		k.optimized(s, "PassesGoBuiltForArm64", optimizedfn.Props{Entry: k.path("gofn")})
	}},
	"suppression-invalid": {build: func(k *kit, s awscdk.Stack) {
		short := plainFn(s, "FiresWithAShortReason", nil)
		advisor.Suppress(short, "default-memory", "cron job")
		unknown := plainFn(s, "FiresForAnUnknownRule", nil)
		unknown.Node().DefaultChild().(awscdk.CfnResource).AddMetadata(jsii.String(audit.MetadataKey), map[string]any{
			"suppress": []any{map[string]any{"id": "no-such-rule", "reason": "this rule id does not exist in lambdaperf"}},
		})
		fn := k.optimized(s, "PassesWithAReason", optimizedfn.Props{})
		advisor.Suppress(fn, "cost-per-million", "the monthly cost report prices this function from real durations")
	}},
	"x86-where-arm64": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresOnTheX86Default", nil)
		plainFn(s, "FiresOnExplicitX86", &awslambda.FunctionProps{Architecture: awslambda.Architecture_X86_64()})
		k.optimized(s, "PassesOnArm64", optimizedfn.Props{})
	}},
	"default-memory": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresWithoutMemorySize", nil)
		plainFn(s, "FiresAt128MiB", &awslambda.FunctionProps{MemorySize: jsii.Number(128)})
		k.optimized(s, "PassesWithTheBalancedProfile", optimizedfn.Props{})
		k.optimized(s, "PassesWithTheSimpleProfile", optimizedfn.Props{Profile: optimizedfn.Simple})
	}},
	"node-not-minified": {build: func(k *kit, s awscdk.Stack) {
		k.nodejsFn(s, "FiresUnminifiedBundle", "zod/handler.mjs", &awslambdanodejs.BundlingOptions{Minify: jsii.Bool(false)})
		k.optimized(s, "PassesMinifiedBundle", optimizedfn.Props{Entry: k.path("zod/handler.mjs")})
	}},
	"node-source-map": {build: func(k *kit, s awscdk.Stack) {
		k.nodejsFn(s, "FiresWithASourceMap", "node/handler.mjs", &awslambdanodejs.BundlingOptions{Minify: jsii.Bool(true), SourceMap: jsii.Bool(true)})
		k.optimized(s, "PassesWithoutSourceMaps", optimizedfn.Props{})
	}},
	"node-bundles-aws-sdk": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresWithTheSDKInNodeModules", &awslambda.FunctionProps{Code: awslambda.Code_FromAsset(jsii.String(k.sdkModules), nil)})
		k.nodejsFn(s, "FiresWithTheSDKUnminified", "node/handler.mjs", &awslambdanodejs.BundlingOptions{Minify: jsii.Bool(false), ExternalModules: jsii.Strings()})
		k.nodejsFn(s, "PassesWithTheSDKBundledMinified", "node/handler.mjs", &awslambdanodejs.BundlingOptions{Minify: jsii.Bool(true), ExternalModules: jsii.Strings()})
		k.optimized(s, "PassesWithTheDefaultSDKBundled", optimizedfn.Props{})
		k.optimized(s, "PassesWithTheSDKFromTheRuntime", optimizedfn.Props{SDK: optimizedfn.SDKFromRuntime})
	}},
	"node-modules-shipped": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresShippingNodeModules", &awslambda.FunctionProps{Code: awslambda.Code_FromAsset(jsii.String(k.nodeModules), nil)})
		k.optimized(s, "PassesAsABundle", optimizedfn.Props{})
	}},
	"go-bootstrap-unoptimized": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresWithAnUnstrippedBootstrap", &awslambda.FunctionProps{
			Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
			Architecture: awslambda.Architecture_X86_64(),
			Handler:      jsii.String("bootstrap"),
			Code:         awslambda.Code_FromAsset(jsii.String(k.plainBootstrap), nil),
		})
		k.optimized(s, "PassesWithTheLeanBuild", optimizedfn.Props{Entry: k.path("gofn")})
	}},
	"java-without-snapstart": {build: func(k *kit, s awscdk.Stack) {
		k.plainJava(s, "FiresJava21WithoutSnapStart", nil)
		k.optimized(s, "PassesWithSnapStartByDefault", optimizedfn.Props{Entry: k.path("java")})
	}},
	"parallel-under-2-vcpu": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresWorkersAt1024MiB", &awslambda.FunctionProps{
			Architecture: awslambda.Architecture_ARM_64(),
			MemorySize:   jsii.Number(1024),
			Handler:      jsii.String("handler.handler"),
			Code:         awslambda.Code_FromAsset(jsii.String(k.path("workers")), nil),
		})
		k.optimized(s, "PassesWorkersWithTwoVCPUs", optimizedfn.Props{Entry: k.path("workers/handler.mjs"), Profile: optimizedfn.Parallel(2)})
	}},
	"alias-from-version": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresVersionAddAlias", nil)
		// Version.AddAlias, deprecated upstream: the mistake this case makes.
		fn.CurrentVersion().AddAlias(jsii.String("live"), nil)
		k.optimized(s, "PassesFunctionAddAlias", optimizedfn.Props{})
	}},
	"no-log-retention": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresWithoutALogGroup", nil)
		k.optimized(s, "PassesWithAOneMonthLogGroup", optimizedfn.Props{})
	}},
	"deprecated-runtime": {build: func(k *kit, s awscdk.Stack) {
		// A bare L1 function: the advisor reads CfnFunction as it reads the
		// L2's resource.
		awslambda.NewCfnFunction(s, jsii.String("FiresOnNodejs16AsCfnFunction"), &awslambda.CfnFunctionProps{
			Runtime:       jsii.String("nodejs16.x"),
			Handler:       jsii.String("index.handler"),
			Role:          jsii.String("arn:aws:iam::123456789012:role/fixture"),
			Code:          &awslambda.CfnFunction_CodeProperty{ZipFile: jsii.String("exports.handler = async () => 1;")},
			MemorySize:    jsii.Number(1024),
			Architectures: jsii.Strings(audit.ArchARM64),
		})
		plainFn(s, "FiresOnPython39", &awslambda.FunctionProps{
			Runtime: awslambda.Runtime_PYTHON_3_9(),
			Code:    awslambda.Code_FromInline(jsii.String("def handler(event, context):\n    return 1\n")),
		})
		k.optimized(s, "PassesOnNodejs24", optimizedfn.Props{})
		k.optimized(s, "PassesOnPython313", optimizedfn.Props{Entry: k.path("python")})
	}},
	"bundle-over-budget": {build: func(k *kit, s awscdk.Stack) {
		plainFn(s, "FiresOverTheDefaultBudget", &awslambda.FunctionProps{
			Handler: jsii.String("index.handler"),
			Code:    awslambda.Code_FromAsset(jsii.String(k.large), nil),
		})
		k.optimized(s, "PassesWithALeanBundle", optimizedfn.Props{})
	}},
	"reserved-starves-pool": {
		// An account of its own: the rule sums reservations per
		// environment, across stacks.
		env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
		build: func(k *kit, s awscdk.Stack) {
			plainFn(s, "FiresReserving500", &awslambda.FunctionProps{ReservedConcurrentExecutions: jsii.Number(500)})
			plainFn(s, "FiresReserving450", &awslambda.FunctionProps{ReservedConcurrentExecutions: jsii.Number(450)})
			// The function the rule protects: it shares the unreserved pool.
			k.optimized(s, "PassesWithoutAReservation", optimizedfn.Props{})
		},
	},
	"cost-per-million": {build: func(k *kit, s awscdk.Stack) {
		// An estimate for every function whose memory is known, lambdaperf's
		// included; nothing when the memory is a deploy-time parameter.
		plainFn(s, "FiresAt512MiB", &awslambda.FunctionProps{MemorySize: jsii.Number(512)})
		k.optimized(s, "FiresOptimizedWithADeclaredDuration", optimizedfn.Props{ExpectedDuration: 40 * time.Millisecond})
		memory := awscdk.NewCfnParameter(s, jsii.String("MemorySize"), &awscdk.CfnParameterProps{Type: jsii.String("Number"), Default: 1024})
		plainFn(s, "PassesWithMemoryFromAParameter", &awslambda.FunctionProps{MemorySize: memory.ValueAsNumber()})
	}},
	"pc-breakeven": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresProvisionedAlias", &awslambda.FunctionProps{MemorySize: jsii.Number(1024)})
		fn.AddAlias(jsii.String("live"), &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(2)})
		k.optimized(s, "FiresOptimizedAutoScaled", optimizedfn.Props{
			ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 3}},
		})
		k.optimized(s, "PassesOnDemand", optimizedfn.Props{})
	}},
	"cheaper-compute-model": {build: func(k *kit, s awscdk.Stack) {
		// A declared steady load: provisioned concurrency busy around the
		// clock costs far more than Managed Instances; a trickle on demand
		// is already on the cheapest model.
		k.optimized(s, "FiresProvisionedBusyAroundTheClock", optimizedfn.Props{MemorySize: 2048, ExpectedDuration: 100 * time.Millisecond,
			ExpectedRequestsPerSecond: 500, ExpectedCPUShare: 0.2, ProvisionedConcurrency: &concurrency.Config{Min: 72}})
		k.optimized(s, "PassesTrickleOnDemand", optimizedfn.Props{MemorySize: 2048, ExpectedDuration: 100 * time.Millisecond,
			ExpectedRequestsPerSecond: 0.5, ExpectedCPUShare: 0.2})
		// The same trickle on a capacity provider keeps three instances
		// mostly idle.
		cp := capacity.New(s, jsii.String("Capacity"), &capacity.Props{Network: network.New(s, jsii.String("Net"), nil)})
		k.optimized(s, "FiresTrickleOnAnIdleCapacityProvider", optimizedfn.Props{ExpectedDuration: 100 * time.Millisecond,
			ExpectedRequestsPerSecond: 0.5, ExpectedCPUShare: 0.2, ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp}})
	}},
	"code-asset-unreadable": {build: func(k *kit, s awscdk.Stack) {
		// CDK stages a .zip asset as it is: a corrupt one reaches cdk.out.
		plainFn(s, "FiresForACorruptZip", &awslambda.FunctionProps{Code: awslambda.Code_FromAsset(jsii.String(k.corruptZip), nil)})
		k.optimized(s, "PassesForAStagedBundle", optimizedfn.Props{})
	}},
	"code-asset-over-limit": {build: func(k *kit, s awscdk.Stack) {
		// CDK stages a .zip asset as it is, and hashes its bytes: a zip
		// bomb of 70 KB reaches cdk.out.
		plainFn(s, "FiresForAZipBomb", &awslambda.FunctionProps{Code: awslambda.Code_FromAsset(jsii.String(k.bombZip), nil)})
		k.optimized(s, "PassesForAStagedBundle", optimizedfn.Props{})
	}},
	"property-malformed": {build: func(k *kit, s awscdk.Stack) {
		// The L2 takes a number; an escape hatch writes anything.
		fn := plainFn(s, "FiresForMemoryInWords", nil)
		fn.Node().DefaultChild().(awscdk.CfnResource).AddPropertyOverride(jsii.String("MemorySize"), "lots")
		k.optimized(s, "PassesWithTypedProps", optimizedfn.Props{})
	}},
	"pc-schedule-invalid": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresForAStrayParenthesis", &awslambda.FunctionProps{MemorySize: jsii.Number(1024)})
		scaling := fn.AddAlias(jsii.String("live"), nil).AddAutoScaling(&awslambda.AutoScalingOptions{MinCapacity: jsii.Number(1), MaxCapacity: jsii.Number(10)})
		scaling.ScaleOnSchedule(jsii.String("Morning"), &awsapplicationautoscaling.ScalingSchedule{
			Schedule: awsapplicationautoscaling.Schedule_Expression(jsii.String("cron(0 11 ? * MON-FRI *))")), MinCapacity: jsii.Number(5)})
		k.optimized(s, "PassesLambdaperfSchedules", optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{
			Max: 10, Schedules: []concurrency.Schedule{{Name: "Morning", Cron: "cron(0 8 ? * MON-FRI *)", Min: 5}, {Name: "Evening", Cron: "cron(0 18 ? * MON-FRI *)", Min: 1}}}}})
	}},
	"pc-scaling-metric-unknown": {build: func(k *kit, s awscdk.Stack) {
		tracked := func(id string, metric func(fn awslambda.Function, alias awslambda.Alias) awscloudwatch.IMetric) {
			fn := plainFn(s, id, &awslambda.FunctionProps{MemorySize: jsii.Number(1024)})
			alias := fn.AddAlias(jsii.String("live"), nil)
			target := awsapplicationautoscaling.NewScalableTarget(fn, jsii.String("Scaling"), &awsapplicationautoscaling.ScalableTargetProps{
				ServiceNamespace: awsapplicationautoscaling.ServiceNamespace_LAMBDA, ScalableDimension: jsii.String("lambda:function:ProvisionedConcurrency"),
				ResourceId: jsii.String("function:" + *alias.FunctionName()), MinCapacity: jsii.Number(1), MaxCapacity: jsii.Number(10)})
			target.ScaleToTrackMetric(jsii.String("Tracking"), &awsapplicationautoscaling.BasicTargetTrackingScalingPolicyProps{
				TargetValue: jsii.Number(0.7), CustomMetric: metric(fn, alias)})
		}
		// Hand-rolled dimensions with a stray quote: the metric never exists.
		tracked("FiresForAStrayQuote", func(fn awslambda.Function, _ awslambda.Alias) awscloudwatch.IMetric {
			return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{Namespace: jsii.String("AWS/Lambda"), MetricName: jsii.String("ProvisionedConcurrencyUtilization"),
				Statistic: jsii.String("Maximum"), DimensionsMap: &map[string]*string{"FunctionName": fn.FunctionName(), "Resource": jsii.String(*fn.FunctionName() + ":'provisioned")}})
		})
		tracked("PassesForTheAliasMetric", func(_ awslambda.Function, alias awslambda.Alias) awscloudwatch.IMetric {
			return alias.Metric(jsii.String("ProvisionedConcurrencyUtilization"), &awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum")})
		})
	}},
	"pc-target-unordered": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresForALiteralResourceId", &awslambda.FunctionProps{MemorySize: jsii.Number(1024), FunctionName: jsii.String("fixture-orders")})
		fn.AddAlias(jsii.String("live"), nil)
		awsapplicationautoscaling.NewScalableTarget(fn, jsii.String("Scaling"), &awsapplicationautoscaling.ScalableTargetProps{
			ServiceNamespace: awsapplicationautoscaling.ServiceNamespace_LAMBDA, ScalableDimension: jsii.String("lambda:function:ProvisionedConcurrency"),
			ResourceId: jsii.String("function:fixture-orders:live"), MinCapacity: jsii.Number(1), MaxCapacity: jsii.Number(10)})
		k.optimized(s, "PassesLambdaperfAutoScaling", optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 4}}})
	}},
	"pc-static-and-scaled": {build: func(k *kit, s awscdk.Stack) {
		fn := plainFn(s, "FiresForStaticAndScaled", &awslambda.FunctionProps{MemorySize: jsii.Number(1024)})
		fn.AddAlias(jsii.String("live"), &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(2)}).
			AddAutoScaling(&awslambda.AutoScalingOptions{MinCapacity: jsii.Number(2), MaxCapacity: jsii.Number(10)})
		k.optimized(s, "PassesLambdaperfAutoScaling", optimizedfn.Props{ProvisionedConcurrency: &concurrency.Config{Min: 2, AutoScaling: &concurrency.AutoScaling{Max: 10}}})
	}},
	"node-callback-handler": {build: func(k *kit, s awscdk.Stack) {
		// esbuild keeps the parameters the handler uses: the runtime sees 3.
		k.nodejsFn(s, "FiresCallbackHandlerOnNodejs24", "callback/handler.js", &awslambdanodejs.BundlingOptions{Minify: jsii.Bool(true)})
		k.optimized(s, "PassesAsyncHandler", optimizedfn.Props{})
	}},
	"env-secret-reference": {build: func(k *kit, s awscdk.Stack) {
		secret := awssecretsmanager.NewSecret(s, jsii.String("DbSecret"), nil)
		plainFn(s, "FiresForUnsafeUnwrap", &awslambda.FunctionProps{MemorySize: jsii.Number(1024),
			Environment: &map[string]*string{"DB_PASSWORD": secret.SecretValue().UnsafeUnwrap()}})
		plainFn(s, "PassesWithTheSecretArn", &awslambda.FunctionProps{MemorySize: jsii.Number(1024),
			Environment: &map[string]*string{"DB_SECRET_ARN": secret.SecretArn()}})
	}},
	"apigw-timeout-exceeded": {build: func(k *kit, s awscdk.Stack) {
		api := func(id string, timeout float64) {
			scope := constructs.NewConstruct(s, jsii.String(id))
			fn := plainFn(scope, "Handler", &awslambda.FunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(timeout))})
			auth := plainFn(scope, "AuthHandler", &awslambda.FunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(timeout))})
			rest := awsapigateway.NewRestApi(scope, jsii.String("Api"), &awsapigateway.RestApiProps{Deploy: jsii.Bool(false)})
			rest.Root().AddMethod(jsii.String("GET"), awsapigateway.NewLambdaIntegration(fn, nil), &awsapigateway.MethodOptions{
				Authorizer: awsapigateway.NewTokenAuthorizer(scope, jsii.String("Auth"), &awsapigateway.TokenAuthorizerProps{Handler: auth}),
			})
		}
		api("FiresFor120Seconds", 120)
		api("PassesAt29Seconds", 29)
	}},
	"dashboard-duration-average": {build: func(k *kit, s awscdk.Stack) {
		dashboard := func(id string, stat *string) {
			scope := constructs.NewConstruct(s, jsii.String(id))
			fn := plainFn(scope, "Handler", nil)
			awscloudwatch.NewDashboard(scope, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{Widgets: &[]*[]awscloudwatch.IWidget{{
				awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{Title: jsii.String("Duration"),
					Left: &[]awscloudwatch.IMetric{fn.MetricDuration(&awscloudwatch.MetricOptions{Statistic: stat})}}),
			}}})
		}
		dashboard("FiresForMetricDurationDefaults", nil)
		dashboard("PassesForP99", jsii.String("p99"))
	}},
	"node-connection-reuse-ignored": {build: func(k *kit, s awscdk.Stack) {
		fn := k.nodejsFn(s, "FiresWithTheVariableSetByHand", "node/handler.mjs", &awslambdanodejs.BundlingOptions{Minify: jsii.Bool(true)})
		fn.AddEnvironment(jsii.String("AWS_NODEJS_CONNECTION_REUSE_ENABLED"), jsii.String("1"), nil)
		k.optimized(s, "PassesWithoutIt", optimizedfn.Props{})
	}},
}

// noCDKFixture are the rules about the files of a cloud assembly that no
// CDK app writes: a template cut short or that is a FIFO, an asset
// manifest that is not JSON. Their fixtures in audit/testdata/rules craft
// the files, and test/hostile crafts whole assemblies.
var noCDKFixture = map[string]bool{"template-unreadable": true, "input-skipped": true}

// TestEveryRuleHasACDKFixture keeps new rules honest: a rule without a
// stack here fails, as does a fixture for a rule that does not exist.
func TestEveryRuleHasACDKFixture(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range audit.Rules() {
		ids[r.ID] = true
		if _, ok := fixtures[r.ID]; !ok && !noCDKFixture[r.ID] {
			t.Errorf("rule %s has no CDK fixture: add a stack to fixtures with Fires and Passes constructs", r.ID)
		}
	}
	for id := range fixtures {
		if !ids[id] {
			t.Errorf("fixture %s belongs to no rule", id)
		}
	}
}

// TestRulesOnCDKFixtures builds every rule's stack in one app, synthesizes
// it once, audits the cloud assembly, and checks each rule against the
// Fires and Passes constructs of its own stack.
func TestRulesOnCDKFixtures(t *testing.T) {
	k := newKit(t)
	outdir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Outdir:                          jsii.String(outdir),
		// As the CDK CLI does: records each resource's construct path and
		// each asset's folder in the template, where the advisor reads them.
		Context: &map[string]any{"aws:cdk:enable-path-metadata": true, "aws:cdk:enable-asset-metadata": true},
	})

	ids := make([]string, 0, len(fixtures))
	for id := range fixtures {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	cases := map[string][]string{} // rule id -> ids of its Fires and Passes constructs
	for _, id := range ids {
		fx := fixtures[id]
		msg := cdktest.Panics(func() {
			s := awscdk.NewStack(app, jsii.String(stackName(id)), &awscdk.StackProps{Env: fx.env})
			fx.build(k, s)
			for _, c := range *s.Node().Children() {
				if cid := *c.Node().Id(); strings.HasPrefix(cid, firesPrefix) || strings.HasPrefix(cid, passesPrefix) {
					cases[id] = append(cases[id], cid)
				}
			}
		})
		if msg != "" {
			t.Fatalf("building the %s fixture: %s", id, msg)
		}
	}
	if msg := cdktest.Panics(func() { app.Synth(nil) }); msg != "" {
		t.Fatalf("synthesis: %s", msg)
	}

	model, err := assembly.ReadAssembly(outdir)
	if err != nil {
		t.Fatalf("reading the cloud assembly: %v", err)
	}
	rep := audit.Run(model, audit.Options{Now: auditDate})
	stacks := map[string]*audit.Stack{}
	for _, st := range model.Stacks {
		stacks[st.Name] = st
	}

	fires, passes := 0, 0
	for _, rule := range audit.Rules() {
		if _, ok := fixtures[rule.ID]; !ok {
			continue // TestEveryRuleHasACDKFixture reports it
		}
		for _, c := range cases[rule.ID] {
			if strings.HasPrefix(c, firesPrefix) {
				fires++
			} else {
				passes++
			}
		}
		t.Run(rule.ID, func(t *testing.T) {
			st := stacks[stackName(rule.ID)]
			if st == nil {
				t.Fatalf("stack %s is not in the cloud assembly", stackName(rule.ID))
			}
			checkRule(t, rule.ID, st, cases[rule.ID], rep)
		})
	}
	t.Logf("%d rules, %d Fires and %d Passes constructs", len(fixtures), fires, passes)
}

// checkRule asserts one rule on its stack: an unsuppressed finding under
// every Fires construct, none under any Passes construct, none outside
// them, and a modelled Lambda function in every case.
func checkRule(t *testing.T, rule string, st *audit.Stack, cases []string, rep *audit.Report) {
	t.Helper()
	var firesN, passesN int
	for _, c := range cases {
		if strings.HasPrefix(c, firesPrefix) {
			firesN++
		} else {
			passesN++
		}
	}
	if firesN == 0 || passesN == 0 {
		t.Fatalf("stack %s needs constructs whose ids start with %s and with %s, has %v", st.Name, firesPrefix, passesPrefix, cases)
	}
	// Findings of this rule in this stack, reported and acknowledged: a
	// suppressed finding still means the rule fired.
	var reported, all []audit.Finding
	for _, list := range [][]audit.Finding{rep.Findings, rep.Suppressed} {
		for _, f := range list {
			if f.Rule != rule || f.Stack != st.Name {
				continue
			}
			if f.Path == "" {
				t.Errorf("finding on %s has no construct path, so no case can claim it: %s", f.Resource, f.Message)
			}
			all = append(all, f)
		}
	}
	for _, f := range rep.Findings {
		if f.Rule == rule && f.Stack == st.Name {
			reported = append(reported, f)
		}
	}
	for _, f := range all {
		claimed := false
		for _, c := range cases {
			claimed = claimed || under(f.Path, st.Name+"/"+c)
		}
		if !claimed && f.Path != "" {
			t.Errorf("finding outside every Fires and Passes construct: the stack holds more than its cases: %s", describe([]audit.Finding{f}))
		}
	}
	for _, c := range cases {
		prefix := st.Name + "/" + c
		functions := 0
		for _, f := range st.Functions {
			if under(f.Path, prefix) {
				functions++
			}
		}
		if functions == 0 {
			t.Errorf("%s holds no Lambda function the advisor modelled: the case tests nothing", prefix)
			continue
		}
		if strings.HasPrefix(c, firesPrefix) {
			if len(findingsUnder(reported, prefix)) == 0 {
				t.Errorf("%s: no %s finding; the rule's findings in this stack: %s", c, rule, describe(all))
			}
		} else if got := findingsUnder(all, prefix); len(got) > 0 {
			t.Errorf("%s: unexpected %s finding: %s", c, rule, describe(got))
		}
	}
}

func findingsUnder(fs []audit.Finding, prefix string) []audit.Finding {
	var out []audit.Finding
	for _, f := range fs {
		if under(f.Path, prefix) {
			out = append(out, f)
		}
	}
	return out
}

// under reports whether the construct path is the construct at prefix or
// beneath it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func describe(fs []audit.Finding) string {
	if len(fs) == 0 {
		return "none"
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t%s: %s", f.Path, f.Message)
	}
	return b.String()
}

// stackName makes a rule id a CloudFormation stack name: letters, digits
// and hyphens, starting with a letter.
func stackName(rule string) string {
	b := []byte(rule)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			b[i] = '-'
		}
	}
	if len(b) == 0 || !(b[0] >= 'a' && b[0] <= 'z' || b[0] >= 'A' && b[0] <= 'Z') {
		return "Rule-" + string(b)
	}
	return string(b)
}

// kit is what the fixtures share: the handler sources and the asset folders
// prepared for the firing cases.
type kit struct {
	root     string // repository root: package-lock.json and node_modules
	testdata string
	// plainBootstrap is a folder holding a Go bootstrap for linux/amd64
	// built without -tags lambda.norpc or -ldflags "-s -w".
	plainBootstrap string
	// nodeModules is a Node.js package that ships a node_modules folder;
	// sdkModules one whose node_modules holds the AWS SDK.
	nodeModules, sdkModules string
	// large is a package over the advisor's default 5 MiB budget.
	large string
	// corruptZip is a .zip asset that is not a zip archive.
	corruptZip string
	// bombZip is a zip bomb: 1,000 entries that share one stream of 20 MiB.
	bombZip string
}

func newKit(t *testing.T) *kit {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "package-lock.json")); err != nil {
		t.Fatalf("the repository's package-lock.json is needed for Node.js bundling: %v", err)
	}
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	k := &kit{root: root, testdata: testdata, plainBootstrap: t.TempDir(), nodeModules: t.TempDir(), sdkModules: t.TempDir(), large: t.TempDir()}

	build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(k.plainBootstrap, "bootstrap"), "./testdata/gofn")
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the plain bootstrap: %v\n%s", err, out)
	}

	testfiles.Write(t, filepath.Join(k.nodeModules, "index.js"), "const pad = require('left-pad');\nexports.handler = async (e) => pad(String(e.id), 8);\n")
	testfiles.Write(t, filepath.Join(k.nodeModules, "node_modules", "left-pad", "package.json"), `{"name":"left-pad","version":"1.3.0","main":"index.js"}`)
	testfiles.Write(t, filepath.Join(k.nodeModules, "node_modules", "left-pad", "index.js"), "module.exports = (s, n) => String(s).padStart(n);\n")
	testfiles.Write(t, filepath.Join(k.sdkModules, "index.js"), "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nexports.handler = async () => new DynamoDBClient({}).config.region();\n")
	testfiles.Write(t, filepath.Join(k.sdkModules, "node_modules", "@aws-sdk", "client-dynamodb", "package.json"), `{"name":"@aws-sdk/client-dynamodb","version":"3.1169.0","main":"index.js"}`)
	testfiles.Write(t, filepath.Join(k.sdkModules, "node_modules", "@aws-sdk", "client-dynamodb", "index.js"), "exports.DynamoDBClient = class {};\n")

	k.corruptZip = filepath.Join(t.TempDir(), "code.zip")
	testfiles.Write(t, k.corruptZip, "PK\x03\x04 cut off in the middle of the upload")
	k.bombZip = filepath.Join(t.TempDir(), "bomb.zip")
	testfiles.Write(t, k.bombZip, string(testfiles.OverlappingZip(1000, 20<<20)))
	testfiles.Write(t, filepath.Join(k.large, "index.mjs"), "export const handler = async () => 1;\n")
	testfiles.Write(t, filepath.Join(k.large, "model.bin"), string(testfiles.Noise((audit.DefaultBudgetKB+1024)<<10)))
	return k
}

// path is a file or folder under testdata, absolute.
func (k *kit) path(rel string) string { return filepath.Join(k.testdata, filepath.FromSlash(rel)) }

// optimized is lambdaperf's optimized function; Entry defaults to the
// Node.js DynamoDB handler.
func (k *kit) optimized(scope constructs.Construct, id string, props optimizedfn.Props) *optimizedfn.Function {
	if props.Entry == "" {
		props.Entry = k.path("node/handler.mjs")
	}
	return optimizedfn.New(scope, jsii.String(id), &props)
}

// nodejsFn is a plain NodejsFunction on nodejs24.x bundled by the local
// esbuild with the given options.
func (k *kit) nodejsFn(scope constructs.Construct, id, entry string, bundling *awslambdanodejs.BundlingOptions) awslambdanodejs.NodejsFunction {
	bundling.ForceDockerBundling = jsii.Bool(false)
	return awslambdanodejs.NewNodejsFunction(scope, jsii.String(id), &awslambdanodejs.NodejsFunctionProps{
		Entry:            jsii.String(k.path(entry)),
		Runtime:          awslambda.Runtime_NODEJS_24_X(),
		DepsLockFilePath: jsii.String(filepath.Join(k.root, "package-lock.json")),
		ProjectRoot:      jsii.String(k.root),
		Bundling:         bundling,
	})
}

// plainJava is a plain java21 function whose code is the Java sources
// folder: enough for the advisor, which reads the runtime and SnapStart.
func (k *kit) plainJava(scope constructs.Construct, id string, props *awslambda.FunctionProps) awslambda.Function {
	p := awslambda.FunctionProps{}
	if props != nil {
		p = *props
	}
	p.Runtime = awslambda.Runtime_JAVA_21()
	p.Handler = jsii.String("com.example.fixtures.Hello::handleRequest")
	p.Code = awslambda.Code_FromAsset(jsii.String(k.path("java")), nil)
	return plainFn(scope, id, &p)
}

// plainFn is a plain L2 function with CDK's defaults (x86_64, 128 MB, no
// log group) where props leave them: nodejs24.x with inline code unless
// props set Runtime, Handler or Code.
func plainFn(scope constructs.Construct, id string, props *awslambda.FunctionProps) awslambda.Function {
	p := awslambda.FunctionProps{}
	if props != nil {
		p = *props
	}
	if p.Runtime == nil {
		p.Runtime = awslambda.Runtime_NODEJS_24_X()
	}
	if p.Handler == nil {
		p.Handler = jsii.String("index.handler")
	}
	if p.Code == nil {
		p.Code = awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1;"))
	}
	return awslambda.NewFunction(scope, jsii.String(id), &p)
}

// override sets a CloudFormation property that the L2 refuses.
func override(fn awslambda.Function, property string, value any) {
	fn.Node().DefaultChild().(awscdk.CfnResource).AddPropertyOverride(jsii.String(property), value)
}

// layerARN is the us-east-1 ARN of a catalog product's build for arch.
func layerARN(p layercatalog.Product, arch layercatalog.Arch) string {
	arn, err := layercatalog.ARN(p, arch, "us-east-1")
	if err != nil {
		panic(err)
	}
	return arn
}

func intPtr(n int) *int { return &n }
