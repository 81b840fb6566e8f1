package localinvoke

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNewURLEvent(t *testing.T) {
	r := httptest.NewRequest("POST", "http://127.0.0.1:9000/items/a%20b?x=1&x=2&y=", nil)
	r.Header.Add("Cookie", "a=1; b=2")
	r.Header.Add("X-Multi", "one")
	r.Header.Add("X-Multi", "two")
	r.Header.Set("User-Agent", "test")
	now := time.Date(2026, 12, 3, 9, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		name, contentType string
		body              []byte
		wantBody          string
		wantBase64        bool
	}{
		{"a JSON body is text", "application/json; charset=utf-8", []byte(`{"a":1}`), `{"a":1}`, false},
		{"a text body is text", "text/plain", []byte("hi"), "hi", false},
		{"a +json body is text", "application/vnd.api+json", []byte("{}"), "{}", false},
		{"a binary body is base64", "application/octet-stream", []byte{0, 1, 0xff}, "AAH/", true},
		{"a form body is base64, as a Function URL sends it", "application/x-www-form-urlencoded", []byte("a=1"), "YT0x", true},
		{"a body without a content type is base64", "", []byte("a"), "YQ==", true},
		{"text that is not UTF-8 is base64", "text/plain", []byte{0xff}, "/w==", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r.Header.Set("Content-Type", c.contentType)
			ev := NewURLEvent(r, c.body, "req-1", now)
			if ev.Body != c.wantBody || ev.IsBase64Encoded != c.wantBase64 {
				t.Errorf("body %q base64 %v, want %q %v", ev.Body, ev.IsBase64Encoded, c.wantBody, c.wantBase64)
			}
		})
	}
	ev := NewURLEvent(r, nil, "req-1", now)
	rc := ev.RequestContext
	switch {
	case ev.Version != "2.0" || ev.RouteKey != "$default" || ev.RawPath != "/items/a%20b" || ev.RawQueryString != "x=1&x=2&y=":
		t.Errorf("event %+v", ev)
	case strings.Join(ev.Cookies, "|") != "a=1|b=2" || ev.Headers["cookie"] != "":
		t.Errorf("cookies %q, cookie header %q: the Cookie header becomes the cookies list", ev.Cookies, ev.Headers["cookie"])
	case ev.Headers["x-multi"] != "one,two" || ev.Headers["host"] != "127.0.0.1:9000" || ev.Headers["x-forwarded-port"] != "9000":
		t.Errorf("headers %v", ev.Headers)
	case ev.QueryStringParameters["x"] != "1,2" || ev.QueryStringParameters["y"] != "":
		t.Errorf("query %v", ev.QueryStringParameters)
	case ev.Body != "" || ev.IsBase64Encoded:
		t.Errorf("an empty body: %q %v", ev.Body, ev.IsBase64Encoded)
	case rc.HTTP.Method != "POST" || rc.HTTP.Path != "/items/a b" || rc.HTTP.UserAgent != "test" || rc.RequestID != "req-1" ||
		rc.Time != "03/Dec/2026:09:04:05 +0000" || rc.TimeEpoch != now.UnixMilli() || rc.DomainName != "127.0.0.1:9000":
		t.Errorf("requestContext %+v", rc)
	}
}

func TestNewURLResponse(t *testing.T) {
	for _, c := range []struct {
		name, payload string
		status        int
		headers       map[string][]string
		body, err     string
	}{
		{"JSON without statusCode is a 200 JSON response", `{"ok":true}`, 200, map[string][]string{"Content-Type": {"application/json"}}, `{"ok":true}`, ""},
		{"a string is a 200 JSON response", `"hi"`, 200, map[string][]string{"Content-Type": {"application/json"}}, `"hi"`, ""},
		{"a response object sets status, headers and cookies", `{"statusCode": 404, "headers": {"x-a": "1"}, "cookies": ["s=1; Path=/", "t=2"], "body": "missing"}`,
			404, map[string][]string{"X-A": {"1"}, "Set-Cookie": {"s=1; Path=/", "t=2"}}, "missing", ""},
		{"a base64 body is decoded", `{"statusCode": 200, "body": "AAH/", "isBase64Encoded": true}`, 200, nil, "\x00\x01\xff", ""},
		{"a body that is not base64 is refused", `{"statusCode": 200, "body": "%%", "isBase64Encoded": true}`, 0, nil, "", "not base64"},
		{"a statusCode that is no HTTP status is refused", `{"statusCode": 42}`, 0, nil, "", "statusCode 42"},
		{"a statusCode that is no number is refused", `{"statusCode": "ok"}`, 0, nil, "", "not a Function URL response"},
		{"what is not JSON is refused", `hello`, 0, nil, "", "not JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, err := NewURLResponse([]byte(c.payload))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != c.status || string(resp.Body) != c.body {
				t.Errorf("status %d body %q", resp.Status, resp.Body)
			}
			for k, want := range c.headers {
				if got := resp.Headers.Values(k); strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestServe(t *testing.T) {
	var mu sync.Mutex
	var served []Served
	s := serveURLEcho(t, 2, ServeOptions{
		OnInvoke: func(sv Served) { mu.Lock(); served = append(served, sv); mu.Unlock() },
	})
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %s: loopback only", s.URL())
	}
	do := func(method, path, contentType string, body []byte, cookie string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, s.URL()+strings.TrimPrefix(path, "/"), bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	read := func(resp *http.Response) string {
		t.Helper()
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	binary := []byte{0, 1, 2, 0xfe, 0xff}
	resp := do("POST", "/echo?status=201", "application/octet-stream", binary, "a=1; b=2")
	if body := read(resp); resp.StatusCode != 201 || body != string(binary) || resp.Header.Get("X-Body-Was-Base64") != "true" {
		t.Errorf("binary round trip: %d %q base64 %q", resp.StatusCode, body, resp.Header.Get("X-Body-Was-Base64"))
	}
	if got := strings.Join(resp.Header.Values("Set-Cookie"), "|"); got != "a=1; Path=/|b=2; Path=/" {
		t.Errorf("Set-Cookie %q", got)
	}
	if resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Error("no X-Amzn-RequestId")
	}
	resp = do("PUT", "/echo", "application/json", []byte(`{"a":1}`), "")
	if body := read(resp); resp.StatusCode != 200 || body != `{"a":1}` || resp.Header.Get("X-Body-Was-Base64") != "false" {
		t.Errorf("JSON round trip: %d %q base64 %q", resp.StatusCode, body, resp.Header.Get("X-Body-Was-Base64"))
	}
	resp = do("GET", "/plain", "", nil, "")
	if body := read(resp); resp.StatusCode != 200 || body != `{"hello":"world","method":"GET"}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("plain JSON: %d %q %q", resp.StatusCode, body, resp.Header.Get("Content-Type"))
	}
	resp = do("GET", "/fail", "", nil, "")
	if body := read(resp); resp.StatusCode != 502 || !strings.Contains(body, "Internal Server Error") {
		t.Errorf("a function error: %d %q", resp.StatusCode, body)
	}
	resp = do("POST", "/echo", "application/octet-stream", make([]byte, MaxURLPayloadBytes+1), "")
	if read(resp); resp.StatusCode != 413 {
		t.Errorf("an oversized body: %d", resp.StatusCode)
	}

	st := s.Stats()
	if st.Requests != 5 || st.ColdStarts != 1 || st.Errors != 2 {
		t.Errorf("stats %+v: sequential requests reuse the warm instance", st)
	}
	mu.Lock()
	if len(served) != 5 || served[0].Result == nil || !served[0].Result.Report.Cold || served[0].Status != 201 || served[1].Result.Report.Cold {
		t.Errorf("served %+v", served)
	}
	mu.Unlock()

	var pids []int
	for _, in := range s.pool.all() {
		pids = append(pids, in.cmd.Process.Pid)
		for _, p := range children(in.cmd.Process.Pid) {
			pids = append(pids, p.pid)
		}
	}
	if len(pids) != 3 {
		t.Errorf("two emulators and one runtime: %v", pids)
	}
	began := time.Now()
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("Close took %v", took)
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d still runs after Close", pid)
		}
	}
	if _, err := os.Stat(s.code.work); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", s.code.work, err)
	}
	if _, err := http.Get(s.URL()); err == nil {
		t.Error("still serving after Close")
	}
}
