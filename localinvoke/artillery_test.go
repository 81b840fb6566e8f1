package localinvoke

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/snapshot"
)

func TestArtilleryConfig(t *testing.T) {
	const url = "https://abcdefghij.lambda-url.us-east-1.on.aws/"
	for _, c := range []struct {
		name, golden, event string
	}{
		{"the playbook ramp without an event gets /", "artillery-get.yml", ""},
		{"a Function URL event becomes its HTTP request", "artillery-url-event.yml",
			`{"rawPath": "/items", "rawQueryString": "dry=1", "headers": {"Content-Type": "application/json", "Host": "x", "X-Api": "\"q\""},
			  "body": "eyJpdGVtcyI6W119", "isBase64Encoded": true, "requestContext": {"http": {"method": "POST"}}}`},
		{"any other event is POSTed as JSON", "artillery-post.yml", `{"orderId": 7}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ArtilleryConfig(url, PlaybookRamp, []byte(c.event), 10)
			if err != nil {
				t.Fatal(err)
			}
			snapshot.Golden(t, filepath.Join("testdata", "golden", c.golden), got)
		})
	}
	t.Run("a budget becomes ensure checks; the processor signs and counts errors", func(t *testing.T) {
		got, err := ArtilleryScript(ArtilleryOptions{
			Target: url, Ramp: Ramp{From: 1, To: 5, Duration: 10 * time.Second}, TimeoutSec: 10, Processor: true,
			Budget: &Budget{P99: 8 * time.Second, P99Source: "the p99 duration alarm A (8000 ms)", MaxErrorRatePercent: 0.5, ErrorRateSource: "the error-rate alarm B (0.5 %)"},
		})
		if err != nil {
			t.Fatal(err)
		}
		snapshot.Golden(t, filepath.Join("testdata", "golden", "artillery-budget.yml"), got)
	})
	t.Run("the pinned Artillery is the one the scripts name", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join("..", "test", "artillery", "package.json"))
		if err != nil {
			t.Fatal(err)
		}
		var pkg struct{ DevDependencies map[string]string }
		if err := json.Unmarshal(b, &pkg); err != nil || pkg.DevDependencies["artillery"] != ArtilleryVersion {
			t.Errorf("test/artillery/package.json pins artillery %q, ArtilleryVersion is %s (%v)", pkg.DevDependencies["artillery"], ArtilleryVersion, err)
		}
	})
	for _, c := range []struct {
		name, url string
		ramp      Ramp
		event     string
		want      string
	}{
		{"refuses a URL that is not http(s)", "ftp://x", PlaybookRamp, "", "url must be an http(s) URL"},
		{"refuses a host-less URL", "https://", PlaybookRamp, "", "url must be an http(s) URL"},
		{"refuses fractional rates", url, Ramp{From: 0.5, To: 2, Duration: time.Minute}, "", "whole requests/s, got 0.5 and 2"},
		{"refuses fractional seconds", url, Ramp{From: 1, To: 2, Duration: 1500 * time.Millisecond}, "", "whole seconds, got 1.5s"},
		{"refuses an event that is not JSON", url, PlaybookRamp, "{", "the event is not JSON"},
		{"refuses a method Artillery cannot send", url, PlaybookRamp, `{"rawPath": "/", "requestContext": {"http": {"method": "TRACE"}}}`, `method "TRACE"`},
		{"refuses a bad ramp", url, Ramp{From: 1, To: 2}, "", "duration must be more than 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ArtilleryConfig(c.url, c.ramp, []byte(c.event), 10); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
