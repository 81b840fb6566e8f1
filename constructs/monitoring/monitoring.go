package monitoring

import (
	"slices"

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
//
// What is attached to a function (event sources, provisioned concurrency,
// asynchronous invokers) is read when the app synthesizes, so a source
// attached after New is graphed and alarmed like one attached before.
type Monitoring struct {
	constructs.Construct
	props       Props
	stackRegion string
	// found holds what New read of each target (its construct ID, function
	// and alias names); build adds what is attached to it.
	found     []facts
	plan      *Plan
	metrics   []*MetricFactory
	alarms    []FunctionAlarms
	topic     awssns.ITopic
	dashboard awscloudwatch.Dashboard
	// body is the dashboard's first row, filled by build: widgets a user
	// adds to the dashboard after New stay below it.
	body awscloudwatch.Column
	// built says the alarms and widgets exist; early says Alarms built
	// them before synthesis, from the facts in found then.
	built, early bool
}

// New builds the monitoring of props.Functions. Invalid props stop
// synthesis with every problem listed, each naming the construct path, the
// field, the value and the fix. Event sources (constructs/sources or
// aws-cdk's), provisioned concurrency and async invokers may be attached
// to the functions before or after New: the alarms and graphs that follow
// from them are built when the app synthesizes (or when Alarms is first
// called), and a rule they break (Alarms.Spillover without provisioned
// concurrency, say) stops synthesis then.
func New(scope constructs.Construct, id *string, props *Props) *Monitoring {
	if props == nil {
		props = &Props{}
	}
	// A copy: neither the caller's later changes nor ours cross over.
	own := *props
	own.Functions = slices.Clone(props.Functions)
	path := problems.Path(scope, id)
	found := make([]facts, len(own.Functions))
	for i, t := range own.Functions {
		if t.Function != nil {
			found[i] = identify(t)
		}
	}
	region := awscdk.Stack_Of(scope).Region()
	stackRegion := ""
	if !*awscdk.Token_IsUnresolved(region) {
		stackRegion = *region
	}
	plan, err := resolve(path, &own, found, stackRegion)
	if err != nil {
		panic(err)
	}
	m := &Monitoring{props: own, stackRegion: stackRegion, found: found, plan: plan}
	constructs.NewConstruct_Override(m, scope, id)
	m.start()
	return m
}

// start builds what needs nothing attached to the functions: the metric
// filters, the topic, and the dashboard with its (empty) first row; the
// finisher aspect builds the rest when the app synthesizes.
func (m *Monitoring) start() {
	p := m.plan
	for i := range p.Functions {
		fp := &p.Functions[i]
		if lg := m.props.Functions[i].LogGroup; lg != nil {
			ensureLogFilters(lg, fp.FunctionName)
		}
		m.metrics = append(m.metrics, newMetricFactory(fp, p.Period))
	}
	if p.Alarms {
		m.topic = m.props.AlarmTopic
		if m.topic == nil {
			m.topic = newAlarmTopic(m, p.Path)
		}
	}
	m.dashboard = awscloudwatch.NewDashboard(m, jsii.String("Dashboard"), nil)
	m.body = awscloudwatch.NewColumn()
	m.dashboard.AddWidgets(m.body)
	// On the dashboard, a leaf of this construct: the aspect visits two
	// nodes, not every alarm. Mutating priority: it runs before read-only
	// aspects (cdk-nag, the advisor), which then see what it built.
	awscdk.Aspects_Of(m.dashboard).Add(&finisher{m.finish}, &awscdk.AspectOptions{Priority: awscdk.AspectPriority_MUTATING()})
}

// finisher is an aspect that calls finish on every visit; finish does its
// work once.
type finisher struct{ finish func() }

// Visit implements awscdk.IAspect.
func (f *finisher) Visit(constructs.IConstruct) { f.finish() }

// finish builds the alarms and widgets when the app synthesizes, from what
// is attached to the functions by then. When Alarms built them earlier,
// anything attached since stops synthesis instead of going unwatched.
func (m *Monitoring) finish() {
	if !m.built {
		m.build()
		return
	}
	if !m.early {
		return
	}
	m.early = false // checked once
	before := m.found
	now := slices.Clone(m.found)
	for i, t := range m.props.Functions {
		if t.Function != nil {
			detect(t, &now[i])
		}
	}
	probs := problems.New("monitoring", m.plan.Path)
	for i := range now {
		if d := attachedSince(before[i], now[i]); d != "" {
			label := m.plan.Functions[i].Label
			probs.Addf("Functions[%d] %q: %s was attached after Alarms(%q) built the alarms, so nothing would watch it: call Alarms after attaching every event source and provisioned concurrency, or leave the alarms to synthesis",
				i, label, d, label)
		}
	}
	if err := probs.Err(); err != nil {
		panic(err)
	}
}

// refresh resolves the plan again with what is attached to the functions
// now; the metric factories follow it. A rule that what is attached
// breaks stops synthesis when strict (build); otherwise (Plan and Metrics
// before synthesis) the plan stays as it was, and build reports it.
func (m *Monitoring) refresh(strict bool) {
	found := slices.Clone(m.found)
	for i, t := range m.props.Functions {
		if t.Function != nil {
			detect(t, &found[i])
		}
	}
	plan, err := resolve(m.plan.Path, &m.props, found, m.stackRegion)
	if err != nil {
		if strict {
			panic(err)
		}
		return
	}
	m.found, m.plan = found, plan
	for i := range m.metrics {
		m.metrics[i].fn = &plan.Functions[i]
	}
}

// build resolves the final plan and builds the alarms and the dashboard's
// widgets, once.
func (m *Monitoring) build() {
	m.refresh(true)
	m.built = true
	p := m.plan
	problems.Warn(m, p.Warnings)
	var statuses []interfacesawscloudwatch.IAlarmRef
	if p.Alarms {
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
	rows, graphs := monitoringRows(p.Title, m.metrics, statuses)
	for _, row := range rows {
		m.body.AddWidget(row)
	}
	// Dashboard.AddWidgets reports its widgets' warnings (an unknown
	// statistic, a metric-math ID that is not defined); these widgets come
	// after it, so their warnings are reported here.
	warnWidgets(m.dashboard, graphs)
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

// Plan is the resolved configuration, for reports and tests. Before the
// app synthesizes, it reads what is attached to the functions at the time
// of the call (a rule that breaks is reported at synthesis); afterwards,
// it is the plan the alarms and widgets were built from.
func (m *Monitoring) Plan() Plan {
	if !m.built {
		m.refresh(false)
	}
	return *m.plan
}

// Dashboard is the CloudWatch dashboard; add widgets to it freely: they
// come below the monitoring's own, which are added when the app
// synthesizes.
func (m *Monitoring) Dashboard() awscloudwatch.Dashboard { return m.dashboard }

// Topic receives the alarm notifications; nil with DisableAlarms.
func (m *Monitoring) Topic() awssns.ITopic { return m.topic }

// Metrics is the metric factory of the function labelled label, for
// widgets and alarms of one's own; nil for an unknown label. Before the
// app synthesizes, it reads what is attached to the functions at the time
// of the call (for BatchSize).
func (m *Monitoring) Metrics(label string) *MetricFactory {
	if !m.built {
		m.refresh(false)
	}
	for _, f := range m.metrics {
		if f.fn.Label == label {
			return f
		}
	}
	return nil
}

// Alarms are the alarms of the function labelled label; empty for an
// unknown label or with DisableAlarms. The alarms are built when the app
// synthesizes; called before, Alarms builds them at once from what is
// attached to the functions then, and a source or provisioned concurrency
// attached afterwards stops synthesis with an error (it would go
// unwatched): call it after attaching everything.
func (m *Monitoring) Alarms(label string) FunctionAlarms {
	if !m.built {
		m.build()
		m.early = true
	}
	for i, f := range m.metrics {
		if f.fn.Label == label && i < len(m.alarms) {
			return m.alarms[i]
		}
	}
	return FunctionAlarms{}
}
