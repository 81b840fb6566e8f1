// Command echo is a test function for a provided.* runtime with nothing but
// the standard library: a Lambda Runtime API loop that answers an event
// {"echo": any, "env": "NAME", "sleepMs": n, "fail": "message", "crash": true,
// "exitAfter": true} with {"echo": any, "env": value, "memory": MiB,
// "requestId": id, "concurrent": n}, fails with an EchoError, or exits
// (crash: before it answers; exitAfter: after, saying why on stderr, as a
// runtime that fails between invocations does). ECHO_INIT_MS delays the
// init; AWS_LAMBDA_MAX_CONCURRENCY runs that many loops at once, and
// "concurrent" says how many handled an event when this one started.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// active counts the invocations being handled at once, for the
// "concurrent" answer.
var active atomic.Int64

func main() {
	if ms, err := strconv.Atoi(os.Getenv("ECHO_INIT_MS")); err == nil {
		time.Sleep(time.Duration(ms) * time.Millisecond)
	}
	api := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/"
	// On Managed Instances, as many /next loops as AWS_LAMBDA_MAX_CONCURRENCY
	// says, as aws-lambda-go (v1.55.1, lambda/invoke_loop_gte_go122.go) runs.
	loops, _ := strconv.Atoi(os.Getenv("AWS_LAMBDA_MAX_CONCURRENCY"))
	for range max(loops, 1) - 1 {
		go serve(api)
	}
	serve(api)
}

func serve(api string) {
	for {
		resp, err := next(api + "next")
		if err != nil {
			fmt.Fprintln(os.Stderr, "echo: next:", err)
			os.Exit(1)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
		var ev struct {
			Echo    any    `json:"echo"`
			Env     string `json:"env"`
			SleepMs int    `json:"sleepMs"`
			Fail    string `json:"fail"`
			Crash   bool   `json:"crash"`
			Exit    bool   `json:"exitAfter"`
		}
		_ = json.Unmarshal(body, &ev)
		fmt.Printf("echo: request %s\n", id)
		concurrent := active.Add(1)
		time.Sleep(time.Duration(ev.SleepMs) * time.Millisecond)
		active.Add(-1)
		if ev.Crash {
			os.Exit(3)
		}
		if ev.Fail != "" {
			out, _ := json.Marshal(map[string]string{"errorType": "EchoError", "errorMessage": ev.Fail})
			post(api+id+"/error", out)
			continue
		}
		out, _ := json.Marshal(map[string]any{
			"echo": ev.Echo, "env": os.Getenv(ev.Env), "memory": os.Getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "requestId": id,
			"concurrent": concurrent,
		})
		post(api+id+"/response", out)
		if ev.Exit {
			fmt.Fprintln(os.Stderr, "echo: exiting after request", id)
			os.Exit(4)
		}
	}
}

// next asks for the next event. A transport error is retried (the request
// is idempotent) and said on stderr: the tests measure lambdaperf's load
// machinery, not how the emulator's Runtime API copes with a busy machine.
func next(url string) (*http.Response, error) {
	var err error
	for attempt := range 3 {
		var resp *http.Response
		if resp, err = http.Get(url); err == nil {
			return resp, nil
		}
		fmt.Fprintf(os.Stderr, "echo: next (attempt %d): %v\n", attempt+1, err)
		time.Sleep(10 * time.Millisecond)
	}
	return nil, err
}

func post(url string, body []byte) {
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo: post:", err)
		os.Exit(1)
	}
	resp.Body.Close()
}
