package concurrency

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
)

// AliasOptions are the options of an alias that starts at p.Min provisioned
// environments; nil for a nil plan. Pass them to Function.AddAlias, which
// points the alias at the function's current published version: never at
// $LATEST, and with no weighted second version, the two places Lambda
// cannot provision concurrency. An auto-scaled plan sets no provisioned
// concurrency on the alias: the scalable target's MinCapacity provisions
// it when the target is registered (API_RegisterScalableTarget), and a
// static value beside it would be written back over the scaled one on
// every deploy (aws-cdk#29992; the advisor's pc-static-and-scaled).
func AliasOptions(p *Plan) *awslambda.AliasOptions {
	if p == nil {
		return nil
	}
	if !p.Static {
		return &awslambda.AliasOptions{}
	}
	return &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(p.Min)}
}

// AutoScale registers alias with Application Auto Scaling as p says: a
// scalable target on lambda:function:ProvisionedConcurrency from Min to
// Max, target tracking on LambdaProvisionedConcurrencyUtilization at
// p.TargetUtilization, and one scheduled action per schedule. It returns
// nil for a nil or static plan. The alias must have been created with
// AliasOptions(p), which leaves its provisioned concurrency to the target.
func AutoScale(alias awslambda.Alias, p *Plan) awslambda.IScalableFunctionAttribute {
	if p == nil || p.Static {
		return nil
	}
	scaling := alias.AddAutoScaling(&awslambda.AutoScalingOptions{
		MinCapacity: jsii.Number(p.Min),
		MaxCapacity: jsii.Number(p.Max),
	})
	scaling.ScaleOnUtilization(&awslambda.UtilizationScalingOptions{
		UtilizationTarget: jsii.Number(p.TargetUtilization),
	})
	for _, s := range p.Schedules {
		action := &awsapplicationautoscaling.ScalingSchedule{
			Schedule: awsapplicationautoscaling.Schedule_Expression(jsii.String(s.Expression())),
		}
		if s.Min > 0 {
			action.MinCapacity = jsii.Number(s.Min)
		}
		if s.Max > 0 {
			action.MaxCapacity = jsii.Number(s.Max)
		}
		if s.TimeZone != "" {
			action.TimeZone = awscdk.TimeZone_Of(jsii.String(s.TimeZone))
		}
		scaling.ScaleOnSchedule(jsii.String(s.Name), action)
	}
	return scaling
}
