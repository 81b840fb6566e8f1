package localinvoke

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ArtilleryVersion is the Artillery release the scripts are written for and
// tested with: test/artillery/package.json pins it (a test checks).
const ArtilleryVersion = "2.0.34"

// ArtilleryProcessorFile is the name of the processor ArtilleryProcessor
// returns, which a script with ArtilleryOptions.Processor loads from its
// own folder.
const ArtilleryProcessorFile = "lambdaperf-artillery.cjs"

//go:embed artillery-processor.cjs
var artilleryProcessor []byte

// ArtilleryProcessor is the script's processor (CommonJS): lambdaperfSign
// signs every request with SigV4 from the AWS credential environment,
// using the AWS SDK's signer (@smithy/signature-v4), and lambdaperfCount
// counts 5xx, 429 and 403 answers as lambdaperf.errors.
func ArtilleryProcessor() []byte { return slices.Clone(artilleryProcessor) }

// ArtilleryOptions describes an Artillery script.
type ArtilleryOptions struct {
	// Target is the Function URL (https://<id>.lambda-url.<region>.on.aws/,
	// or lambdaperf serve's http://127.0.0.1:PORT/). Required.
	Target string
	// Ramp is sent as one phase; its rates and duration must be whole.
	Ramp Ramp
	// Event is the request: see ArtilleryConfig.
	Event []byte
	// TimeoutSec bounds each request. Default: 1 s.
	TimeoutSec int
	// Budget becomes the script's `ensure` checks: p99 of
	// http.response_time below Budget.P99, and the error rate at most
	// MaxErrorRatePercent. Default: nil, no checks.
	Budget *Budget
	// Processor loads ArtilleryProcessorFile from the script's folder: every
	// request is signed (SigV4) and 5xx, 429 and 403 answers count as errors
	// in the error-rate check. Without it only requests that got no answer
	// (vusers.failed) count. Default: false.
	Processor bool
}

// ArtilleryConfig is ArtilleryScript without budget or processor.
func ArtilleryConfig(target string, ramp Ramp, event []byte, timeoutSec int) ([]byte, error) {
	return ArtilleryScript(ArtilleryOptions{Target: target, Ramp: ramp, Event: event, TimeoutSec: timeoutSec})
}

// ArtilleryScript writes an Artillery (https://www.artillery.io, on npm)
// script that sends the ramp to a Function URL: one request per virtual
// user, built from the event when it is a Function URL event (method,
// rawPath, rawQueryString, headers, body), else a POST of the event as JSON
// (a GET of / without one). Artillery's arrival rates are whole numbers.
// Nothing is sent: the script runs with `npx artillery run FILE`, here or
// from AWS (run-fargate, run-lambda).
func ArtilleryScript(o ArtilleryOptions) ([]byte, error) {
	ramp := o.Ramp
	if err := ramp.Validate(); err != nil {
		return nil, err
	}
	u, err := url.Parse(o.Target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("url must be an http(s) URL such as https://abc.lambda-url.us-east-1.on.aws/, got %q", o.Target)
	}
	if ramp.From != math.Trunc(ramp.From) || ramp.To != math.Trunc(ramp.To) {
		return nil, fmt.Errorf("artillery arrival rates are whole requests/s, got %v and %v", ramp.From, ramp.To)
	}
	if ramp.Duration.Seconds() != math.Trunc(ramp.Duration.Seconds()) {
		return nil, fmt.Errorf("artillery phases last whole seconds, got %v", ramp.Duration)
	}
	if o.Budget != nil {
		if err := o.Budget.Validate(); err != nil {
			return nil, err
		}
	}
	req, err := urlRequest(o.Event)
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
	fmt.Fprintf(&b, "# %g -> %g requests/s over %d s (%d requests), against a Function URL.\n", ramp.From, ramp.To, secs, ramp.Count())
	fmt.Fprintf(&b, "# Run it (Artillery is on npm):   npx artillery@%s run THIS_FILE\n", ArtilleryVersion)
	fmt.Fprintf(&b, "# From AWS, for more load than one machine makes: artillery run-fargate or\n")
	fmt.Fprintf(&b, "# run-lambda with --region and --count (see docs/cli.md in lambdaperf).\n")
	if o.Processor {
		fmt.Fprintf(&b, "# %s (beside this file) signs every request with SigV4 from\n", ArtilleryProcessorFile)
		fmt.Fprintf(&b, "# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, for AWS_IAM URLs,\n")
		fmt.Fprintf(&b, "# and counts 5xx, 429 and 403 answers as lambdaperf.errors.\n")
	} else {
		fmt.Fprintf(&b, "# A Function URL with AuthType AWS_IAM answers 403 to these unsigned requests:\n")
		fmt.Fprintf(&b, "# write the script with --artillery FILE to get the SigV4 processor beside it.\n")
	}
	if o.Budget != nil {
		fmt.Fprintf(&b, "# ensure (exit 1 on a breach): p99 from %s;\n", o.Budget.P99Source)
		fmt.Fprintf(&b, "# error rate from %s.\n", o.Budget.ErrorRateSource)
	}
	fmt.Fprintf(&b, "# Read p50/p95/p99 in Artillery's summary (http.response_time) and the cold\n")
	fmt.Fprintf(&b, "# starts in CloudWatch Logs Insights: lambdaperf functions log JSON, one\n")
	fmt.Fprintf(&b, "# platform.report record per invocation, with record.metrics.initDurationMs\n")
	fmt.Fprintf(&b, "# on a cold start:\n")
	fmt.Fprintf(&b, "#   filter type = \"platform.report\" and ispresent(record.metrics.initDurationMs)\n")
	fmt.Fprintf(&b, "#   | stats count() as coldStarts, pct(record.metrics.initDurationMs, 99) as p99InitMs by bin(1m)\n")
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
	fmt.Fprintf(&b, "    timeout: %d\n", max(o.TimeoutSec, 1))
	if o.Processor {
		fmt.Fprintf(&b, "  processor: %s\n", q("./"+ArtilleryProcessorFile))
	}
	if bud := o.Budget; bud != nil && (bud.P99 > 0 || bud.MaxErrorRatePercent >= 0) {
		fmt.Fprintf(&b, "  plugins:\n")
		fmt.Fprintf(&b, "    ensure: {}\n")
		fmt.Fprintf(&b, "  ensure:\n")
		// Conditions, not thresholds (which test p99 < X): at the budget is
		// within it, as for `lambdaperf load`.
		fmt.Fprintf(&b, "    conditions:\n")
		if bud.P99 > 0 {
			fmt.Fprintf(&b, "      - expression: %s\n", q("http.response_time.p99 <= "+strconv.FormatFloat(msFloat(bud.P99), 'f', -1, 64)))
		}
		if bud.MaxErrorRatePercent >= 0 {
			errs := "vusers.failed"
			if o.Processor {
				errs = "(lambdaperf.errors + vusers.failed)"
			}
			fmt.Fprintf(&b, "      - expression: %s\n", q(fmt.Sprintf("%s / vusers.created * 100 <= %s", errs, strconv.FormatFloat(bud.MaxErrorRatePercent, 'f', -1, 64))))
		}
	}
	fmt.Fprintf(&b, "scenarios:\n")
	fmt.Fprintf(&b, "  - name: %s\n", q(req.method+" "+req.path))
	if o.Processor {
		fmt.Fprintf(&b, "    beforeRequest: [%s]\n", q("lambdaperfSign"))
		fmt.Fprintf(&b, "    afterResponse: [%s]\n", q("lambdaperfCount"))
	}
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
