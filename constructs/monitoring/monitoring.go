package monitoring

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Monitoring is the dashboard and alarms of one or more functions: a
// summary row comparing them, then one band per function, and per function
// the alarms of its Alarms thresholds, a composite "unhealthy" alarm, and
// metric filters on its JSON log group.
type Monitoring struct {
	constructs.Construct
	plan      *Plan
	metrics   []*MetricFactory
	alarms    []FunctionAlarms
	topic     awssns.ITopic
	dashboard awscloudwatch.Dashboard
}

// New builds the monitoring of props.Functions. Invalid props stop
// synthesis with every problem listed, each naming the construct path, the
// field, the value and the fix. Attach event sources and provisioned
// concurrency to the functions before calling New: it detects them.
func New(scope constructs.Construct, id *string, props *Props) *Monitoring {
	if props == nil {
		props = &Props{}
	}
	path := problems.Path(scope, id)
	found := make([]facts, len(props.Functions))
	for i, t := range props.Functions {
		if t.Function != nil {
			found[i] = detect(t)
		}
	}
	region := awscdk.Stack_Of(scope).Region()
	stackRegion := ""
	if !*awscdk.Token_IsUnresolved(region) {
		stackRegion = *region
	}
	plan, err := resolve(path, props, found, stackRegion)
	if err != nil {
		panic(err)
	}
	m := &Monitoring{plan: plan}
	constructs.NewConstruct_Override(m, scope, id)
	m.build(props)
	return m
}

func (m *Monitoring) build(props *Props) {
	p := m.plan
	problems.Warn(m, p.Warnings)
	for i := range p.Functions {
		fp := &p.Functions[i]
		if lg := props.Functions[i].LogGroup; lg != nil {
			ensureLogFilters(lg, fp.FunctionName)
		}
		m.metrics = append(m.metrics, newMetricFactory(fp, p.Period))
	}

	var statuses []interfacesawscloudwatch.IAlarmRef
	if p.Alarms {
		m.topic = props.AlarmTopic
		if m.topic == nil {
			m.topic = newAlarmTopic(m, p.Path)
		}
		action := awscloudwatchactions.NewSnsAction(m.topic)
		for i := range p.Functions {
			var scope constructs.Construct = m
			if len(p.Functions[i].Alarms) > 0 {
				scope = constructs.NewConstruct(m, jsii.String(p.Functions[i].ID))
			}
			a := buildAlarms(scope, m.metrics[i], action)
			m.alarms = append(m.alarms, a)
			statuses = append(statuses, a.all()...)
		}
	}

	m.dashboard = awscloudwatch.NewDashboard(m, jsii.String("Dashboard"), nil)
	for _, row := range monitoringRows(p.Title, m.metrics, statuses) {
		m.dashboard.AddWidgets(row)
	}
}

// newAlarmTopic is an SNS topic for alarm notifications, encrypted with a
// customer managed key (with rotation) whose policy lets CloudWatch
// encrypt what it publishes: an AWS managed key cannot, as its policy
// cannot be changed
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
// Publishers must use TLS.
func newAlarmTopic(scope constructs.Construct, path string) awssns.ITopic {
	key := awskms.NewKey(scope, jsii.String("AlarmKey"), &awskms.KeyProps{
		Description:       jsii.String("Encrypts the alarm notifications of " + path),
		EnableKeyRotation: jsii.Bool(true),
		Policy:            alarmKeyPolicy(),
		// Notifications are transient: nothing stays encrypted under the
		// key once the topic is gone.
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowCloudWatchAlarmsToPublish"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
	}), nil)
	return awssns.NewTopic(scope, jsii.String("AlarmTopic"), &awssns.TopicProps{
		DisplayName: jsii.String("lambdaperf alarms"),
		MasterKey:   key,
		EnforceSSL:  jsii.Bool(true),
	})
}

// keyAdminActions administer a key without using it: aws-cdk's
// Key.grantAdmin list (the key's own statements use Resource "*", which
// in a key policy means this key).
var keyAdminActions = []string{
	"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
	"kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
	"kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
}

// alarmKeyPolicy replaces the default key policy, whose kms:* for the
// account is no least privilege: the account administers the key and may
// let IAM principals publish to the topic (encrypt and decrypt through
// it), and nobody may create a grant on it except for an AWS service
// acting on an AWS resource (AWS Control Tower CT.KMS.PR.3).
func alarmKeyPolicy() awsiam.PolicyDocument {
	account := awsiam.NewAccountRootPrincipal()
	return awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AccountAdministersTheKey"),
			Principals: &[]awsiam.IPrincipal{account},
			Actions:    jsii.Strings(keyAdminActions...),
			Resources:  jsii.Strings("*"),
		}),
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AccountPublishesThroughIAM"),
			Principals: &[]awsiam.IPrincipal{account},
			Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
			Resources:  jsii.Strings("*"),
		}),
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("GrantsOnlyForAWSResources"),
			Effect:     awsiam.Effect_DENY,
			Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
			Actions:    jsii.Strings("kms:CreateGrant"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]any{"BoolIfExists": map[string]any{
				"kms:GrantIsForAWSResource": "false",
				"aws:PrincipalIsAWSService": "false",
			}},
		}),
	}})
}

// Plan is the resolved configuration, for reports and tests.
func (m *Monitoring) Plan() Plan { return *m.plan }

// Dashboard is the CloudWatch dashboard; add widgets to it freely.
func (m *Monitoring) Dashboard() awscloudwatch.Dashboard { return m.dashboard }

// Topic receives the alarm notifications; nil with DisableAlarms.
func (m *Monitoring) Topic() awssns.ITopic { return m.topic }

// Metrics is the metric factory of the function labelled label, for
// widgets and alarms of one's own; nil for an unknown label.
func (m *Monitoring) Metrics(label string) *MetricFactory {
	for _, f := range m.metrics {
		if f.fn.Label == label {
			return f
		}
	}
	return nil
}

// Alarms are the alarms of the function labelled label; empty for an
// unknown label or with DisableAlarms.
func (m *Monitoring) Alarms(label string) FunctionAlarms {
	for i, f := range m.metrics {
		if f.fn.Label == label && i < len(m.alarms) {
			return m.alarms[i]
		}
	}
	return FunctionAlarms{}
}
