package monitoring

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Grid of a CloudWatch dashboard: 24 units wide.
const (
	gridWidth    = 24
	graphWidth   = 6 // four graphs to a line
	graphHeight  = 6
	headerHeight = 2
)

// graph is what a graph widget shows, decided before any widget exists.
type graph struct {
	title              string
	left, right        []awscloudwatch.IMetric
	leftAnn, rightAnn  []*awscloudwatch.HorizontalAnnotation
	leftUnit           string
	rightUnit          string
	rightMax           float64 // 0: open
	stacked            bool
	width, height      float64
	placeholderMessage string // a text widget instead, when there is nothing to plot
}

func (g graph) widget() awscloudwatch.IWidget {
	if g.placeholderMessage != "" {
		return awscloudwatch.NewTextWidget(&awscloudwatch.TextWidgetProps{
			Markdown: jsii.String("**" + g.title + "**\n\n" + g.placeholderMessage),
			Width:    jsii.Number(g.width), Height: jsii.Number(g.height),
		})
	}
	p := &awscloudwatch.GraphWidgetProps{
		Title:     jsii.String(g.title),
		Width:     jsii.Number(g.width),
		Height:    jsii.Number(g.height),
		Left:      &g.left,
		LeftYAxis: &awscloudwatch.YAxisProps{Min: jsii.Number(0), Label: jsii.String(g.leftUnit), ShowUnits: jsii.Bool(false)},
	}
	if len(g.leftAnn) > 0 {
		p.LeftAnnotations = &g.leftAnn
	}
	if len(g.right) > 0 {
		p.Right = &g.right
		p.RightYAxis = &awscloudwatch.YAxisProps{Min: jsii.Number(0), Label: jsii.String(g.rightUnit), ShowUnits: jsii.Bool(false)}
		if g.rightMax > 0 {
			p.RightYAxis.Max = jsii.Number(g.rightMax)
		}
	}
	if len(g.rightAnn) > 0 {
		p.RightAnnotations = &g.rightAnn
	}
	if g.stacked {
		p.Stacked = jsii.Bool(true)
	}
	return awscloudwatch.NewGraphWidget(p)
}

func annotation(value float64, label, color string) *awscloudwatch.HorizontalAnnotation {
	return &awscloudwatch.HorizontalAnnotation{Value: jsii.Number(value), Label: jsii.String(label), Color: jsii.String(color)}
}

// alarmAnnotations draws the thresholds of a function's alarms of a kind.
func alarmAnnotations(fp *FunctionPlan, kind AlarmKind, unit string) []*awscloudwatch.HorizontalAnnotation {
	var out []*awscloudwatch.HorizontalAnnotation
	for _, a := range fp.Alarms {
		if a.Kind == kind {
			out = append(out, annotation(a.Threshold, fmt.Sprintf("alarm %s > %s%s", a.Label, formatNumber(a.Threshold), unit), colorAlarm))
		}
	}
	return out
}

// latencyGraph: p50, p95, p99 and max of the alias on one graph, with the
// timeout, the SLO and the p99 alarm thresholds as horizontal lines.
func latencyGraph(m *MetricFactory) graph {
	fp := m.fn
	ann := []*awscloudwatch.HorizontalAnnotation{annotation(ms(fp.Timeout), "timeout "+fp.Timeout.String(), colorLimit)}
	ann = append(ann, alarmAnnotations(fp, KindLatencyP99, " ms")...)
	if fp.LatencySLO > 0 && !hasThreshold(fp, KindLatencyP99, ms(fp.LatencySLO)) {
		ann = append(ann, annotation(ms(fp.LatencySLO), "SLO p99 "+fp.LatencySLO.String(), colorAlarm))
	}
	return graph{
		title:    "Duration" + aliasNote(fp),
		left:     []awscloudwatch.IMetric{m.Duration(P50), m.Duration(P95), m.Duration(P99), m.Duration(Maximum)},
		leftAnn:  ann,
		leftUnit: "ms",
	}
}

func hasThreshold(fp *FunctionPlan, kind AlarmKind, v float64) bool {
	for _, a := range fp.Alarms {
		if a.Kind == kind && a.Threshold == v {
			return true
		}
	}
	return false
}

// requestsGraph: invocations, errors and throttles, and the error rate on
// the right axis with its alarm thresholds.
func requestsGraph(m *MetricFactory) graph {
	fp := m.fn
	return graph{
		title:     "Requests and errors" + aliasNote(fp),
		left:      []awscloudwatch.IMetric{m.Invocations(), m.Errors(), m.Throttles()},
		right:     []awscloudwatch.IMetric{m.ErrorRate()},
		rightAnn:  alarmAnnotations(fp, KindErrorRate, " %"),
		leftUnit:  "count",
		rightUnit: "%",
	}
}

// concurrencyGraph: concurrent executions; with provisioned concurrency,
// the provisioned executions, spillover and utilization too.
func concurrencyGraph(m *MetricFactory) graph {
	fp := m.fn
	g := graph{
		title:    "Concurrency" + aliasNote(fp),
		left:     []awscloudwatch.IMetric{m.ConcurrentExecutions()},
		leftUnit: "count",
	}
	if fp.ProvisionedConcurrency {
		g.left = append(g.left, m.ProvisionedConcurrentExecutions(), m.ProvisionedConcurrencySpilloverInvocations())
		g.right = []awscloudwatch.IMetric{m.ProvisionedConcurrencyUtilization()}
		g.rightUnit, g.rightMax = "utilization", 1
	}
	return g
}

const noLogMetrics = "No log-based metrics: set the target's LogGroup to the function's JSON log group (FromOptimized does)."

// coldStartGraph: cold starts per period, and their share of invocations.
func coldStartGraph(m *MetricFactory) graph {
	g := graph{title: "Cold starts (all versions)", leftUnit: "count", rightUnit: "%"}
	if !m.fn.LogMetrics {
		g.placeholderMessage = noLogMetrics
		return g
	}
	g.left = []awscloudwatch.IMetric{m.ColdStarts()}
	g.right = []awscloudwatch.IMetric{m.ColdStartShare()}
	return g
}

// initGraph: init duration percentiles from the log records (and Lambda
// Insights when it runs).
func initGraph(m *MetricFactory) graph {
	fp := m.fn
	g := graph{title: "Init duration (cold starts)", leftUnit: "ms"}
	if fp.LogMetrics {
		g.left = append(g.left, m.InitDuration(P50), m.InitDuration(P99), m.InitDuration(Maximum), m.RestoreDuration(P99))
	}
	if fp.LambdaInsights {
		g.left = append(g.left, m.InsightsInitDuration(P99))
	}
	return g
}

// memoryGraph: max memory used against the configured memory (a
// horizontal line), and Lambda Insights' utilization.
func memoryGraph(m *MetricFactory) graph {
	fp := m.fn
	g := graph{title: "Memory", leftUnit: "MB", rightUnit: "%"}
	if fp.LogMetrics {
		g.left = append(g.left, m.MaxMemoryUsed())
	}
	if fp.MemoryMiB > 0 {
		g.leftAnn = append(g.leftAnn, annotation(float64(fp.MemoryMiB), fmt.Sprintf("configured %d MiB", fp.MemoryMiB), colorLimit))
	}
	if fp.LambdaInsights {
		g.right = append(g.right, m.InsightsMemoryUtilization())
		g.rightMax = 100
	}
	return g
}

// ageGraph: iterator age of stream sources and age of async events.
func ageGraph(m *MetricFactory) graph {
	fp := m.fn
	g := graph{title: "Event age", leftUnit: "ms"}
	if fp.StreamSource {
		g.left = append(g.left, m.IteratorAge())
		g.leftAnn = alarmAnnotations(fp, KindIteratorAge, " ms")
	}
	if fp.AsyncInvoked {
		g.left = append(g.left, m.AsyncEventAge())
		g.leftAnn = append(g.leftAnn, alarmAnnotations(fp, KindAsyncEventAge, " ms")...)
	}
	return g
}

// costGraph: the traffic priced and projected to a month.
func costGraph(m *MetricFactory) graph {
	g := graph{title: fmt.Sprintf("Cost, USD/month at this rate (%s list price, %s)", costRegion(m.fn), costScope(m.fn)), leftUnit: "USD"}
	if m.fn.Cost == nil {
		g.placeholderMessage = "No cost: set the target's MemoryMiB (FromOptimized does)."
		return g
	}
	g.left = []awscloudwatch.IMetric{m.MonthlyCost()}
	return g
}

func costRegion(fp *FunctionPlan) string {
	if fp.Cost == nil {
		return ""
	}
	return fp.Cost.Region
}

// bandGraphs are the graphs of one function's band on a Monitoring
// dashboard, in order; graphs with nothing to show are left out.
func bandGraphs(m *MetricFactory) []graph {
	fp := m.fn
	gs := []graph{latencyGraph(m), requestsGraph(m), concurrencyGraph(m)}
	if fp.LogMetrics {
		gs = append(gs, coldStartGraph(m))
	}
	if fp.LogMetrics || fp.LambdaInsights {
		gs = append(gs, initGraph(m))
	}
	if fp.LogMetrics || fp.LambdaInsights {
		gs = append(gs, memoryGraph(m))
	}
	if fp.StreamSource || fp.AsyncInvoked {
		gs = append(gs, ageGraph(m))
	}
	if len(fp.Sources) > 0 || fp.AsyncInvoked {
		gs = append(gs, sourcesGraph(m))
	}
	if fp.CapacityProviderName != "" {
		gs = append(gs, managedInstancesGraphs(m)...)
	}
	if fp.Cost != nil {
		gs = append(gs, costGraph(m))
	}
	return gs
}

// header is the Markdown line above a function's graphs.
func header(fp *FunctionPlan, context string) string {
	facts := []string{"function `" + fp.FunctionName + "`"}
	if fp.AliasName != "" {
		facts = append(facts, "alias `"+fp.AliasName+"`")
	}
	if fp.MemoryMiB > 0 {
		facts = append(facts, fmt.Sprintf("%d MiB", fp.MemoryMiB))
	}
	facts = append(facts, string(fp.Architecture), "timeout "+fp.Timeout.String())
	if fp.ProvisionedConcurrency {
		facts = append(facts, "provisioned concurrency")
	}
	if fp.CapacityProviderName != "" {
		facts = append(facts, "Managed Instances on `"+fp.CapacityProviderName+"`")
	}
	if fp.StreamSource {
		facts = append(facts, "stream source")
	}
	if fp.AsyncInvoked {
		facts = append(facts, "async invocations")
	}
	title := fp.Label
	if context != "" {
		title += " · " + context
	}
	return "### " + title + "\n" + strings.Join(facts, " · ")
}

func text(markdown string, width, height float64) awscloudwatch.IWidget {
	return awscloudwatch.NewTextWidget(&awscloudwatch.TextWidgetProps{
		Markdown: jsii.String(markdown), Width: jsii.Number(width), Height: jsii.Number(height),
	})
}

// band is one function's part of a Monitoring dashboard: a header, then
// its graphs, four to a line; the graph widgets are added to graphs too.
func band(m *MetricFactory, graphs *[]awscloudwatch.IWidget) awscloudwatch.IWidget {
	widgets := []awscloudwatch.IWidget{text(header(m.fn, ""), gridWidth, headerHeight)}
	for _, g := range bandGraphs(m) {
		g.width, g.height = graphWidth, graphHeight
		w := g.widget()
		widgets = append(widgets, w)
		if g.placeholderMessage == "" {
			*graphs = append(*graphs, w)
		}
	}
	return awscloudwatch.NewRow(widgets...)
}

// summaryGraphs compare the functions of a Monitoring, one line each: p99
// duration, error rate, cold-start share and projected cost.
func summaryGraphs(ms []*MetricFactory) []graph {
	p99 := graph{title: "p99 duration", leftUnit: "ms"}
	rate := graph{title: "Error rate", leftUnit: "%"}
	cold := graph{title: "Cold-start share", leftUnit: "%"}
	cost := graph{title: "Cost, USD/month at this rate (provisioned concurrency not included)", leftUnit: "USD", stacked: true}
	for _, m := range ms {
		label := m.fn.Label
		p99.left = append(p99.left, m.duration(P99, label))
		rate.left = append(rate.left, m.errorRate(label))
		if m.fn.LogMetrics {
			cold.left = append(cold.left, m.coldStartShare(label))
		}
		if m.fn.Cost != nil {
			cost.left = append(cost.left, m.monthlyCost(label))
		}
	}
	gs := []graph{p99, rate}
	if len(cold.left) > 0 {
		gs = append(gs, cold)
	}
	if len(cost.left) > 0 {
		gs = append(gs, cost)
	}
	for i := range gs {
		gs[i].width, gs[i].height = float64(gridWidth/len(gs)), graphHeight
	}
	return gs
}

// monitoringRows lays out a Monitoring's dashboard: the title, the summary
// row (and the alarms' status), then one band per function. graphs are the
// graph widgets among them, whose warnings the caller reports.
func monitoringRows(title string, ms []*MetricFactory, alarms []interfacesawscloudwatch.IAlarmRef) (rows, graphs []awscloudwatch.IWidget) {
	rows = []awscloudwatch.IWidget{text("# "+title+"\nSummary first, then one band per function: tail latency (p50/p95/p99/max), errors, concurrency, cold starts, memory and cost.", gridWidth, headerHeight)}
	var summary []awscloudwatch.IWidget
	for _, g := range summaryGraphs(ms) {
		w := g.widget()
		summary = append(summary, w)
		graphs = append(graphs, w)
	}
	rows = append(rows, awscloudwatch.NewRow(summary...))
	if len(alarms) > 0 {
		rows = append(rows, awscloudwatch.NewAlarmStatusWidget(&awscloudwatch.AlarmStatusWidgetProps{
			Title:  jsii.String("Alarms"),
			Alarms: &alarms,
			Width:  jsii.Number(gridWidth),
			Height: jsii.Number(2 + (len(alarms)+3)/4),
			SortBy: awscloudwatch.AlarmStatusWidgetSortBy_STATE_UPDATED_TIMESTAMP,
		}))
	}
	for _, m := range ms {
		rows = append(rows, band(m, &graphs))
	}
	return rows, graphs
}

// warnWidgets reports the widgets' warnings (an unknown statistic, an
// undefined metric-math ID) on scope, as Dashboard.AddWidgets does for the
// widgets given to it.
func warnWidgets(scope constructs.IConstruct, widgets []awscloudwatch.IWidget) {
	for _, w := range widgets {
		ws := w.WarningsV2()
		if ws == nil {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(*ws)) {
			awscdk.Annotations_Of(scope).AddWarningV2(jsii.String(id), (*ws)[id], nil)
		}
	}
}

// overviewColumn is one function's column on an Overview: the same graphs
// for every function, so they line up side by side; a graph a function
// cannot have says why instead. The graph widgets are added to graphs too.
func overviewColumn(m *MetricFactory, context string, width float64, graphs *[]awscloudwatch.IWidget) awscloudwatch.IWidget {
	widgets := []awscloudwatch.IWidget{text(header(m.fn, context), width, headerHeight+1)}
	for _, g := range []graph{latencyGraph(m), requestsGraph(m), coldStartGraph(m), costGraph(m)} {
		g.width, g.height = width, graphHeight
		w := g.widget()
		widgets = append(widgets, w)
		if g.placeholderMessage == "" {
			*graphs = append(*graphs, w)
		}
	}
	return awscloudwatch.NewColumn(widgets...)
}
