package localinvoke

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
)

// ArtilleryConfig writes an Artillery (https://www.artillery.io, on npm)
// script that sends ramp to a deployed Function URL: one request per
// virtual user, built from event when it is a Function URL event (method,
// rawPath, rawQueryString, headers, body), else a POST of event as JSON
// (a GET of / without one). Artillery's arrival rates are whole numbers.
// timeoutSec bounds each request (the function's timeout, say). Nothing
// is sent: the script runs with `npx artillery run FILE`.
func ArtilleryConfig(target string, ramp Ramp, event []byte, timeoutSec int) ([]byte, error) {
	if err := ramp.Validate(); err != nil {
		return nil, err
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("url must be an http(s) URL such as https://abc.lambda-url.us-east-1.on.aws/, got %q", target)
	}
	if ramp.From != math.Trunc(ramp.From) || ramp.To != math.Trunc(ramp.To) {
		return nil, fmt.Errorf("artillery arrival rates are whole requests/s, got %v and %v", ramp.From, ramp.To)
	}
	if ramp.Duration.Seconds() != math.Trunc(ramp.Duration.Seconds()) {
		return nil, fmt.Errorf("artillery phases last whole seconds, got %v", ramp.Duration)
	}
	req, err := urlRequest(event)
	if err != nil {
		return nil, err
	}
	origin := u.Scheme + "://" + u.Host
	req.path = strings.TrimSuffix(u.Path, "/") + req.path

	q := func(s string) string { // a YAML double-quoted scalar
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		return strings.TrimSuffix(b.String(), "\n")
	}
	var b strings.Builder
	secs := int(ramp.Duration.Seconds())
	fmt.Fprintf(&b, "# Artillery script written by `lambdaperf load --url`: the playbook ramp,\n")
	fmt.Fprintf(&b, "# %g -> %g requests/s over %d s (%d requests), against a deployed Function URL.\n", ramp.From, ramp.To, secs, ramp.Count())
	fmt.Fprintf(&b, "# Run it (Artillery is on npm):   npx artillery@latest run THIS_FILE\n")
	fmt.Fprintf(&b, "# A Function URL with AuthType AWS_IAM answers 403 to these unsigned requests:\n")
	fmt.Fprintf(&b, "# load-test a URL with AuthType NONE, or put a SigV4-signing proxy in front.\n")
	fmt.Fprintf(&b, "# Read p50/p95/p99 in Artillery's summary (http.response_time) and the cold\n")
	fmt.Fprintf(&b, "# starts in CloudWatch Logs Insights (REPORT lines with an Init Duration).\n")
	fmt.Fprintf(&b, "config:\n")
	fmt.Fprintf(&b, "  target: %s\n", q(origin))
	fmt.Fprintf(&b, "  phases:\n")
	fmt.Fprintf(&b, "    - name: %s\n", q("playbook ramp"))
	fmt.Fprintf(&b, "      duration: %d\n", secs)
	fmt.Fprintf(&b, "      arrivalRate: %d\n", int(ramp.From))
	if ramp.To != ramp.From {
		fmt.Fprintf(&b, "      rampTo: %d\n", int(ramp.To))
	}
	fmt.Fprintf(&b, "  http:\n")
	fmt.Fprintf(&b, "    timeout: %d\n", max(timeoutSec, 1))
	fmt.Fprintf(&b, "scenarios:\n")
	fmt.Fprintf(&b, "  - name: %s\n", q(req.method+" "+req.path))
	fmt.Fprintf(&b, "    flow:\n")
	fmt.Fprintf(&b, "      - %s:\n", strings.ToLower(req.method))
	fmt.Fprintf(&b, "          url: %s\n", q(req.path))
	if len(req.headers) > 0 {
		fmt.Fprintf(&b, "          headers:\n")
		keys := make([]string, 0, len(req.headers))
		for k := range req.headers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "            %s: %s\n", q(k), q(req.headers[k]))
		}
	}
	if req.body != "" {
		fmt.Fprintf(&b, "          body: %s\n", q(req.body))
	}
	return []byte(b.String()), nil
}

type httpRequest struct {
	method, path, body string
	headers            map[string]string
}

// artilleryMethods are the verbs an Artillery flow step can be.
var artilleryMethods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}

// urlRequest turns a Lambda event into the HTTP request that produces it
// through a Function URL.
func urlRequest(event []byte) (httpRequest, error) {
	event = bytes.TrimSpace(event)
	if len(event) == 0 {
		return httpRequest{method: "GET", path: "/"}, nil
	}
	var ev struct {
		RawPath         string            `json:"rawPath"`
		RawQueryString  string            `json:"rawQueryString"`
		Headers         map[string]string `json:"headers"`
		Body            *string           `json:"body"`
		IsBase64Encoded bool              `json:"isBase64Encoded"`
		RequestContext  struct {
			HTTP struct {
				Method string `json:"method"`
			} `json:"http"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(event, &ev); err != nil || ev.RawPath == "" || ev.RequestContext.HTTP.Method == "" {
		if !json.Valid(event) {
			return httpRequest{}, fmt.Errorf("the event is not JSON")
		}
		return httpRequest{method: "POST", path: "/", body: string(event), headers: map[string]string{"content-type": "application/json"}}, nil
	}
	r := httpRequest{method: strings.ToUpper(ev.RequestContext.HTTP.Method), path: ev.RawPath, headers: map[string]string{}}
	if !artilleryMethods[r.method] {
		return httpRequest{}, fmt.Errorf("the event's method %q is not one Artillery sends", r.method)
	}
	if !strings.HasPrefix(r.path, "/") {
		r.path = "/" + r.path
	}
	if ev.RawQueryString != "" {
		r.path += "?" + ev.RawQueryString
	}
	for k, v := range ev.Headers {
		switch strings.ToLower(k) {
		case "host", "content-length", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto":
			continue // set by the client or the URL's front end
		}
		r.headers[strings.ToLower(k)] = v
	}
	if ev.Body != nil {
		r.body = *ev.Body
		if ev.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*ev.Body)
			if err != nil {
				return httpRequest{}, fmt.Errorf("the event's body is marked base64 but is not: %v", err)
			}
			r.body = string(b)
		}
	}
	return r, nil
}
