package monitoring

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// FunctionAlarms are the alarms of one function.
type FunctionAlarms struct {
	// Alarms in the order of FunctionPlan.Alarms.
	Alarms []awscloudwatch.Alarm
	// Unhealthy fires when any of Alarms does; nil when there are none.
	Unhealthy awscloudwatch.CompositeAlarm
}

// all is every alarm, the composite last.
func (a FunctionAlarms) all() []interfacesawscloudwatch.IAlarmRef {
	var out []interfacesawscloudwatch.IAlarmRef
	for _, x := range a.Alarms {
		out = append(out, x)
	}
	if a.Unhealthy != nil {
		out = append(out, a.Unhealthy)
	}
	return out
}

// alarmMetric is the metric each kind of alarm watches.
func alarmMetric(m *MetricFactory, kind AlarmKind) awscloudwatch.IMetric {
	switch kind {
	case KindLatencyP99:
		return m.Duration(P99)
	case KindErrorRate:
		return m.ErrorRate()
	case KindThrottles:
		return m.Throttles()
	case KindSpillover:
		return m.ProvisionedConcurrencySpilloverInvocations()
	case KindIteratorAge:
		return m.IteratorAge()
	case KindInstanceCPU:
		return m.ExecutionEnvironmentCPU()
	case KindConcurrencySaturation:
		return m.ConcurrencySaturation()
	}
	panic(fmt.Sprintf("monitoring: no metric for alarm kind %q", kind))
}

// buildAlarms is the alarm factory: one alarm per AlarmPlan, on the metric
// of its kind, firing above its threshold, treating missing data (no
// traffic) as healthy, and notifying action; then the composite
// "unhealthy" alarm over all of them. Alarm names are left to
// CloudFormation.
func buildAlarms(scope constructs.Construct, m *MetricFactory, action awscloudwatch.IAlarmAction) FunctionAlarms {
	fp := m.fn
	var out FunctionAlarms
	if len(fp.Alarms) == 0 {
		return out
	}
	var rules []awscloudwatch.IAlarmRule
	for _, a := range fp.Alarms {
		alarm := awscloudwatch.NewAlarm(scope, jsii.String(string(a.Kind)+constructID(a.Source)+constructID(a.Label)), &awscloudwatch.AlarmProps{
			Metric:             sourceAlarmMetric(m, a),
			Threshold:          jsii.Number(a.Threshold),
			EvaluationPeriods:  jsii.Number(a.Periods),
			DatapointsToAlarm:  jsii.Number(a.DatapointsToAlarm),
			ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD,
			TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
			AlarmDescription:   jsii.String(a.Description),
		})
		alarm.AddAlarmAction(action)
		out.Alarms = append(out.Alarms, alarm)
		rules = append(rules, awscloudwatch.AlarmRule_FromAlarm(alarm, awscloudwatch.AlarmState_ALARM))
	}
	out.Unhealthy = awscloudwatch.NewCompositeAlarm(scope, jsii.String("Unhealthy"), &awscloudwatch.CompositeAlarmProps{
		AlarmRule:        awscloudwatch.AlarmRule_AnyOf(rules...),
		AlarmDescription: jsii.String(unhealthyDescription(fp)),
	})
	out.Unhealthy.AddAlarmAction(action)
	return out
}

// unhealthyDescription lists what the composite alarm watches.
func unhealthyDescription(fp *FunctionPlan) string {
	var kinds []string
	for _, a := range fp.Alarms {
		kinds = append(kinds, string(a.Kind)+" "+a.Label)
	}
	return fmt.Sprintf("%s is unhealthy: one of its alarms fires (%s)", fp.Label, strings.Join(kinds, ", "))
}
