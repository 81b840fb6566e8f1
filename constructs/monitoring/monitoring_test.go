package monitoring_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
	"github.com/lambdaperf/lambdaperf/costmodel"
)

// ref is how monitoringtest writes a reference to a resource whose logical
// ID starts with prefix: ${LogicalID}.
func ref(t *testing.T, tpl map[string]any, typ, prefix string) string {
	t.Helper()
	for id := range cdktest.Resources(tpl, typ) {
		if strings.HasPrefix(id, prefix) {
			return "${" + id + "}"
		}
	}
	t.Fatalf("no %s with a logical ID starting %s", typ, prefix)
	return ""
}

func graph(t *testing.T, b monitoringtest.Body, title string, i int) monitoringtest.Widget {
	t.Helper()
	gs := b.Graphs()[title]
	if len(gs) <= i {
		titles := make([]string, 0)
		for k := range b.Graphs() {
			titles = append(titles, k)
		}
		sort.Strings(titles)
		t.Fatalf("no graph %q number %d; graphs: %q", title, i, titles)
	}
	return gs[i]
}

func stats(ms []monitoringtest.Metric) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Stat)
	}
	return strings.Join(out, " ")
}

func TestLatencyGraph(t *testing.T) {
	f := load(t)
	fn := ref(t, f.tpl, "AWS::Lambda::Function", streamFn)
	g := graph(t, f.dashboard, "Duration (alias live)", 0)
	ms := g.Visible()
	if got := stats(ms); got != "p50 p95 p99 Maximum" {
		t.Errorf("statistics %q, want p50 p95 p99 Maximum on one graph", got)
	}
	for _, m := range ms {
		want := map[string]string{"FunctionName": fn, "Resource": fn + ":live"}
		if m.Namespace != "AWS/Lambda" || m.Name != "Duration" || fmt.Sprint(m.Dimensions) != fmt.Sprint(want) || m.Period != 60 {
			t.Errorf("%s line: %s %s %v every %d s, want AWS/Lambda Duration %v every 60 s", m.Stat, m.Namespace, m.Name, m.Dimensions, m.Period, want)
		}
	}
	ann := g.Properties.Annotations.Horizontal
	if len(ann) != 2 || ann[0].Value != 10_000 || ann[0].Label != "timeout 10s" || ann[1].Value != 2000 {
		t.Errorf("annotations %+v, want the 10 s timeout (10000 ms) and the 2 s SLO alarm", ann)
	}
	if y := g.Properties.YAxis["left"]; y.Label != "ms" || y.Min == nil || *y.Min != 0 {
		t.Errorf("left axis %+v, want ms from 0", y)
	}

	// Without an alias the function's own metrics.
	async := ref(t, f.tpl, "AWS::Lambda::Function", asyncFn)
	g = graph(t, f.dashboard, "Duration", 0)
	for _, m := range g.Visible() {
		if len(m.Dimensions) != 1 || m.Dimensions["FunctionName"] != async {
			t.Errorf("%s dimensions %v, want FunctionName only", m.Stat, m.Dimensions)
		}
	}
	if ann := g.Properties.Annotations.Horizontal; ann[0].Value != 30_000 || ann[1].Value != 24_000 {
		t.Errorf("annotations %+v, want timeout 30000 ms and the default alarm at 80 %% (24000 ms)", ann)
	}
}

func TestRequestsGraph(t *testing.T) {
	f := load(t)
	fn := ref(t, f.tpl, "AWS::Lambda::Function", streamFn)
	g := graph(t, f.dashboard, "Requests and errors (alias live)", 0)
	var names []string
	for _, m := range g.Visible() {
		if m.Expression == "" {
			names = append(names, m.Name+"/"+m.Stat)
		}
	}
	if strings.Join(names, " ") != "Invocations/Sum Errors/Sum Throttles/Sum" {
		t.Errorf("lines %v", names)
	}
	rate := g.Visible()[3]
	if rate.Expression != "100 * errors0 / invocations0" || rate.YAxis != "right" {
		t.Errorf("error rate %+v, want 100 * errors0 / invocations0 on the right axis", rate)
	}
	for id, name := range map[string]string{"errors0": "Errors", "invocations0": "Invocations"} {
		m, ok := g.ByID(id)
		if !ok || m.Name != name || m.Stat != "Sum" || m.Dimensions["Resource"] != fn+":live" {
			t.Errorf("%s = %+v, want %s Sum of the alias", id, m, name)
		}
	}
	ann := g.Properties.Annotations.Horizontal
	if len(ann) != 2 || ann[0].YAxis != "right" || ann[0].Value != 5 || ann[1].Value != 1 {
		t.Errorf("error-rate thresholds %+v, want Critical 5 and Warning 1 on the right axis", ann)
	}
}

func TestConcurrencyGraph(t *testing.T) {
	f := load(t)
	var names []string
	for _, m := range graph(t, f.dashboard, "Concurrency (alias live)", 0).Visible() {
		names = append(names, m.Name+"/"+m.Stat+"/"+m.YAxis)
	}
	want := "ConcurrentExecutions/Maximum/left ProvisionedConcurrentExecutions/Maximum/left " +
		"ProvisionedConcurrencySpilloverInvocations/Sum/left ProvisionedConcurrencyUtilization/Maximum/right"
	if strings.Join(names, " ") != want {
		t.Errorf("with provisioned concurrency:\n got %v\nwant %s", names, want)
	}
	if ms := graph(t, f.dashboard, "Concurrency", 0).Visible(); len(ms) != 1 || ms[0].Name != "ConcurrentExecutions" {
		t.Errorf("without provisioned concurrency: %+v, want ConcurrentExecutions only", ms)
	}
}

func TestColdStartInitAndMemoryGraphs(t *testing.T) {
	f := load(t)
	fn := ref(t, f.tpl, "AWS::Lambda::Function", streamFn)
	g := graph(t, f.dashboard, "Cold starts (all versions)", 0)
	ms := g.Visible()
	if len(ms) != 2 || ms[0].Expression != "FILL(inits0, 0) + FILL(restores0, 0)" ||
		ms[1].Expression != "100 * (FILL(inits0, 0) + FILL(restores0, 0)) / allInvocations0" || ms[1].YAxis != "right" {
		t.Errorf("cold starts %+v", ms)
	}
	for id, name := range map[string]string{"inits0": fn + "/InitDuration", "restores0": fn + "/RestoreDuration"} {
		if m, ok := g.ByID(id); !ok || m.Namespace != monitoring.Namespace || m.Name != name || m.Stat != "SampleCount" {
			t.Errorf("%s = %+v, want the SampleCount of %s/%s", id, m, monitoring.Namespace, name)
		}
	}
	if m, _ := g.ByID("allInvocations0"); m.Name != "Invocations" || len(m.Dimensions) != 1 {
		t.Errorf("share denominator %+v, want the function's Invocations over all versions", m)
	}

	init := graph(t, f.dashboard, "Init duration (cold starts)", 0).Visible()
	if got := stats(init); got != "p50 p99 Maximum p99" || init[0].Name != fn+"/InitDuration" || init[3].Name != fn+"/RestoreDuration" {
		t.Errorf("init duration lines %+v", init)
	}

	mem := graph(t, f.dashboard, "Memory", 0)
	if ms := mem.Visible(); len(ms) != 1 || ms[0].Name != fn+"/MaxMemoryUsed" || ms[0].Stat != "Maximum" {
		t.Errorf("memory lines %+v", ms)
	}
	if ann := mem.Properties.Annotations.Horizontal; len(ann) != 1 || ann[0].Value != 512 || ann[0].Label != "configured 512 MiB" {
		t.Errorf("memory annotation %+v, want the configured 512 MiB", ann)
	}
	if len(f.dashboard.Graphs()["Memory"]) != 1 {
		t.Error("the function without a log group has a memory graph")
	}
}

func TestEventAgeGraphs(t *testing.T) {
	f := load(t)
	stream := graph(t, f.dashboard, "Event age", 0)
	if ms := stream.Visible(); len(ms) != 1 || ms[0].Name != "IteratorAge" || ms[0].Stat != "Maximum" {
		t.Errorf("stream function's event age %+v, want IteratorAge only", ms)
	}
	if ann := stream.Properties.Annotations.Horizontal; len(ann) != 1 || ann[0].Value != 60_000 {
		t.Errorf("iterator-age threshold %+v, want 60000 ms", ann)
	}
	if ms := graph(t, f.dashboard, "Event age", 1).Visible(); len(ms) != 1 || ms[0].Name != "AsyncEventAge" {
		t.Errorf("SNS-invoked function's event age %+v, want AsyncEventAge only", ms)
	}
}

func TestCostGraph(t *testing.T) {
	f := load(t)
	prices, err := costmodel.PricesFor("us-east-1", costmodel.ARM64)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("(((costDuration0 + FILL(costInit0, 0)) / 1000) * (512 / 1024) * %s + costInvocations0 * %s) * 2628000 / PERIOD(costInvocations0)",
		strings.TrimPrefix(prices.Duration[0].PerGBSecond.String(), "$"), strings.TrimPrefix(prices.PerRequest.String(), "$"))
	g := graph(t, f.dashboard, "Cost, USD/month at this rate (us-east-1 list price, INIT included, provisioned concurrency not included)", 0)
	if ms := g.Visible(); len(ms) != 1 || ms[0].Expression != want || ms[0].Period != 3600 {
		t.Errorf("cost %+v\nwant %s every 3600 s", ms, want)
	}
	if m, _ := g.ByID("costDuration0"); m.Name != "Duration" || m.Stat != "Sum" || m.Period != 3600 || len(m.Dimensions) != 1 {
		t.Errorf("cost duration %+v, want the function's Duration Sum per hour", m)
	}
	if m, _ := g.ByID("costInit0"); !strings.HasSuffix(m.Name, "InitDuration") || m.Stat != "Sum" || m.Period != 3600 {
		t.Errorf("cost init %+v, want the init duration log metric's Sum per hour", m)
	}
	if len(f.dashboard.Graphs()["Cost, USD/month at this rate (us-east-1 list price, INIT included, provisioned concurrency not included)"]) != 1 {
		t.Error("the function of unknown memory has a cost graph")
	}
}

func TestSummaryRow(t *testing.T) {
	f := load(t)
	b := f.dashboard
	if !strings.HasPrefix(b.Texts()[0], "# Fixture") || b.Widgets[0].Y != 0 {
		t.Errorf("first widget %+v, want the title", b.Widgets[0])
	}
	var labels []string
	for _, m := range graph(t, b, "p99 duration", 0).Visible() {
		labels = append(labels, m.Label+"/"+m.Stat)
	}
	if strings.Join(labels, " ") != "Stream/p99 Async/p99" {
		t.Errorf("p99 summary %v, want one p99 line per function", labels)
	}
	rates := graph(t, b, "Error rate", 0).Visible()
	if len(rates) != 2 || rates[0].Expression != "100 * errors0 / invocations0" || rates[1].Expression != "100 * errors1 / invocations1" {
		t.Errorf("error rates %+v", rates)
	}
	if ms := graph(t, b, "Cold-start share", 0).Visible(); len(ms) != 1 || ms[0].Label != "Stream" {
		t.Errorf("cold-start share %+v, want the function with a log group only", ms)
	}
	cost := graph(t, b, "Cost, USD/month at this rate (provisioned concurrency not included)", 0)
	if !cost.Properties.Stacked || len(cost.Visible()) != 1 {
		t.Errorf("cost summary %+v, want stacked, one function", cost)
	}
	for _, title := range []string{"p99 duration", "Error rate", "Cold-start share", "Cost, USD/month at this rate (provisioned concurrency not included)"} {
		if w := graph(t, b, title, 0); w.Y != 2 || w.Width != 6 {
			t.Errorf("%s at y=%d width %d, want the summary row (y=2, width 6)", title, w.Y, w.Width)
		}
	}
	var status monitoringtest.Widget
	for _, w := range b.Widgets {
		if w.Type == "alarm" {
			status = w
		}
	}
	if len(status.Properties.Alarms) != 13 {
		t.Errorf("alarm status shows %d alarms, want 11 alarms and 2 composites", len(status.Properties.Alarms))
	}
}

// Each function's band: a header, then its graphs four to a line below it.
func TestOneBandPerFunction(t *testing.T) {
	f := load(t)
	texts := f.dashboard.Texts()
	if len(texts) != 3 || !strings.HasPrefix(texts[1], "### Stream\n") || !strings.HasPrefix(texts[2], "### Async\n") {
		t.Fatalf("text widgets %q, want the title and one header per function", texts)
	}
	if !strings.Contains(texts[1], "alias `live` · 512 MiB · arm64 · timeout 10s · provisioned concurrency · stream source") {
		t.Errorf("header %q", texts[1])
	}
	var headerY, lastY int
	for _, w := range f.dashboard.Widgets {
		if w.Type == "text" && strings.HasPrefix(w.Properties.Markdown, "### Stream") {
			headerY = w.Y
		}
		if w.Type == "metric" && headerY > 0 && w.Properties.Title == "Cost, USD/month at this rate (us-east-1 list price, INIT included, provisioned concurrency not included)" {
			lastY = w.Y
			if w.X != 18 {
				t.Errorf("8th graph at x=%d, want 18 (four to a line)", w.X)
			}
		}
	}
	if lastY != headerY+2+6 {
		t.Errorf("Stream's band: header at y=%d, last graph at y=%d, want two lines of graphs below the header", headerY, lastY)
	}
}

func TestAlarms(t *testing.T) {
	f := load(t)
	alarms := cdktest.Resources(f.tpl, "AWS::CloudWatch::Alarm")
	want := map[string]float64{
		"MonitoringStreamLatencyP99Critical": 2000, "MonitoringStreamErrorRateCritical": 5, "MonitoringStreamErrorRateWarning": 1,
		"MonitoringStreamThrottlesCritical": 0, "MonitoringStreamSpilloverCritical": 0, "MonitoringStreamIteratorAgeCritical": 60_000,
		"MonitoringAsyncLatencyP99Critical": 24_000, "MonitoringAsyncErrorRateCritical": 1, "MonitoringAsyncThrottlesCritical": 0,
		"MonitoringAsyncAsyncDroppedCritical": 0, "MonitoringAsyncAsyncEventAgeCritical": 300_000,
	}
	if len(alarms) != len(want) {
		t.Errorf("%d alarms, want %d", len(alarms), len(want))
	}
	topic := ref(t, f.tpl, "AWS::SNS::Topic", "MonitoringAlarmTopic")
	for prefix, threshold := range want {
		var found map[string]any
		for id, a := range alarms {
			if strings.HasPrefix(id, prefix) {
				found = cdktest.Props(a)
			}
		}
		if found == nil {
			t.Errorf("no alarm %s", prefix)
			continue
		}
		if found["Threshold"] != threshold || found["ComparisonOperator"] != "GreaterThanThreshold" || found["TreatMissingData"] != "notBreaching" {
			t.Errorf("%s: %v %v, treat missing data %v; want > %v, not breaching", prefix, found["ComparisonOperator"], found["Threshold"], found["TreatMissingData"], threshold)
		}
		if _, named := found["AlarmName"]; named {
			t.Errorf("%s has a hard-coded AlarmName", prefix)
		}
		if actions := fmt.Sprint(found["AlarmActions"]); actions != fmt.Sprintf("[map[Ref:%s]]", strings.Trim(topic, "${}")) {
			t.Errorf("%s actions %s, want the alarm topic", prefix, actions)
		}
	}
	for id, a := range alarms {
		p := cdktest.Props(a)
		switch {
		case strings.HasPrefix(id, "MonitoringStreamLatencyP99"):
			stat := p["Metrics"].([]any)[0].(map[string]any)["MetricStat"].(map[string]any)
			metric := stat["Metric"].(map[string]any)
			dims := fmt.Sprint(metric["Dimensions"])
			if stat["Stat"] != "p99" || stat["Period"] != 60.0 || metric["MetricName"] != "Duration" || !strings.Contains(dims, "Name:Resource") ||
				p["EvaluationPeriods"] != 5.0 || p["DatapointsToAlarm"] != 3.0 {
				t.Errorf("latency alarm %v", p)
			}
		case strings.HasPrefix(id, "MonitoringStreamErrorRateCritical"):
			ms := p["Metrics"].([]any)
			if expr := ms[0].(map[string]any)["Expression"]; expr != "100 * errors0 / invocations0" {
				t.Errorf("error-rate alarm expression %v", expr)
			}
		}
	}

	composites := cdktest.Resources(f.tpl, "AWS::CloudWatch::CompositeAlarm")
	if len(composites) != 2 {
		t.Fatalf("%d composite alarms, want one per function", len(composites))
	}
	for id, c := range composites {
		p := cdktest.Props(c)
		rule, err := monitoringtest.Resolve(p["AlarmRule"])
		if err != nil {
			t.Fatal(err)
		}
		n := map[bool]int{true: 6, false: 5}[strings.HasPrefix(id, "MonitoringStream")]
		if strings.Count(rule, "ALARM(") != n || strings.Count(rule, " OR ") != n-1 {
			t.Errorf("%s rule %s, want any of its %d alarms", id, rule, n)
		}
		if p["AlarmActions"] == nil || !strings.Contains(fmt.Sprint(p["AlarmDescription"]), "is unhealthy") {
			t.Errorf("%s: actions %v, description %v", id, p["AlarmActions"], p["AlarmDescription"])
		}
	}
}

func TestAlarmTopicIsEncryptedAndRefusesPlainHTTP(t *testing.T) {
	f := load(t)
	var topic map[string]any
	for id, r := range cdktest.Resources(f.tpl, "AWS::SNS::Topic") {
		if strings.HasPrefix(id, "MonitoringAlarmTopic") {
			topic = r
		}
	}
	keyID, key := cdktest.Only(t, f.tpl, "AWS::KMS::Key")
	if ref := fmt.Sprint(cdktest.Props(topic)["KmsMasterKeyId"]); ref != fmt.Sprintf("map[Fn::GetAtt:[%s Arn]]", keyID) {
		t.Errorf("topic key %s, want the construct's key", ref)
	}
	if _, named := cdktest.Props(topic)["TopicName"]; named {
		t.Error("the topic has a hard-coded name")
	}
	kp := cdktest.Props(key)
	if kp["EnableKeyRotation"] != true || !strings.Contains(fmt.Sprint(kp["KeyPolicy"]), "cloudwatch.amazonaws.com") {
		t.Errorf("key: rotation %v, policy %v; want rotation and CloudWatch allowed to use it", kp["EnableKeyRotation"], kp["KeyPolicy"])
	}
	// Least privilege: no kms:* for the account, and grants only for AWS
	// services on AWS resources (Control Tower CT.KMS.PR.3).
	var denyGrants bool
	for _, s := range kp["KeyPolicy"].(map[string]any)["Statement"].([]any) {
		st := s.(map[string]any)
		for _, a := range toList(st["Action"]) {
			if a == "*" || a == "kms:*" {
				t.Errorf("key policy statement %v allows %s", st["Sid"], a)
			}
		}
		cond := fmt.Sprint(st["Condition"])
		if st["Effect"] == "Deny" && st["Action"] == "kms:CreateGrant" && fmt.Sprint(st["Principal"]) == "map[AWS:*]" &&
			strings.Contains(cond, "kms:GrantIsForAWSResource:false") && strings.Contains(cond, "aws:PrincipalIsAWSService:false") {
			denyGrants = true
		}
	}
	if !denyGrants {
		t.Errorf("key policy %v does not deny grants other than for AWS resources", kp["KeyPolicy"])
	}
	_, policy := cdktest.Only(t, f.tpl, "AWS::SNS::TopicPolicy")
	if doc := fmt.Sprint(cdktest.Props(policy)["PolicyDocument"]); !strings.Contains(doc, "aws:SecureTransport:false") || !strings.Contains(doc, "Deny") {
		t.Errorf("topic policy %s, want publishers without TLS denied", doc)
	}
}

func TestLogFilters(t *testing.T) {
	f := load(t)
	fn := ref(t, f.tpl, "AWS::Lambda::Function", streamFn)
	logs := ref(t, f.tpl, "AWS::Logs::LogGroup", "StreamLogs")
	filters := cdktest.Resources(f.tpl, "AWS::Logs::MetricFilter")
	if len(filters) != len(monitoring.LogFilters) {
		t.Fatalf("%d metric filters, want %d on the one log group", len(filters), len(monitoring.LogFilters))
	}
	byName := map[string]map[string]any{}
	for _, r := range filters {
		p := cdktest.Props(r)
		if lg, _ := monitoringtest.Resolve(p["LogGroupName"]); lg != logs {
			t.Errorf("filter on %s, want %s", lg, logs)
		}
		tr := p["MetricTransformations"].([]any)[0].(map[string]any)
		name, err := monitoringtest.Resolve(tr["MetricName"])
		if err != nil {
			t.Fatal(err)
		}
		tr["FilterPattern"] = p["FilterPattern"]
		byName[name] = tr
	}
	for _, lf := range monitoring.LogFilters {
		tr := byName[lf.MetricName(fn)]
		if tr == nil {
			t.Errorf("no filter publishes %s", lf.MetricName(fn))
			continue
		}
		unit := map[string]string{"InitDuration": "Milliseconds", "RestoreDuration": "Milliseconds", "MaxMemoryUsed": "Megabytes"}[lf.Metric]
		if tr["FilterPattern"] != lf.Pattern || tr["MetricValue"] != lf.MetricValue || tr["MetricNamespace"] != monitoring.Namespace || tr["Unit"] != unit {
			t.Errorf("%s: %v, want pattern %s, value %s", lf.Metric, tr, lf.Pattern, lf.MetricValue)
		}
	}
}

func TestDetection(t *testing.T) {
	f := load(t)
	p := f.mon.Plan()
	got := map[string]string{}
	for _, fp := range p.Functions {
		got[fp.Label] = fmt.Sprintf("pc=%v stream=%v async=%v logs=%v memory=%d arch=%s alias=%q",
			fp.ProvisionedConcurrency, fp.StreamSource, fp.AsyncInvoked, fp.LogMetrics, fp.MemoryMiB, fp.Architecture, fp.AliasName)
	}
	want := map[string]string{
		streamFn: `pc=true stream=true async=false logs=true memory=512 arch=arm64 alias="live"`,
		asyncFn:  `pc=false stream=false async=true logs=false memory=0 arch=x86_64 alias=""`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %s, want %s", k, got[k], w)
		}
	}
}

func TestOverviewSideBySide(t *testing.T) {
	f := load(t)
	b := f.overviewDB
	latency := []monitoringtest.Widget{graph(t, b, "Duration (alias live)", 0), graph(t, b, "Duration", 0)}
	if latency[0].X != 0 || latency[1].X != 12 || latency[0].Y != latency[1].Y || latency[0].Width != 12 {
		t.Errorf("latency graphs at %d,%d and %d,%d, want side by side, 12 wide", latency[0].X, latency[0].Y, latency[1].X, latency[1].Y)
	}
	m := latency[0].Visible()
	if stats(m) != "p50 p95 p99 Maximum" || !strings.HasPrefix(m[0].Dimensions["FunctionName"], "${Import:") || !strings.HasSuffix(m[0].Dimensions["Resource"], ":live") {
		t.Errorf("overview latency %+v, want the four statistics of the alias, through an export", m)
	}
	if ann := latency[0].Properties.Annotations.Horizontal; len(ann) == 0 || ann[0].Value != 10_000 {
		t.Errorf("overview latency annotations %+v, want the timeout", ann)
	}
	texts := strings.Join(b.Texts(), "\n")
	for _, want := range []string{"### Stream · Functions", "### Async · Functions", "No log-based metrics", "No cost: set the target's MemoryMiB"} {
		if !strings.Contains(texts, want) {
			t.Errorf("overview texts lack %q:\n%s", want, texts)
		}
	}
	if len(cdktest.Resources(f.overview, "AWS::CloudWatch::Alarm")) != 0 || len(cdktest.Resources(f.overview, "AWS::Logs::MetricFilter")) != 0 {
		t.Error("the overview creates alarms or metric filters: they belong to the Monitoring")
	}
	if len(f.tpl["Outputs"].(map[string]any)) == 0 {
		t.Error("no exports from the functions' stack")
	}
}

func TestNoPhysicalNames(t *testing.T) {
	f := load(t)
	for typ, field := range map[string]string{
		"AWS::CloudWatch::Dashboard": "DashboardName", "AWS::CloudWatch::Alarm": "AlarmName",
		"AWS::SNS::Topic": "TopicName", "AWS::Logs::MetricFilter": "FilterName",
	} {
		for id, r := range cdktest.Resources(f.tpl, typ) {
			if _, ok := cdktest.Props(r)[field]; ok {
				t.Errorf("%s sets %s", id, field)
			}
		}
	}
}

// A second Monitoring of the same function (a team's own dashboard, say)
// reuses the metric filters: two would publish every cold start twice.
func TestSecondMonitoringReusesFilters(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	logs := awslogs.NewLogGroup(stack, jsii.String("Logs"), nil)
	fn := inlineFunction(stack, "F", &awslambda.FunctionProps{LogGroup: logs, LoggingFormat: awslambda.LoggingFormat_JSON})
	target := monitoring.FromFunction(fn, 3*time.Second)
	target.LogGroup = logs
	monitoring.New(stack, jsii.String("Ops"), &monitoring.Props{Functions: []monitoring.Target{target}})
	team := monitoring.New(stack, jsii.String("Team"), &monitoring.Props{Functions: []monitoring.Target{target}, DisableAlarms: true})
	tpl := cdktest.Template(t, stack)
	if n := len(cdktest.Resources(tpl, "AWS::Logs::MetricFilter")); n != len(monitoring.LogFilters) {
		t.Errorf("%d metric filters, want %d", n, len(monitoring.LogFilters))
	}
	if team.Topic() != nil || len(team.Alarms("F").Alarms) != 0 {
		t.Error("DisableAlarms built alarms or a topic")
	}
	if n := len(cdktest.Resources(tpl, "AWS::SNS::Topic")); n != 1 {
		t.Errorf("%d topics, want the one of the Monitoring with alarms", n)
	}
	if n := len(cdktest.Resources(tpl, "AWS::CloudWatch::Dashboard")); n != 2 {
		t.Errorf("%d dashboards, want 2", n)
	}
}

// Bad props stop New with every problem at once; a rule that needs what is
// attached to the function (spillover needs provisioned concurrency) stops
// synthesis, when everything is attached.
func TestInvalidPropsStopSynthesis(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	fn := inlineFunction(stack, "F", &awslambda.FunctionProps{})
	target := monitoring.FromFunction(fn, 0)
	target.LatencySLO = -time.Second
	msg := cdktest.Panics(func() {
		monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{target}})
	})
	for _, want := range []string{
		`monitoring "S/Monitoring": Functions[0] "F": Timeout is required`,
		`monitoring "S/Monitoring": Functions[0] "F": LatencySLO -1s is not between 0 and Timeout`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("panic %q lacks %q", msg, want)
		}
	}
	if msg := cdktest.Panics(func() { monitoring.NewOverview(stack, jsii.String("Overview"), nil) }); !strings.Contains(msg, `monitoring.Overview "S/Overview": Monitorings is empty`) {
		t.Errorf("overview panic %q", msg)
	}

	spillApp := newApp(t)
	spill := awscdk.NewStack(spillApp, jsii.String("Spill"), nil)
	target = monitoring.FromFunction(inlineFunction(spill, "F", &awslambda.FunctionProps{}), 3*time.Second)
	target.Alarms.Spillover = map[string]monitoring.CountThreshold{"Critical": {}}
	msg = cdktest.Panics(func() {
		m := monitoring.New(spill, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{target}})
		// Provisioned concurrency could still be attached: Plan reports
		// what it can, synthesis judges.
		if n := len(m.Plan().Functions); n != 1 {
			t.Errorf("Plan has %d functions, want 1", n)
		}
	})
	if msg != "" {
		t.Fatalf("New or Plan refused what only synthesis can judge: %s", msg)
	}
	msg = cdktest.Panics(func() { spillApp.Synth(nil) })
	if want := `monitoring "Spill/Monitoring": Functions[0] "F": Alarms.Spillover is set but ProvisionedConcurrency is false`; !strings.Contains(msg, want) {
		t.Errorf("synthesis gave %q, want %q", msg, want)
	}
}

func TestUnknownStackRegionWarns(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("S"), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
	target := monitoring.FromFunction(inlineFunction(stack, "F", &awslambda.FunctionProps{}), 3*time.Second)
	target.MemoryMiB = 256
	monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{target}, DisableAlarms: true})
	cdktest.Check(t, func() {
		warnings := assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("costmodel has no prices for eu-west-1")))
		if len(*warnings) != 1 {
			t.Errorf("%d price-region warnings, want 1", len(*warnings))
		}
	})
}

func TestLambdaInsightsMetrics(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	target := monitoring.FromFunction(inlineFunction(stack, "F", &awslambda.FunctionProps{}), 3*time.Second)
	target.LambdaInsights = true
	monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{target}, DisableAlarms: true})
	tpl := cdktest.Template(t, stack)
	b := onlyDashboard(t, tpl)
	fn := ref(t, tpl, "AWS::Lambda::Function", "F")
	for title, want := range map[string]string{"Init duration (cold starts)": "init_duration/p99", "Memory": "memory_utilization/Maximum"} {
		ms := graph(t, b, title, 0).Visible()
		if len(ms) != 1 || ms[0].Namespace != monitoring.InsightsNamespace || ms[0].Name+"/"+ms[0].Stat != want || ms[0].Dimensions["function_name"] != fn {
			t.Errorf("%s: %+v, want Lambda Insights' %s of %s", title, ms, want, fn)
		}
	}
	if len(b.Graphs()["Cold starts (all versions)"]) != 0 {
		t.Error("a cold-start graph without a log group")
	}
}

// A queue is polled, not a stream (no iterator age); an async invoke
// configuration means async invocations; a target's explicit setting
// wins over what is detected.
func TestDetectionOfOtherSources(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("S"), nil)
	queued := inlineFunction(stack, "Queued", &awslambda.FunctionProps{})
	queued.AddEventSource(awslambdaeventsources.NewSqsEventSource(awssqs.NewQueue(stack, jsii.String("Q"), nil), nil))
	configured := inlineFunction(stack, "Configured", &awslambda.FunctionProps{})
	configured.ConfigureAsyncInvoke(&awslambda.EventInvokeConfigOptions{RetryAttempts: jsii.Number(0)})
	forced := monitoring.FromFunction(inlineFunction(stack, "Forced", &awslambda.FunctionProps{}), time.Second)
	yes := true
	forced.StreamSource = &yes
	m := monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{DisableAlarms: true, Functions: []monitoring.Target{
		monitoring.FromFunction(queued, time.Second), monitoring.FromFunction(configured, time.Second), forced,
	}})
	got := map[string]string{}
	for _, fp := range m.Plan().Functions {
		got[fp.Label] = fmt.Sprintf("stream=%v async=%v", fp.StreamSource, fp.AsyncInvoked)
	}
	want := map[string]string{"Queued": "stream=false async=false", "Configured": "stream=false async=true", "Forced": "stream=true async=false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("detected %v, want %v", got, want)
	}
}

// toList reads a policy field that is one string or a list of them.
func toList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}
