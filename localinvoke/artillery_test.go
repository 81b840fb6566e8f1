package localinvoke

import (
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
