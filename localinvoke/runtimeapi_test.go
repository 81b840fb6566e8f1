package localinvoke

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/lambda"
)

func newAPIForTest(t *testing.T, concurrency, timeoutSec int) (*runtimeAPI, chan struct{}) {
	t.Helper()
	exited := make(chan struct{})
	api, err := newRuntimeAPI(&Function{LogicalID: "Fn", TimeoutSec: timeoutSec}, "eu-west-1", concurrency, exited)
	if err != nil {
		t.Fatal(err)
	}
	api.workerConns = true
	t.Cleanup(api.close)
	return api, exited
}

func client() *http.Client {
	return &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 1}, Timeout: 10 * time.Second}
}

// poll is one GET /next on c.
func poll(t *testing.T, c *http.Client, api *runtimeAPI) (string, http.Header, []byte) {
	t.Helper()
	resp, err := c.Get("http://" + api.addr() + runtimeAPIBase + "/invocation/next")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/next: %s %s", resp.Status, body)
	}
	return resp.Header.Get("Lambda-Runtime-Aws-Request-Id"), resp.Header, body
}

func post(t *testing.T, c *http.Client, api *runtimeAPI, path string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+api.addr()+runtimeAPIBase+path, bytes.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// send hands inv to the API in the background, as environment.invoke does.
func send(api *runtimeAPI, inv *invocation) {
	go func() { api.work <- inv }()
}

func TestRuntimeAPI(t *testing.T) {
	t.Run("each waiting poll gets its own invocation, with the Runtime API's headers", func(t *testing.T) {
		api, _ := newAPIForTest(t, 4, 3)
		invs := []*invocation{newInvocation("a", []byte(`{"n":1}`)), newInvocation("b", []byte(`{"n":2}`))}
		for _, inv := range invs {
			send(api, inv)
		}
		c1, c2 := client(), client()
		id1, h, body1 := poll(t, c1, api)
		id2, _, body2 := poll(t, c2, api)
		if id1 == id2 || api.busy.Load() != 2 {
			t.Fatalf("ids %s %s, busy %d: want two invocations in flight", id1, id2, api.busy.Load())
		}
		if !strings.Contains(string(body1)+string(body2), `{"n":1}`) || !strings.Contains(string(body1)+string(body2), `{"n":2}`) {
			t.Errorf("events %s %s", body1, body2)
		}
		if arn := h.Get("Lambda-Runtime-Invoked-Function-Arn"); arn != "arn:aws:lambda:eu-west-1:000000000000:function:Fn:live" {
			t.Errorf("arn %s", arn)
		}
		if !strings.HasPrefix(h.Get("Lambda-Runtime-Trace-Id"), "Root=1-") || h.Get("Lambda-Runtime-Deadline-Ms") == "" {
			t.Errorf("headers %v", h)
		}
		select {
		case <-api.ready:
		default:
			t.Error("ready did not close at the first /next")
		}
		if code, body := post(t, c1, api, "/invocation/"+id1+"/response", []byte(`"ok"`), nil); code != http.StatusAccepted || body != `{"status":"OK"}` {
			t.Errorf("response: %d %s", code, body)
		}
		if code, _ := post(t, c2, api, "/invocation/"+id2+"/error", []byte(`{"errorType":"Boom","errorMessage":"no"}`), map[string]string{"Lambda-Runtime-Function-Error-Type": "Boom"}); code != http.StatusAccepted {
			t.Errorf("error: %d", code)
		}
		for _, inv := range invs {
			<-inv.done
		}
		byID := map[string]*invocation{invs[0].id: invs[0], invs[1].id: invs[1]}
		if ok := byID[id1]; string(ok.payload) != `"ok"` || ok.errorType != "" {
			t.Errorf("answer %s %q", ok.payload, ok.errorType)
		}
		if failed := byID[id2]; failed.errorType != "Boom" || ErrorMessage(failed.payload) != "no" {
			t.Errorf("error %s %q", failed.payload, failed.errorType)
		}
	})

	t.Run("an answer for an id it does not hold is 400, a late one 410, an oversized one 413", func(t *testing.T) {
		api, _ := newAPIForTest(t, 2, 3)
		c := client()
		if code, body := post(t, c, api, "/invocation/nope/response", []byte(`1`), nil); code != http.StatusBadRequest || !strings.Contains(body, "InvalidRequestID") {
			t.Errorf("unknown id: %d %s", code, body)
		}
		late := newInvocation("late", []byte(`{}`))
		send(api, late)
		poll(t, c, api)
		if api.timeOut("late") == nil {
			t.Fatal("timeOut did not take the invocation")
		}
		if code, body := post(t, c, api, "/invocation/late/response", []byte(`1`), nil); code != http.StatusGone || !strings.Contains(body, "InvokeTimeout") {
			t.Errorf("late answer: %d %s", code, body)
		}
		big := newInvocation("big", []byte(`{}`))
		send(api, big)
		poll(t, c, api)
		code, body := post(t, c, api, "/invocation/big/response", bytes.Repeat([]byte("x"), lambda.MaxSyncResponseBytes+1), nil)
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "Exceeded maximum allowed payload size (6291556 bytes).") {
			t.Errorf("oversized: %d %s", code, body)
		}
		<-big.done
		if big.errorType != lambda.ResponseTooLargeType {
			t.Errorf("oversized answer failed as %q", big.errorType)
		}
		if code, _ := post(t, c, api, "/init/error", bytes.Repeat([]byte("x"), maxErrorBodyBytes+1), nil); code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized init error: %d", code)
		}
	})

	t.Run("polls beyond the concurrency and its margin are refused", func(t *testing.T) {
		api, _ := newAPIForTest(t, 1, 3)
		api.maxPolls = 2
		for range 2 {
			conn, err := net.Dial("tcp", api.addr())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, "GET "+runtimeAPIBase+"/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
		}
		deadline := time.Now().Add(5 * time.Second)
		for api.polls.Load() < 2 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		resp, err := client().Get("http://" + api.addr() + runtimeAPIBase + "/invocation/next")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(body), "Runtime.TooManyIdleRuntimes") {
			t.Errorf("third poll: %s %s", resp.Status, body)
		}
	})

	t.Run("a worker whose connection closes fails only the invocation it took", func(t *testing.T) {
		api, _ := newAPIForTest(t, 2, 3)
		held, other := newInvocation("held", []byte(`{}`)), newInvocation("other", []byte(`{}`))
		send(api, held)
		conn, err := net.Dial("tcp", api.addr())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+runtimeAPIBase+"/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
		buf := make([]byte, 4096)
		if n, err := conn.Read(buf); err != nil || !strings.Contains(string(buf[:n]), "held") {
			t.Fatalf("read %q %v", buf[:n], err)
		}
		send(api, other)
		c := client()
		id, _, _ := poll(t, c, api)
		conn.Close() // the worker dies
		select {
		case <-held.done:
		case <-time.After(5 * time.Second):
			t.Fatal("the orphaned invocation was not failed")
		}
		if held.errorType != "Runtime.ExitError" || !strings.Contains(ErrorMessage(held.payload), "runtime worker") {
			t.Errorf("orphan: %q %s", held.errorType, held.payload)
		}
		if code, _ := post(t, c, api, "/invocation/"+id+"/response", []byte(`2`), nil); code != http.StatusAccepted {
			t.Errorf("the other worker's answer: %d", code)
		}
		<-other.done
		if other.errorType != "" {
			t.Errorf("the other invocation failed: %s", other.payload)
		}
	})

	t.Run("when the runtime exits, its exit status fails the orphans instead", func(t *testing.T) {
		api, exited := newAPIForTest(t, 1, 3)
		inv := newInvocation("x", []byte(`{}`))
		send(api, inv)
		conn, err := net.Dial("tcp", api.addr())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+runtimeAPIBase+"/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
		buf := make([]byte, 4096)
		_, _ = conn.Read(buf)
		close(exited)
		conn.Close()
		time.Sleep(2 * orphanGrace)
		api.failAll(errorObject("Runtime.ExitError", "Runtime exited with error: exit status 3"), "Runtime.ExitError")
		<-inv.done
		if !strings.Contains(ErrorMessage(inv.payload), "exit status 3") {
			t.Errorf("payload %s", inv.payload)
		}
	})
}

func TestJSONRequestID(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{`{"timestamp":"t","level":"INFO","requestId":"abc","message":"hi"}` + "\n", "abc"},
		{`{"requestId": 5}`, ""},
		{"2026-12-06T00:00:00Z\tabc\tINFO\thi\n", ""},
		{`{"message":"no id"}`, ""},
		{`{not json "requestId"`, ""},
	} {
		if got := jsonRequestID(tt.line); got != tt.want {
			t.Errorf("jsonRequestID(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
