package monitoring_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// Sources attached with constructs/sources are watched with no extra
// call, whether they are attached before monitoring.New or after it: an
// alarm per failure queue, the dropped async events, the iterator age of
// the stream, all in the composite alarm; and a graph of the batch size
// actually used against the configured one.
func TestSourcesAreWatched(t *testing.T) {
	for _, order := range []string{"sources before monitoring.New", "sources after monitoring.New"} {
		t.Run(order, func(t *testing.T) {
			var tpl map[string]any
			if msg := cdktest.Panics(func() {
				stack := awscdk.NewStack(newApp(t), jsii.String("S"), nil)
				// Tags are an aspect too: it must reach the alarms built at
				// synthesis.
				awscdk.Tags_Of(stack).Add(jsii.String("team"), jsii.String("orders"), nil)
				fn := optimizedfn.New(stack, jsii.String("Worker"), &optimizedfn.Props{Entry: "../sources/testdata/handler.ts"})
				attach := func() {
					sources.NewSQS(fn, jsii.String("Orders"), nil)
					table := awsdynamodb.NewTable(stack, jsii.String("Table"), &awsdynamodb.TableProps{
						PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
						Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
					})
					sources.NewStream(fn, jsii.String("Changes"), &sources.StreamProps{Table: table})
					sources.NewAsync(fn, jsii.String("Async"), nil)
				}
				if order == "sources before monitoring.New" {
					attach()
				}
				m := monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{monitoring.FromOptimized(fn)}})
				m.Dashboard().AddWidgets(awscloudwatch.NewTextWidget(&awscloudwatch.TextWidgetProps{Markdown: jsii.String("a team's own notes")}))
				if order == "sources after monitoring.New" {
					attach()
				}
				tpl = cdktest.Template(t, stack)
			}); msg != "" {
				t.Fatal(msg)
			}
			assertSourcesWatched(t, tpl)
		})
	}
}

func assertSourcesWatched(t *testing.T, tpl map[string]any) {
	t.Helper()
	alarms := cdktest.Resources(tpl, "AWS::CloudWatch::Alarm")
	for id, a := range alarms {
		if !strings.Contains(js(cdktest.Props(a)["Tags"]), `{"Key":"team","Value":"orders"}`) {
			t.Errorf("alarm %s lacks the stack's tag: %s", id, js(cdktest.Props(a)["Tags"]))
		}
	}
	queues := map[string]string{} // alarm prefix -> queue logical ID prefix
	for _, src := range []string{"Orders", "Changes", "Async"} {
		dlq := "WorkerOrdersDeadLetters"
		if src != "Orders" {
			dlq = "Worker" + src + "OnFailure"
		}
		queues["MonitoringWorkerDeadLetters"+src+"Critical"] = dlq
	}
	for prefix, queue := range queues {
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
		metric := js(found["Metrics"])
		if !strings.Contains(metric, `"Namespace":"AWS/SQS"`) || !strings.Contains(metric, `"MetricName":"ApproximateNumberOfMessagesVisible"`) || found["Threshold"] != 0.0 || !strings.Contains(metric, queue) {
			t.Errorf("%s watches %s > %v, want the depth of %s above 0", prefix, metric, found["Threshold"], queue)
		}
	}
	for _, prefix := range []string{"MonitoringWorkerAsyncDroppedCritical", "MonitoringWorkerAsyncEventAgeCritical", "MonitoringWorkerIteratorAgeCritical"} {
		ok := false
		for id := range alarms {
			ok = ok || strings.HasPrefix(id, prefix)
		}
		if !ok {
			t.Errorf("no alarm %s", prefix)
		}
	}
	_, composite := cdktest.Only(t, tpl, "AWS::CloudWatch::CompositeAlarm")
	rule, err := monitoringtest.Resolve(cdktest.Props(composite)["AlarmRule"])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DeadLettersOrders", "DeadLettersChanges", "DeadLettersAsync", "AsyncDropped", "AsyncEventAge", "IteratorAge"} {
		if !strings.Contains(rule, want) {
			t.Errorf("the composite alarm misses %s: %s", want, rule)
		}
	}

	boards, err := monitoringtest.Dashboards(tpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range boards {
		g := graph(t, b, "Batches and failures", 0)
		var invoked, depth, dropped int
		for _, m := range g.Metrics() {
			switch m.Name {
			case "InvokedEventCount":
				invoked++
			case "ApproximateNumberOfMessagesVisible":
				depth++
			case "AsyncEventsDropped":
				dropped++
			}
		}
		if invoked != 2 || depth != 3 || dropped != 1 {
			t.Errorf("batches graph: %d event counts, %d queue depths, %d dropped; want 2, 3, 1", invoked, depth, dropped)
		}
		if !strings.Contains(js(g), "Orders batch size 100") || !strings.Contains(js(g), "Changes batch size 100") {
			t.Errorf("batches graph does not draw the configured batch sizes: %s", js(g))
		}
		// A widget the user added after New stays below the monitoring's.
		last := b.Widgets[len(b.Widgets)-1]
		if last.Type != "text" || !strings.Contains(js(last.Properties), "a team's own notes") {
			t.Errorf("the last widget is %s %s, want the user's text below the monitoring's own", last.Type, js(last.Properties))
		}
	}
}

// Alarms called before synthesis builds the alarms then; a source attached
// afterwards would go unwatched, so synthesis stops and says why.
func TestEarlyAlarmsRefuseLateSources(t *testing.T) {
	msg := cdktest.Panics(func() {
		app := newApp(t)
		stack := awscdk.NewStack(app, jsii.String("S"), nil)
		fn := optimizedfn.New(stack, jsii.String("Worker"), &optimizedfn.Props{Entry: "../sources/testdata/handler.ts"})
		m := monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{monitoring.FromOptimized(fn)}})
		if n := len(m.Alarms("Worker").Alarms); n == 0 {
			t.Error("Alarms before synthesis built no alarms")
		}
		sources.NewSQS(fn, jsii.String("Orders"), nil)
		app.Synth(nil)
	})
	want := `monitoring "S/Monitoring": Functions[0] "Worker": source "Orders" (sqs) was attached after Alarms("Worker") built the alarms`
	if !strings.Contains(msg, want) {
		t.Errorf("synthesis gave %q, want an error containing %q", msg, want)
	}
}

// js is v as compact JSON, for substring checks.
func js(v any) string { b, _ := json.Marshal(v); return string(b) }
