package monitoring

import (
	"testing"

	"github.com/lambdaperf/lambdaperf/constructs/monitoring/internal/logpattern"
)

// Log records in the format Lambda writes to a function's log group with
// LoggingFormat JSON and SystemLogLevel INFO. platform.report follows the
// Telemetry API schema (PlatformReport, ReportMetrics:
// https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html#platform-report),
// which the JSON system logs share; the application record follows
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html.
var records = map[string]string{
	"cold start": `{"time":"2026-03-02T10:15:04.512Z","type":"platform.report","record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa",` +
		`"metrics":{"durationMs":693.92,"billedDurationMs":694,"memorySizeMB":512,"maxMemoryUsedMB":84,"initDurationMs":397.68},` +
		`"tracing":{"spanId":"54565fb41ac79632","type":"X-Amzn-Trace-Id","value":"Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1"},"status":"success"}}`,
	"warm invocation": `{"time":"2026-03-02T10:15:05.020Z","type":"platform.report","record":{"requestId":"9a1b6c7e-07f4-4d3c-a2f1-1f1a2d0b3c4d",` +
		`"metrics":{"durationMs":12.41,"billedDurationMs":13,"memorySizeMB":512,"maxMemoryUsedMB":86},"status":"success"}}`,
	"warm timeout": `{"time":"2026-03-02T10:16:00.000Z","type":"platform.report","record":{"requestId":"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",` +
		`"metrics":{"durationMs":10000.0,"billedDurationMs":10000,"memorySizeMB":512,"maxMemoryUsedMB":511},"status":"timeout"}}`,
	"SnapStart restore": `{"time":"2026-03-02T10:17:00.000Z","type":"platform.report","record":{"requestId":"1c2d3e4f-5061-7283-94a5-b6c7d8e9f001",` +
		`"metrics":{"durationMs":35.2,"billedDurationMs":36,"memorySizeMB":1024,"maxMemoryUsedMB":140,"restoreDurationMs":254.1,"billedRestoreDurationMs":102},"status":"success"}}`,
	"init report": `{"time":"2026-03-02T10:15:04.100Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init",` +
		`"status":"success","metrics":{"durationMs":397.68}}}`,
	"init start": `{"time":"2026-03-02T10:15:03.700Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init",` +
		`"runtimeVersion":"nodejs:24.v5","runtimeVersionArn":"arn:aws:lambda:us-east-1::runtime:abc","functionName":"api","functionVersion":"3"}}`,
	"application log": `{"timestamp":"2026-03-02T10:15:04.600Z","level":"INFO","requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa",` +
		`"message":"initDurationMs maxMemoryUsedMB platform.report"}`,
	"plain-text report": `REPORT RequestId: 6d68ca91 Duration: 693.92 ms Billed Duration: 694 ms Memory Size: 512 MB Max Memory Used: 84 MB Init Duration: 397.68 ms`,
}

func TestLogFiltersAgainstRealRecords(t *testing.T) {
	// What each filter must publish for each record; absent means the
	// filter must not match it.
	want := map[string]map[string]float64{
		InitDurationFilter.Metric:    {"cold start": 397.68},
		RestoreDurationFilter.Metric: {"SnapStart restore": 254.1},
		MaxMemoryUsedFilter.Metric: {
			"cold start": 84, "warm invocation": 86, "warm timeout": 511, "SnapStart restore": 140,
		},
	}
	for _, f := range LogFilters {
		pattern, err := logpattern.Parse(f.Pattern)
		if err != nil {
			t.Fatalf("%s: %v", f.Metric, err)
		}
		for name, record := range records {
			value, published := want[f.Metric][name]
			if got := pattern.Match(record); got != published {
				t.Errorf("%s pattern %s matches the %s record: %v, want %v", f.Metric, f.Pattern, name, got, published)
				continue
			}
			if !published {
				continue
			}
			got, ok, err := logpattern.Value(f.MetricValue, record)
			if err != nil || !ok || got != value {
				t.Errorf("%s metric value %s of the %s record = %v (found %v, %v), want %v", f.Metric, f.MetricValue, name, got, ok, err, value)
			}
		}
	}
}

// A pattern with a misspelt field must fail the test above: the evaluator
// tells fields apart instead of matching loosely.
func TestMisspeltFieldsDoNotMatch(t *testing.T) {
	for _, p := range []string{
		`{ $.type = "platform.report" && $.record.metrics.initDuration > 0 }`,
		`{ $.type = "platform.report" && $.metrics.initDurationMs > 0 }`,
		`{ $.type = "platformReport" && $.record.metrics.initDurationMs > 0 }`,
		`{ $.record.type = "platform.report" }`,
	} {
		if logpattern.MustParse(p).Match(records["cold start"]) {
			t.Errorf("%s matched the cold-start record", p)
		}
	}
	if _, ok, _ := logpattern.Value("$.record.metrics.maxMemoryUsedMb", records["cold start"]); ok {
		t.Error("a misspelt metric value selector found a value")
	}
}

func TestLogFilterMetricNames(t *testing.T) {
	if got := InitDurationFilter.MetricName("fn"); got != "fn/InitDuration" {
		t.Errorf("metric name %q", got)
	}
	seen := map[string]bool{}
	for _, f := range LogFilters {
		if seen[f.Metric] || seen[f.filterID()] {
			t.Errorf("%s is not unique", f.Metric)
		}
		seen[f.Metric], seen[f.filterID()] = true, true
	}
}
