package concurrency_test

import (
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// function is a plain CDK function with inline code: the building blocks
// work on any function, not only the optimized one.
func function(t *testing.T) (awscdk.Stack, awslambda.Function) {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false), Outdir: jsii.String(t.TempDir())})
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	fn := awslambda.NewFunction(stack, jsii.String("Fn"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1")),
	})
	return stack, fn
}

func TestAutoScaleBuildsThePlan(t *testing.T) {
	plan, err := concurrency.Resolve("PC", &concurrency.Config{Min: 2, AutoScaling: &concurrency.AutoScaling{
		Max: 12,
		Schedules: []concurrency.Schedule{
			{Name: "Morning", Cron: "cron(0 8 ? * MON-FRI *)", Min: 6, TimeZone: "Europe/Berlin"},
			{Name: "Evening", Cron: "cron(0 18 ? * MON-FRI *)", Min: 2, Max: 12},
		},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	stack, fn := function(t)
	alias := fn.AddAlias(jsii.String("live"), concurrency.AliasOptions(plan))
	if concurrency.AutoScale(alias, plan) == nil {
		t.Fatal("AutoScale returned no scalable target")
	}
	tpl := assertions.Template_FromStack(stack, nil)
	cdktest.Check(t, func() {
		tpl.HasResourceProperties(jsii.String("AWS::Lambda::Alias"), map[string]any{
			"Name":                         "live",
			"ProvisionedConcurrencyConfig": assertions.Match_Absent(),
			"FunctionVersion":              assertions.Match_ObjectLike(&map[string]any{"Fn::GetAtt": assertions.Match_AnyValue()}),
			"RoutingConfig":                assertions.Match_Absent(),
		})
	})
	cdktest.Check(t, func() {
		tpl.HasResourceProperties(jsii.String("AWS::ApplicationAutoScaling::ScalableTarget"), map[string]any{
			"ScalableDimension": "lambda:function:ProvisionedConcurrency",
			"ServiceNamespace":  "lambda",
			"MinCapacity":       2,
			"MaxCapacity":       12,
			"ScheduledActions": []any{
				map[string]any{"ScheduledActionName": "Morning", "Schedule": "cron(0 8 ? * MON-FRI *)", "ScalableTargetAction": map[string]any{"MinCapacity": 6}, "Timezone": "Europe/Berlin"},
				map[string]any{"ScheduledActionName": "Evening", "Schedule": "cron(0 18 ? * MON-FRI *)", "ScalableTargetAction": map[string]any{"MinCapacity": 2, "MaxCapacity": 12}},
			},
		})
	})
	cdktest.Check(t, func() {
		tpl.HasResourceProperties(jsii.String("AWS::ApplicationAutoScaling::ScalingPolicy"), map[string]any{
			"PolicyType": "TargetTrackingScaling",
			"TargetTrackingScalingPolicyConfiguration": map[string]any{
				"PredefinedMetricSpecification": map[string]any{"PredefinedMetricType": "LambdaProvisionedConcurrencyUtilization"},
				"TargetValue":                   0.7,
			},
		})
	})
}

func TestStaticPlanHasNoScalableTarget(t *testing.T) {
	plan, err := concurrency.Resolve("PC", &concurrency.Config{Min: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	stack, fn := function(t)
	alias := fn.AddAlias(jsii.String("live"), concurrency.AliasOptions(plan))
	if concurrency.AutoScale(alias, plan) != nil {
		t.Error("a static plan got a scalable target")
	}
	tpl := cdktest.Template(t, stack)
	if n := len(cdktest.Resources(tpl, "AWS::ApplicationAutoScaling::ScalableTarget")); n != 0 {
		t.Errorf("%d scalable targets", n)
	}
	_, a := cdktest.Only(t, tpl, "AWS::Lambda::Alias")
	if pc := cdktest.Props(a)["ProvisionedConcurrencyConfig"]; pc.(map[string]any)["ProvisionedConcurrentExecutions"] != 4.0 {
		t.Errorf("ProvisionedConcurrencyConfig %v", pc)
	}
	if concurrency.AliasOptions(nil) != nil {
		t.Error("AliasOptions(nil) must be nil: no provisioned concurrency")
	}
}
