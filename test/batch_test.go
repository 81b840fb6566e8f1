package test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	cloudassembly "github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/localinvoke"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// fakeDynamoDB answers DynamoDB PutItem on loopback: it records the keys it
// stored and refuses (ValidationException, which the SDK does not retry)
// every item whose key contains "poison".
func fakeDynamoDB(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var stored []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var put struct {
			Item map[string]map[string]string
		}
		_ = json.Unmarshal(body, &put)
		key := put.Item["pk"]["S"]
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".PutItem") || strings.Contains(key, "poison") {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"__type":"com.amazon.coral.validate#ValidationException","message":"refused by the test"}`))
			return
		}
		mu.Lock()
		stored = append(stored, key)
		mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := slices.Clone(stored)
		slices.Sort(out)
		return out
	}
}

// TestBatchHandlersReportOnlyTheirFailures runs the batch stack's two
// reference handlers from the synthesized assembly under the Lambda
// runtime emulator, as `lambdaperf invoke cdk.out LambdaPerfBatch/... --event
// functions/node/.../event.json` does, against a fake DynamoDB: the
// partial batch response names exactly the records that failed.
func TestBatchHandlersReportOnlyTheirFailures(t *testing.T) {
	a := synth(t)
	for _, c := range []struct {
		id, event  string
		wantFailed []string
		wantStored []string
	}{
		// A message that is not JSON and one DynamoDB refuses; the two
		// valid orders are stored.
		{"LambdaPerfBatch/OrdersWorker", "orders", []string{"2e1424d4-f796-459a-8184-9c92662be6da", "7b8e0f29-4a4c-4d0e-9f6d-0c5b2a1e3f44"}, []string{"order#o-1001", "order#o-1002"}},
		// The poison key fails at its first record (222); its second
		// (333) waits behind it, the other keys are projected.
		{"LambdaPerfBatch/OrdersProjector", "projector", []string{"222"}, []string{"summary#o-1001", "summary#o-1002"}},
	} {
		t.Run(c.id, func(t *testing.T) {
			event, err := os.ReadFile(filepath.Join(stacks.FunctionsDir(), "node", c.event, "event.json"))
			if err != nil {
				t.Fatal(err)
			}
			srv, stored := fakeDynamoDB(t)
			// Tests synthesize without path metadata: load by logical ID.
			id := ""
			for logical := range cdktest.Resources(template(t, "LambdaPerfBatch"), "AWS::Lambda::Function") {
				if strings.HasPrefix(logical, strings.TrimPrefix(c.id, "LambdaPerfBatch/")+"Function") {
					id = "LambdaPerfBatch/" + logical
				}
			}
			fn, err := localinvoke.Load(a.Dir, id)
			if err != nil {
				t.Fatal(err)
			}
			fn.Override(map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": srv.URL, "TABLE_NAME": "orders"})
			in, err := localinvoke.Start(context.Background(), fn, localinvoke.Options{NodeModules: filepath.Join(stacks.RepoDir(), "node_modules")})
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			r, err := in.Invoke(context.Background(), event)
			if err != nil {
				t.Fatal(err)
			}
			var resp struct {
				BatchItemFailures []struct {
					ItemIdentifier string `json:"itemIdentifier"`
				} `json:"batchItemFailures"`
			}
			if err := json.Unmarshal(r.Payload, &resp); err != nil || r.FunctionError != "" {
				t.Fatalf("response %s (error %q)\nlogs:\n%s", r.Payload, r.FunctionError, r.Logs)
			}
			var failed []string
			for _, f := range resp.BatchItemFailures {
				failed = append(failed, f.ItemIdentifier)
			}
			slices.Sort(failed)
			if !slices.Equal(failed, c.wantFailed) {
				t.Errorf("batchItemFailures %v, want exactly %v\nlogs:\n%s", failed, c.wantFailed, r.Logs)
			}
			if got := stored(); !slices.Equal(got, c.wantStored) {
				t.Errorf("stored %v, want %v", got, c.wantStored)
			}
		})
	}
}

// TestBatchStack: the reference batch stack wires its sources by the
// playbook: partial batch responses on both mappings, the queue's
// visibility at 6x the timeout plus the window, filters, and an
// on-failure destination on the stream.
func TestBatchStack(t *testing.T) {
	tpl := template(t, "LambdaPerfBatch")
	var sqs, stream map[string]any
	for _, m := range cdktest.Resources(tpl, "AWS::Lambda::EventSourceMapping") {
		p := cdktest.Props(m)
		if p["StartingPosition"] != nil {
			stream = p
		} else {
			sqs = p
		}
		if types, _ := p["FunctionResponseTypes"].([]any); len(types) != 1 || types[0] != "ReportBatchItemFailures" || p["FilterCriteria"] == nil {
			t.Errorf("mapping %v: want partial batch responses and filters", p)
		}
	}
	if sqs == nil || stream == nil {
		t.Fatal("want an SQS and a stream mapping")
	}
	if sqs["BatchSize"] != 100.0 || sqs["MaximumBatchingWindowInSeconds"] != 5.0 {
		t.Errorf("SQS mapping %v", sqs)
	}
	if stream["DestinationConfig"] == nil || stream["BisectBatchOnFunctionError"] != true || stream["MaximumRetryAttempts"] != 5.0 {
		t.Errorf("stream mapping %v", stream)
	}
	for _, q := range cdktest.Resources(tpl, "AWS::SQS::Queue") {
		if p := cdktest.Props(q); p["RedrivePolicy"] != nil && p["VisibilityTimeout"] != 65.0 {
			t.Errorf("orders queue visibility %v, want 6 × 10 s + 5 s", p["VisibilityTimeout"])
		}
	}
}

// TestBatchStackEventSourcesAreRead: the advisor and report read both
// mappings of the batch stack back to their functions (CDK names an alias
// through Fn::Join/Fn::Select), so their batch rules and pricing apply.
func TestBatchStackEventSourcesAreRead(t *testing.T) {
	a := synth(t)
	m, err := cloudassembly.ReadAssembly(a.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range m.Stacks {
		if st.Name != "LambdaPerfBatch" {
			continue
		}
		es := st.EventSources
		if es == nil {
			t.Fatal("no event sources read for LambdaPerfBatch")
		}
		kinds := map[string]string{}
		for _, mp := range es.Mappings {
			kinds[mp.Kind] = mp.Function
		}
		if !strings.HasPrefix(kinds["sqs"], "OrdersWorkerFunction") || !strings.HasPrefix(kinds["dynamodb"], "OrdersProjectorFunction") {
			t.Errorf("mappings read as %v, want sqs -> OrdersWorker and dynamodb -> OrdersProjector", kinds)
		}
		return
	}
	t.Fatal("no LambdaPerfBatch stack")
}
