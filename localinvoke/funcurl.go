package localinvoke

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// The Function URL request and response, payload format version 2.0, as
// https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
// describes them (request and response payloads).

// URLEvent is the event a Function URL hands the function.
type URLEvent struct {
	// Version of the payload format: "2.0".
	Version string `json:"version"`
	// RouteKey is "$default" for a Function URL.
	RouteKey string `json:"routeKey"`
	// RawPath is the request's path, escaped.
	RawPath string `json:"rawPath"`
	// RawQueryString is the query string without the question mark.
	RawQueryString string `json:"rawQueryString"`
	// Cookies are the Cookie header's cookies.
	Cookies []string `json:"cookies,omitempty"`
	// Headers by lower-case name, repeated ones joined with commas.
	Headers map[string]string `json:"headers"`
	// QueryStringParameters by name, repeated ones joined with commas.
	QueryStringParameters map[string]string `json:"queryStringParameters,omitempty"`
	// RequestContext describes the request and the URL.
	RequestContext URLRequestContext `json:"requestContext"`
	// Body of the request, base64-encoded unless its content type is text.
	Body string `json:"body,omitempty"`
	// IsBase64Encoded says Body is base64.
	IsBase64Encoded bool `json:"isBase64Encoded"`
}

// URLRequestContext is the event's requestContext.
type URLRequestContext struct {
	// AccountID of the caller: "anonymous" locally, as for a URL without
	// IAM auth.
	AccountID string `json:"accountId"`
	// APIID is the URL ID.
	APIID string `json:"apiId"`
	// DomainName is the URL's host.
	DomainName string `json:"domainName"`
	// DomainPrefix is the URL ID, the host's first label.
	DomainPrefix string `json:"domainPrefix"`
	// HTTP describes the request: method, path, protocol, source IP and user
	// agent.
	HTTP struct {
		Method    string `json:"method"`
		Path      string `json:"path"`
		Protocol  string `json:"protocol"`
		SourceIP  string `json:"sourceIp"`
		UserAgent string `json:"userAgent"`
	} `json:"http"`
	// RequestID identifies the invocation.
	RequestID string `json:"requestId"`
	// RouteKey is "$default".
	RouteKey string `json:"routeKey"`
	// Stage is "$default".
	Stage string `json:"stage"`
	// Time of the request, as dd/Mon/yyyy:HH:mm:ss +0000.
	Time string `json:"time"`
	// TimeEpoch is the request's time in Unix milliseconds.
	TimeEpoch int64 `json:"timeEpoch"`
}

// localURLID stands for the <url-id> of a deployed Function URL.
const localURLID = "local"

// NewURLEvent turns an HTTP request with its body into a Function URL
// event: lower-case headers (repeated ones joined with commas), the Cookie
// header as the cookies list, repeated query parameters joined with commas,
// and a body that is base64-encoded unless its content type is text.
func NewURLEvent(r *http.Request, body []byte, requestID string, now time.Time) URLEvent {
	ev := URLEvent{
		Version: "2.0", RouteKey: "$default",
		RawPath: r.URL.EscapedPath(), RawQueryString: r.URL.RawQuery,
		Headers: map[string]string{},
	}
	for name, values := range r.Header {
		name = strings.ToLower(name)
		if name == "cookie" {
			for _, v := range values {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						ev.Cookies = append(ev.Cookies, c)
					}
				}
			}
			continue
		}
		ev.Headers[name] = strings.Join(values, ",")
	}
	host := r.Host
	ev.Headers["host"] = host
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	ev.Headers["x-forwarded-for"] = ip
	ev.Headers["x-forwarded-proto"] = "http"
	if _, p, err := net.SplitHostPort(host); err == nil {
		ev.Headers["x-forwarded-port"] = p
	}
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil && len(q) > 0 {
		ev.QueryStringParameters = map[string]string{}
		for k, vs := range q {
			ev.QueryStringParameters[k] = strings.Join(vs, ",")
		}
	}
	if len(body) > 0 {
		if textBody(r.Header.Get("Content-Type")) && utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
		}
	}
	rc := &ev.RequestContext
	rc.AccountID = "anonymous"
	rc.APIID = localURLID
	rc.DomainName = host
	rc.DomainPrefix, _, _ = strings.Cut(host, ".")
	rc.HTTP.Method = r.Method
	rc.HTTP.Path = r.URL.Path
	rc.HTTP.Protocol = r.Proto
	rc.HTTP.SourceIP = ip
	rc.HTTP.UserAgent = r.UserAgent()
	rc.RequestID = requestID
	rc.RouteKey, rc.Stage = "$default", "$default"
	rc.Time = now.UTC().Format("02/Jan/2006:15:04:05 -0700")
	rc.TimeEpoch = now.UnixMilli()
	return ev
}

// textBody tells a content type whose body a Function URL passes as text:
// text/*, JSON, XML and JavaScript; anything else, or none, is base64.
func textBody(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	sub := mt[strings.Index(mt, "/")+1:]
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case sub == "json" || strings.HasSuffix(sub, "+json"), sub == "xml" || strings.HasSuffix(sub, "+xml"):
		return true
	case mt == "application/javascript":
		return true
	}
	return false
}

// URLResponse is what a Function URL sends back for a function's answer.
type URLResponse struct {
	// Status is the HTTP status code.
	Status int
	// Headers of the response.
	Headers http.Header
	// Body of the response, decoded when the function sent it base64-encoded.
	Body []byte
}

// NewURLResponse reads a function's payload as a Function URL does: an
// object with statusCode is the response (headers, cookies as Set-Cookie,
// a body that may be base64); any other JSON is a 200 application/json
// response with the payload as its body. An error says why the payload
// cannot be a response (the URL answers 502 then).
func NewURLResponse(payload []byte) (*URLResponse, error) {
	if !json.Valid(payload) {
		return nil, fmt.Errorf("the function's response is not JSON")
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(payload, &obj) != nil || obj["statusCode"] == nil {
		return &URLResponse{Status: http.StatusOK, Headers: http.Header{"Content-Type": {"application/json"}}, Body: payload}, nil
	}
	var out struct {
		StatusCode      int               `json:"statusCode"`
		Headers         map[string]string `json:"headers"`
		Cookies         []string          `json:"cookies"`
		Body            *string           `json:"body"`
		IsBase64Encoded bool              `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(payload, &out); err != nil {
		return nil, fmt.Errorf("the function's response has statusCode but is not a Function URL response: %v", err)
	}
	if out.StatusCode < 100 || out.StatusCode > 599 {
		return nil, fmt.Errorf("the function's response has statusCode %d, not an HTTP status", out.StatusCode)
	}
	resp := &URLResponse{Status: out.StatusCode, Headers: http.Header{}}
	names := make([]string, 0, len(out.Headers))
	for k := range out.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		resp.Headers.Set(k, out.Headers[k])
	}
	for _, c := range out.Cookies {
		resp.Headers.Add("Set-Cookie", c)
	}
	if out.Body != nil {
		resp.Body = []byte(*out.Body)
		if out.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*out.Body)
			if err != nil {
				return nil, fmt.Errorf("the function's response says isBase64Encoded but its body is not base64: %v", err)
			}
			resp.Body = b
		}
	}
	return resp, nil
}
