package monitoring

import (
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// OverviewProps configures an Overview.
type OverviewProps struct {
	// Monitorings whose functions the overview shows, in this order.
	// Required: at least one.
	Monitorings []*Monitoring

	// Title heads the dashboard. Default: the construct path.
	Title string
}

// Overview is a platform-level dashboard: the functions of several
// Monitorings side by side, one column each (four to a row), with the same
// graphs in the same places: duration percentiles against the timeout,
// requests and errors, cold starts, and cost. It only reads metrics: the
// metric filters and alarms stay with each Monitoring. Monitorings in
// other stacks are referenced through CloudFormation exports, which CDK
// creates.
type Overview struct {
	constructs.Construct
	title       string
	monitorings []*Monitoring
	dashboard   awscloudwatch.Dashboard
	body        awscloudwatch.Column
	built       bool
}

// columnsPerRow of an Overview: four columns of 6 units fill the grid.
const columnsPerRow = 4

// NewOverview builds an overview of the Monitorings' functions. The
// columns are laid out when the app synthesizes, after each Monitoring has
// read what is attached to its functions.
func NewOverview(scope constructs.Construct, id *string, props *OverviewProps) *Overview {
	if props == nil {
		props = &OverviewProps{}
	}
	path := problems.Path(scope, id)
	if err := props.validate(path); err != nil {
		panic(err)
	}
	o := &Overview{title: props.Title, monitorings: slices.Clone(props.Monitorings)}
	constructs.NewConstruct_Override(o, scope, id)
	if o.title == "" {
		o.title = path
	}
	o.dashboard = awscloudwatch.NewDashboard(o, jsii.String("Dashboard"), nil)
	o.body = awscloudwatch.NewColumn()
	o.dashboard.AddWidgets(o.body)
	awscdk.Aspects_Of(o.dashboard).Add(&finisher{o.build}, &awscdk.AspectOptions{Priority: awscdk.AspectPriority_MUTATING()})
	return o
}

// build lays out the columns, once, from the final plan of each
// Monitoring (built first if its own aspect has not run yet).
func (o *Overview) build() {
	if o.built {
		return
	}
	o.built = true
	type column struct {
		m       *MetricFactory
		context string
	}
	var cols []column
	for _, src := range o.monitorings {
		if !src.built {
			src.build()
		}
		stack := *awscdk.Stack_Of(src).StackName()
		for i := range src.plan.Functions {
			fp := src.plan.Functions[i] // a copy: indexes renumbered below
			cols = append(cols, column{newMetricFactory(&fp, src.plan.Period), stack})
		}
	}
	// Balanced rows of at most columnsPerRow: 5 functions are 3+2, not
	// 4 and one alone.
	rows := (len(cols) + columnsPerRow - 1) / columnsPerRow
	perRow := (len(cols) + rows - 1) / rows
	width := float64(gridWidth / perRow)

	o.body.AddWidget(text(fmt.Sprintf("# %s\n%d functions side by side: tail latency against the timeout, requests and errors, cold starts, cost.", o.title, len(cols)), gridWidth, headerHeight))
	var graphs []awscloudwatch.IWidget
	for start := 0; start < len(cols); start += perRow {
		var row []awscloudwatch.IWidget
		for i, c := range cols[start:min(start+perRow, len(cols))] {
			c.m.fn.Index = start + i
			row = append(row, overviewColumn(c.m, c.context, width, &graphs))
		}
		o.body.AddWidget(awscloudwatch.NewRow(row...))
	}
	warnWidgets(o.dashboard, graphs)
}

func (p *OverviewProps) validate(path string) error {
	probs := problems.New("monitoring.Overview", path)
	if len(p.Monitorings) == 0 {
		probs.Addf("Monitorings is empty: add the Monitoring of each stack to compare")
	}
	for i, m := range p.Monitorings {
		if m == nil {
			probs.Addf("Monitorings[%d] is nil: pass the *Monitoring that monitoring.New returned", i)
		}
	}
	return probs.Err()
}

// Dashboard is the overview's CloudWatch dashboard; widgets added to it
// come below the overview's own.
func (o *Overview) Dashboard() awscloudwatch.Dashboard { return o.dashboard }
