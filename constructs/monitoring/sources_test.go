package monitoring_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/constructs/sources"
)

// Sources attached with constructs/sources are watched with no extra
// call: an alarm per failure queue, the dropped async events, the iterator
// age of the stream, all in the composite alarm; and a graph of the batch
// size actually used against the configured one.
func TestSourcesAreWatched(t *testing.T) {
	var tpl map[string]any
	if msg := cdktest.Panics(func() {
		stack := awscdk.NewStack(newApp(t), jsii.String("S"), nil)
		fn := optimizedfn.New(stack, jsii.String("Worker"), &optimizedfn.Props{Entry: "../sources/testdata/handler.ts"})
		sources.NewSQS(fn, jsii.String("Orders"), nil)
		table := awsdynamodb.NewTable(stack, jsii.String("Table"), &awsdynamodb.TableProps{
			PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
			Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
		})
		sources.NewStream(fn, jsii.String("Changes"), &sources.StreamProps{Table: table})
		sources.NewAsync(fn, jsii.String("Async"), nil)
		monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{monitoring.FromOptimized(fn)}})
		tpl = cdktest.Template(t, stack)
	}); msg != "" {
		t.Fatal(msg)
	}

	alarms := cdktest.Resources(tpl, "AWS::CloudWatch::Alarm")
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
	}
}

// js is v as compact JSON, for substring checks.
func js(v any) string { b, _ := json.Marshal(v); return string(b) }
