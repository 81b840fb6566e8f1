package monitoring_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

func TestMonitoringCoversTheCapacityProvider(t *testing.T) {
	stack := awscdk.NewStack(newApp(t), jsii.String("MI"), nil)
	cp := capacity.New(stack, jsii.String("Capacity"), &capacity.Props{Network: network.New(stack, jsii.String("Net"), nil)})
	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
		Entry: "../optimizedfn/testdata/node/handler.ts", ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: cp},
	})
	mon := monitoring.New(stack, jsii.String("Mon"), &monitoring.Props{Functions: []monitoring.Target{monitoring.FromOptimized(fn)}})
	tpl := cdktest.Template(t, stack)
	cpID, _ := cdktest.Only(t, tpl, "AWS::Lambda::CapacityProvider")

	// Alarms: the environments' CPU and their concurrency against the limit,
	// on the capacity provider's name and the function's.
	kinds := map[monitoring.AlarmKind]bool{}
	for _, a := range mon.Plan().Functions[0].Alarms {
		kinds[a.Kind] = true
	}
	if !kinds[monitoring.KindInstanceCPU] || !kinds[monitoring.KindConcurrencySaturation] || !kinds[monitoring.KindThrottles] {
		t.Fatalf("alarm kinds %v", kinds)
	}
	var cpu, saturation bool
	for _, a := range cdktest.Resources(tpl, "AWS::CloudWatch::Alarm") {
		p := cdktest.Props(a)
		js := mustJSON(p)
		switch {
		case strings.Contains(js, `"MetricName":"ExecutionEnvironmentCPUUtilization"`):
			cpu = p["Threshold"] == 80.0 && strings.Contains(js, `"Period":300`) && strings.Contains(js, `"Namespace":"AWS/Lambda"`) &&
				strings.Contains(js, `"Name":"CapacityProviderName"`) && strings.Contains(js, cpID) && strings.Contains(js, `"Name":"FunctionName"`)
			if !cpu {
				t.Log(js)
			}
		case strings.Contains(js, "ExecutionEnvironmentConcurrencyLimit"):
			saturation = p["Threshold"] == 90.0 && strings.Contains(js, `"MetricName":"ExecutionEnvironmentConcurrency"`) && strings.Contains(js, "100 * conc / FILL(limit, 1)")
		}
	}
	if !cpu || !saturation {
		t.Errorf("CPU alarm right: %v; saturation alarm right: %v", cpu, saturation)
	}

	bodies, err := monitoringtest.Dashboards(tpl)
	if err != nil {
		t.Fatal(err)
	}
	var body monitoringtest.Body
	for _, b := range bodies {
		body = b
	}
	instances := graph(t, body, "Instances: CPU % and vCPUs (instance count)", 0)
	var searches []string
	for _, m := range instances.Metrics() {
		searches = append(searches, m.Expression)
	}
	if got := strings.Join(searches, "\n"); !strings.Contains(got, `MetricName="CPUUtilization"`) || !strings.Contains(got, `MetricName="vCPUAllocated"`) ||
		!strings.Contains(got, `MetricName="vCPUAvailable"`) || !strings.Contains(got, "{AWS/Lambda,CapacityProviderName,InstanceType}") {
		t.Errorf("instances graph: %s", got)
	}
	reasons := graph(t, body, "Throttles by reason (scale-up lag shows as concurrency or CPU)", 0)
	var names []string
	for _, m := range reasons.Metrics() {
		names = append(names, m.Name)
	}
	if got := strings.Join(names, " "); got != "ConcurrencyThrottles CPUThrottles MemoryThrottles DiskThrottles" {
		t.Errorf("throttle reasons: %s", got)
	}
	// The cost widget prices requests only and says so.
	var cost monitoringtest.Widget
	for title, ws := range body.Graphs() {
		if strings.HasPrefix(title, "Cost, USD/month") && strings.Contains(title, "Managed Instances") {
			cost = ws[0]
		}
	}
	if cost.Properties.Title == "" {
		t.Fatalf("no cost graph that names Managed Instances")
	}
	if !strings.Contains(cost.Properties.Title, "requests only, no duration charge") || !strings.Contains(cost.Properties.Title, "management fee") {
		t.Errorf("cost title %q", cost.Properties.Title)
	}
	for _, m := range cost.Metrics() {
		if m.Name == "Duration" {
			t.Error("the cost of a function on Managed Instances has no duration charge")
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
