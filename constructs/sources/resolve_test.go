package sources

import (
	"strings"
	"testing"
	"time"
)

var tenSeconds = Function{Timeout: 10 * time.Second}

func dur(d time.Duration) *time.Duration { return &d }
func intp(n int) *int                    { return &n }

func TestResolveSQSDefaults(t *testing.T) {
	t.Run("a created standard queue batches 100 in 5 s with visibility 6x timeout + window", func(t *testing.T) {
		p, err := ResolveSQS("S/Orders", nil, tenSeconds, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !p.CreateQueue || p.FIFO || p.BatchSize != 100 || p.MaxBatchingWindow != 5*time.Second || p.VisibilityTimeout != 65*time.Second || p.MaxReceiveCount != 5 || p.MaxConcurrency != 0 {
			t.Errorf("plan %+v", p)
		}
	})
	t.Run("a created FIFO queue batches 10 without a window", func(t *testing.T) {
		p, err := ResolveSQS("", &SQSProps{FIFO: true}, tenSeconds, nil)
		if err != nil || p.BatchSize != 10 || p.MaxBatchingWindow != 0 || p.VisibilityTimeout != 60*time.Second {
			t.Errorf("plan %+v, err %v", p, err)
		}
	})
	t.Run("maximum concurrency follows reserved concurrency", func(t *testing.T) {
		p, err := ResolveSQS("", nil, Function{Timeout: time.Second, Reserved: intp(20)}, nil)
		if err != nil || p.MaxConcurrency != 20 {
			t.Errorf("plan %+v, err %v", p, err)
		}
	})
	t.Run("a given queue with an unknown visibility timeout warns", func(t *testing.T) {
		p, err := ResolveSQS("", &SQSProps{Queue: fakeQueue{}}, tenSeconds, &QueueFacts{})
		if err != nil || len(p.Warnings) != 1 || p.Warnings[0].ID != WarnVisibilityUnknown {
			t.Errorf("plan %+v, err %v", p, err)
		}
	})
	t.Run("a given queue at exactly 6x passes", func(t *testing.T) {
		p, err := ResolveSQS("", &SQSProps{Queue: fakeQueue{}}, tenSeconds, &QueueFacts{VisibilityTimeout: time.Minute})
		if err != nil || len(p.Warnings) != 0 || p.CreateQueue {
			t.Errorf("plan %+v, err %v", p, err)
		}
	})
}

func TestResolveSQSRefuses(t *testing.T) {
	given := &QueueFacts{VisibilityTimeout: time.Hour}
	fifo := &QueueFacts{FIFO: true, VisibilityTimeout: time.Hour}
	for _, c := range []struct {
		name  string
		props SQSProps
		queue *QueueFacts
		want  string
	}{
		{"a batch of 10,001", SQSProps{BatchSize: 10001}, nil, "BatchSize must be 1..10000 on a standard queue, got 10001"},
		{"a negative batch", SQSProps{BatchSize: -1}, nil, "got -1"},
		{"a FIFO batch of 11", SQSProps{BatchSize: 11}, fifo, "BatchSize must be 1..10 on a FIFO queue, got 11"},
		{"a FIFO queue with a window", SQSProps{FIFO: true, MaxBatchingWindow: dur(time.Second)}, nil, "MaxBatchingWindow is 1s on a FIFO queue"},
		{"a window over 300 s", SQSProps{MaxBatchingWindow: dur(301 * time.Second)}, nil, "MaxBatchingWindow must be whole seconds 0s..5m0s, got 5m1s"},
		{"a window in fractions of a second", SQSProps{MaxBatchingWindow: dur(1500 * time.Millisecond)}, nil, "got 1.5s"},
		{"more than 10 without a window", SQSProps{BatchSize: 11, MaxBatchingWindow: dur(0)}, nil, "BatchSize 11 is above 10 on a standard queue, which needs a batching window of at least 1s"},
		{"maximum concurrency 1", SQSProps{MaxConcurrency: 1}, nil, "MaxConcurrency must be 2..1000, got 1"},
		{"maximum concurrency 1001", SQSProps{MaxConcurrency: 1001}, nil, "got 1001"},
		{"a visibility timeout below 6x", SQSProps{}, &QueueFacts{VisibilityTimeout: 30 * time.Second}, "the queue's visibility timeout 30s is below 6× the function timeout 10s"},
		{"a declared visibility timeout below 6x", SQSProps{VisibilityTimeout: 59 * time.Second}, &QueueFacts{}, "visibility timeout 59s is below 6×"},
		{"maxReceiveCount 1001", SQSProps{MaxReceiveCount: 1001}, nil, "MaxReceiveCount must be 1..1000, got 1001"},
		{"maxReceiveCount on a given queue", SQSProps{MaxReceiveCount: 3}, given, "MaxReceiveCount is set for a given Queue"},
		{"too many filters", SQSProps{Filters: []Filter{{"a": []any{1}}, {"a": []any{2}}, {"a": []any{3}}, {"a": []any{4}}, {"a": []any{5}}, {"a": []any{6}}}}, nil, "Filters has 6 filters, Lambda allows 5"},
		{"a bare filter value", SQSProps{Filters: []Filter{{"body": map[string]any{"type": "order"}}}}, nil, `Filters[0] has a bare value at body.type (order)`},
		{"an empty filter", SQSProps{Filters: []Filter{{}}}, nil, "Filters[0] is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			props := c.props
			if c.queue != nil {
				props.Queue = fakeQueue{}
			}
			_, err := ResolveSQS("S/Orders", &props, tenSeconds, c.queue)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), `sources.SQS "S/Orders": `) {
				t.Errorf("error %v does not name the construct", err)
			}
		})
	}
}

func TestResolveStream(t *testing.T) {
	p, err := ResolveStream("S/Changes", &StreamProps{Table: fakeTable{}}, tenSeconds)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindDynamoDB || p.StartingPosition != Latest || p.BatchSize != 100 || p.ParallelizationFactor != 1 || p.RetryAttempts != 5 || p.MaxRecordAge != time.Hour || !p.Bisect || !p.CreateOnFailure || len(p.Warnings) != 0 {
		t.Errorf("plan %+v", p)
	}
	p, err = ResolveStream("", &StreamProps{Kinesis: fakeStream{}, RetryAttempts: intp(Unbounded)}, tenSeconds)
	if err != nil || p.Kind != KindKinesis || len(p.Warnings) != 1 || p.Warnings[0].ID != WarnUnboundedRetries {
		t.Errorf("unbounded retries: plan %+v, err %v", p, err)
	}
	for _, c := range []struct {
		name  string
		props StreamProps
		want  string
	}{
		{"no stream", StreamProps{}, "neither Kinesis nor Table is set"},
		{"both streams", StreamProps{Kinesis: fakeStream{}, Table: fakeTable{}}, "Kinesis and Table are both set"},
		{"parallelization 11", StreamProps{Table: fakeTable{}, ParallelizationFactor: 11}, "ParallelizationFactor must be 1..10, got 11"},
		{"parallelization -1", StreamProps{Table: fakeTable{}, ParallelizationFactor: -1}, "got -1"},
		{"10,001 retries", StreamProps{Table: fakeTable{}, RetryAttempts: intp(10001)}, "RetryAttempts must be 0..10000, or sources.Unbounded, got 10001"},
		{"-2 retries", StreamProps{Table: fakeTable{}, RetryAttempts: intp(-2)}, "got -2"},
		{"a record age of 59 s", StreamProps{Table: fakeTable{}, MaxRecordAge: 59 * time.Second}, "MaxRecordAge must be whole seconds 1m0s..168h0m0s, or sources.Unbounded, got 59s"},
		{"a record age over 7 days", StreamProps{Table: fakeTable{}, MaxRecordAge: 604801 * time.Second}, "got 168h0m1s"},
		{"a batch of 10,001", StreamProps{Table: fakeTable{}, BatchSize: 10001}, "BatchSize must be 1..10000, got 10001"},
		{"a window over 300 s", StreamProps{Table: fakeTable{}, MaxBatchingWindow: 6 * time.Minute}, "got 6m0s"},
		{"a tumbling window over 900 s", StreamProps{Table: fakeTable{}, TumblingWindow: 901 * time.Second}, "TumblingWindow must be whole seconds 0s..15m0s, got 15m1s"},
		{"an unknown starting position", StreamProps{Table: fakeTable{}, StartingPosition: "AT_TIMESTAMP"}, `StartingPosition "AT_TIMESTAMP" is not one`},
		{"two on-failure destinations", StreamProps{Table: fakeTable{}, OnFailureQueue: fakeQueue{}, OnFailureTopic: fakeTopic{}}, "OnFailureQueue and OnFailureTopic are both set"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ResolveStream("S/Changes", &c.props, tenSeconds)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), `sources.Stream "S/Changes": `) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestResolveAsync(t *testing.T) {
	p, err := ResolveAsync("S/Fn/Async", nil, false)
	if err != nil || p.RetryAttempts != 2 || p.MaxEventAge != 6*time.Hour || !p.CreateOnFailure || p.OnSuccess {
		t.Errorf("plan %+v, err %v", p, err)
	}
	p, err = ResolveAsync("", &AsyncProps{OnFailure: &Destination{Topic: fakeTopic{}}, RetryAttempts: intp(0)}, false)
	if err != nil || p.CreateOnFailure || p.RetryAttempts != 0 {
		t.Errorf("given destination: plan %+v, err %v", p, err)
	}
	for _, c := range []struct {
		name       string
		props      AsyncProps
		configured bool
		want       string
	}{
		{"3 retries", AsyncProps{RetryAttempts: intp(3)}, false, "RetryAttempts must be 0..2, got 3"},
		{"an event age of 59 s", AsyncProps{MaxEventAge: 59 * time.Second}, false, "MaxEventAge must be whole seconds 1m0s..6h0m0s, got 59s"},
		{"an event age over 6 h", AsyncProps{MaxEventAge: 7 * time.Hour}, false, "got 7h0m0s"},
		{"an empty destination", AsyncProps{OnFailure: &Destination{}}, false, "OnFailure sets 0 destinations"},
		{"two destinations", AsyncProps{OnSuccess: &Destination{Queue: fakeQueue{}, Topic: fakeTopic{}}}, false, "OnSuccess sets 2 destinations"},
		{"a second config", AsyncProps{}, true, "already has an asynchronous invocation config"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ResolveAsync("S/Fn/Async", &c.props, c.configured)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestParallelizationFor(t *testing.T) {
	for _, c := range []struct {
		rps    float64
		shards int
		per    time.Duration
		want   int
	}{
		{2000, 4, 2 * time.Millisecond, 2},   // 500/s × 2 ms / 0.7 = 1.43
		{100, 1, 7 * time.Millisecond, 1},    // exactly 1.0 stays 1
		{1000, 1, 10 * time.Millisecond, 15}, // beyond 10: add shards
		{10, 1, time.Microsecond, 1},         // never below 1
		{0, 1, time.Millisecond, 0},          // cannot size
		{100, 0, time.Millisecond, 0},        // no shards
		{100, 1, 0, 0},                       // no duration
	} {
		if got := ParallelizationFor(c.rps, c.shards, c.per); got != c.want {
			t.Errorf("ParallelizationFor(%g, %d, %s) = %d, want %d", c.rps, c.shards, c.per, got, c.want)
		}
	}
}

func TestFactsNewReads(t *testing.T) {
	if _, err := resolveStream("S/Changes", &StreamProps{Table: fakeTable{}}, tenSeconds, false); err == nil || !strings.Contains(err.Error(), "Table has no stream") {
		t.Errorf("a table without a stream: %v", err)
	}
	if _, err := resolveAsync("S/Async", &AsyncProps{OnFailure: &Destination{Queue: fakeQueue{}}}, false, []string{"OnFailure"}); err == nil || !strings.Contains(err.Error(), "OnFailure.Queue is a FIFO queue") {
		t.Errorf("a FIFO destination: %v", err)
	}
}
