package test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
	"github.com/lambdaperf/lambdaperf/costmodel"
)

// optimizedFunctions are the reference functions of a stack (the
// optimized functions: the ones with a log group of their own), by
// logical ID.
func optimizedFunctions(tpl map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		if logging, _ := cdktest.Props(f)["LoggingConfig"].(map[string]any); logging["LogFormat"] == "JSON" {
			out[id] = f
		}
	}
	return out
}

func dashboardOf(t *testing.T, tpl map[string]any) monitoringtest.Body {
	t.Helper()
	ds, err := monitoringtest.Dashboards(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("%d dashboards, want 1", len(ds))
	}
	for _, d := range ds {
		return d
	}
	return monitoringtest.Body{}
}

// Every reference stack with functions has their dashboard and alarms.
func TestReferenceStacksAreMonitored(t *testing.T) {
	monitored := 0
	for name, tpl := range synth(t).Templates {
		fns := optimizedFunctions(tpl)
		if len(fns) == 0 {
			continue
		}
		monitored++
		t.Run(name, func(t *testing.T) {
			body := dashboardOf(t, tpl)
			for id, fn := range fns {
				p := cdktest.Props(fn)
				timeoutMs, memory := p["Timeout"].(float64)*1000, p["MemorySize"].(float64)
				ref := "${" + id + "}"
				var latency *monitoringtest.Widget
				for _, w := range body.Graphs()["Duration (alias live)"] {
					if ms := w.Visible(); len(ms) > 0 && ms[0].Dimensions["FunctionName"] == ref {
						latency = &w
					}
				}
				if latency == nil {
					t.Errorf("%s has no duration graph on its alias", id)
					continue
				}
				var stats []string
				for _, m := range latency.Visible() {
					stats = append(stats, m.Stat)
					if m.Name != "Duration" || m.Dimensions["Resource"] != ref+":live" {
						t.Errorf("%s: %s %v, want Duration of the alias %s:live", id, m.Name, m.Dimensions, ref)
					}
				}
				if strings.Join(stats, " ") != "p50 p95 p99 Maximum" {
					t.Errorf("%s duration statistics %v", id, stats)
				}
				if ann := latency.Properties.Annotations.Horizontal; len(ann) == 0 || ann[0].Value != timeoutMs || !strings.HasPrefix(ann[0].Label, "timeout") {
					t.Errorf("%s duration annotations %+v, want the timeout at %v ms", id, ann, timeoutMs)
				}
				found := false
				for _, w := range body.Graphs()["Memory"] {
					if ms := w.Visible(); len(ms) > 0 && ms[0].Name == ref+"/MaxMemoryUsed" {
						found = true
						if ann := w.Properties.Annotations.Horizontal; len(ann) != 1 || ann[0].Value != memory {
							t.Errorf("%s memory annotations %+v, want the configured %v MiB", id, ann, memory)
						}
					}
				}
				if !found {
					t.Errorf("%s has no memory-used graph", id)
				}
				// With the Lambda Insights layer, its init_duration and
				// memory_utilization are graphed too.
				insights := strings.Contains(fmt.Sprint(p["Layers"]), "LambdaInsights")
				graphed := 0
				for _, title := range []string{"Init duration (cold starts)", "Memory"} {
					for _, w := range body.Graphs()[title] {
						for _, m := range w.Visible() {
							if m.Namespace == monitoring.InsightsNamespace && m.Dimensions["function_name"] == ref {
								graphed++
							}
						}
					}
				}
				if want := map[bool]int{true: 2, false: 0}[insights]; graphed != want {
					t.Errorf("%s: %d Lambda Insights metrics graphed, want %d (Insights layer: %v)", id, graphed, want, insights)
				}
			}
			checkAlarms(t, tpl, fns)
			checkFilters(t, tpl, fns)
		})
	}
	if monitored < 3 {
		t.Errorf("%d monitored stacks, want the API, Java and Python stacks at least", monitored)
	}
}

// checkAlarms: the default alarms of each function, all notifying the
// stack's alarm topic, and one composite per function.
func checkAlarms(t *testing.T, tpl map[string]any, fns map[string]map[string]any) {
	t.Helper()
	topicID, _ := cdktest.Only(t, tpl, "AWS::SNS::Topic")
	alarms := cdktest.Resources(tpl, "AWS::CloudWatch::Alarm")
	composites := cdktest.Resources(tpl, "AWS::CloudWatch::CompositeAlarm")
	if len(composites) != len(fns) {
		t.Errorf("%d composite alarms for %d functions", len(composites), len(fns))
	}
	// At least p99 latency, error rate and throttles per function.
	if len(alarms) < 3*len(fns) {
		t.Errorf("%d alarms for %d functions, want at least 3 each", len(alarms), len(fns))
	}
	for id, a := range mergeMaps(alarms, composites) {
		if got := fmt.Sprint(cdktest.Props(a)["AlarmActions"]); got != fmt.Sprintf("[map[Ref:%s]]", topicID) {
			t.Errorf("%s actions %s, want the alarm topic %s", id, got, topicID)
		}
	}
	// The default p99 alarm of each function fires at 80 % of its timeout.
	for id, fn := range fns {
		want := cdktest.Props(fn)["Timeout"].(float64) * 1000 * monitoring.DefaultLatencyShare
		found := false
		for _, a := range alarms {
			p := cdktest.Props(a)
			ms, _ := p["Metrics"].([]any)
			if len(ms) != 1 {
				continue
			}
			stat := ms[0].(map[string]any)["MetricStat"].(map[string]any)
			if stat["Stat"] != "p99" || !strings.Contains(fmt.Sprint(stat["Metric"]), "Ref:"+id+"]") {
				continue
			}
			found = true
			if p["Threshold"] != want {
				t.Errorf("%s p99 alarm at %v ms, want %v (80 %% of the timeout)", id, p["Threshold"], want)
			}
		}
		if !found {
			t.Errorf("%s has no p99 duration alarm", id)
		}
	}
}

func mergeMaps(ms ...map[string]map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// checkFilters: the log-based metrics of each function, from filters on
// its own log group whose patterns are the tested ones.
func checkFilters(t *testing.T, tpl map[string]any, fns map[string]map[string]any) {
	t.Helper()
	patterns := map[string]bool{}
	for _, f := range monitoring.LogFilters {
		patterns[f.Pattern] = true
	}
	filters := cdktest.Resources(tpl, "AWS::Logs::MetricFilter")
	if len(filters) != len(monitoring.LogFilters)*len(fns) {
		t.Errorf("%d metric filters for %d functions, want %d each", len(filters), len(fns), len(monitoring.LogFilters))
	}
	for id, f := range filters {
		if p := cdktest.Props(f)["FilterPattern"].(string); !patterns[p] {
			t.Errorf("%s has the untested pattern %s", id, p)
		}
	}
	for id, fn := range fns {
		lg := cdktest.Props(fn)["LoggingConfig"].(map[string]any)
		if lg["SystemLogLevel"] != "INFO" && lg["SystemLogLevel"] != "DEBUG" {
			t.Errorf("%s system log level %v drops the platform.report records the filters read", id, lg["SystemLogLevel"])
		}
	}
}

// The API's cost graphs price arm64 GB-seconds and requests from costmodel.
func TestReferenceCostGraphs(t *testing.T) {
	tpl := template(t, "LambdaPerfApi")
	prices, err := costmodel.PricesFor("", costmodel.ARM64)
	if err != nil {
		t.Fatal(err)
	}
	perGBs := strings.TrimPrefix(prices.Duration[0].PerGBSecond.String(), "$")
	perReq := strings.TrimPrefix(prices.PerRequest.String(), "$")
	graphs := dashboardOf(t, tpl).Graphs()["Cost, USD/month at this rate (us-east-1 list price, INIT included, provisioned concurrency not included)"]
	if len(graphs) != 2 {
		t.Fatalf("%d cost graphs, want one per API function", len(graphs))
	}
	for _, g := range graphs {
		expr := g.Visible()[0].Expression
		if !strings.Contains(expr, "* "+perGBs+" +") || !strings.Contains(expr, "* "+perReq+")") || !strings.Contains(expr, "/ 1024)") {
			t.Errorf("cost expression %s, want GB-seconds × %s plus requests × %s", expr, perGBs, perReq)
		}
		if !strings.Contains(expr, "+ FILL(costInit") {
			t.Errorf("cost expression %s leaves out the INIT of cold starts", expr)
		}
	}
}

// The platform dashboard shows every monitored reference function side by
// side, reading the other stacks' function names through exports.
func TestPlatformDashboard(t *testing.T) {
	a := synth(t)
	body := dashboardOf(t, template(t, "LambdaPerfPlatform"))
	total := 0
	for name, tpl := range a.Templates {
		if name != "LambdaPerfPlatform" {
			total += len(optimizedFunctions(tpl))
		}
	}
	latency := body.Graphs()["Duration (alias live)"]
	if len(latency) != total {
		t.Fatalf("%d duration graphs, want one per reference function (%d)", len(latency), total)
	}
	rows := map[int][]int{}
	for _, w := range latency {
		rows[w.Y] = append(rows[w.Y], w.X)
		if ms := w.Visible(); !strings.HasPrefix(ms[0].Dimensions["FunctionName"], "${Import:") {
			t.Errorf("function name %s, want an import from the function's stack", ms[0].Dimensions["FunctionName"])
		}
		if len(w.Properties.Annotations.Horizontal) == 0 {
			t.Errorf("%+v has no timeout line", w)
		}
	}
	for y, xs := range rows {
		if len(xs) < 2 && total > 1 {
			t.Errorf("row at y=%d holds %d function(s): %v, want them side by side", y, len(xs), xs)
		}
	}
	if n := len(cdktest.Resources(template(t, "LambdaPerfPlatform"), "AWS::CloudWatch::Alarm")); n != 0 {
		t.Errorf("the platform stack has %d alarms: alarms belong to the functions' stacks", n)
	}
}
