// Package nodehandler decides how the Lambda Node.js runtime will see a
// bundle's handler by loading it with Node.js, the AWS SDK stubbed: the
// runtime calls a handler that declares three or more parameters
// (event, context, callback) callback-style, which nodejs24.x and later no
// longer run. The advisor and the optimized function's synth check share
// it.
package nodehandler

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed probe.cjs
var probe []byte

// Handler is what loading a handler found.
type Handler struct {
	// Params is the exported function's declared parameter count, as the
	// runtime reads it (Function.length).
	Params int
	// Streaming: wrapped by awslambda.streamifyResponse, which the runtime
	// calls with (event, responseStream, context), never a callback.
	Streaming bool
}

// Callback reports whether the runtime treats the handler as
// callback-style: three or more declared parameters and not streaming,
// the test of the runtime interface client for Node.js 24
// (aws-lambda-nodejs-runtime-interface-client, shouldErrorOnCallbackFunction).
func (h Handler) Callback() bool { return h.Params >= 3 && !h.Streaming }

// ErrNoNode means no node command is on PATH: nothing can be decided.
var ErrNoNode = errors.New("node is not on PATH")

// timeout bounds the load of one bundle: init code that waits on the
// network must not hold up a synth or an audit.
const timeout = 10 * time.Second

// Inspect loads handler ("file.export", as in the function's Handler)
// from the unpacked code folder dir with env as the process environment's
// additions. An error means the handler could not be loaded: callers
// decide nothing from it.
func Inspect(dir, handler string, env map[string]string) (Handler, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return Handler{}, ErrNoNode
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return Handler{}, err
	}
	tmp, err := os.MkdirTemp("", "lambdaperf-handler-")
	if err != nil {
		return Handler{}, err
	}
	defer os.RemoveAll(tmp)
	script, out := filepath.Join(tmp, "probe.cjs"), filepath.Join(tmp, "out.json")
	if err := os.WriteFile(script, probe, 0o600); err != nil {
		return Handler{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script, dir, handler, out)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=lambdaperf-probe", "AWS_SECRET_ACCESS_KEY=lambdaperf-probe",
		"AWS_LAMBDA_FUNCTION_NAME=lambdaperf-probe", "LAMBDA_TASK_ROOT="+dir, "NODE_OPTIONS=")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	output, runErr := cmd.CombinedOutput()
	data, err := os.ReadFile(out)
	if err != nil {
		if runErr == nil {
			runErr = errors.New("no result")
		}
		return Handler{}, fmt.Errorf("loading %s: %v %s", handler, runErr, strings.TrimSpace(tail(string(output))))
	}
	var r struct {
		Found     bool   `json:"found"`
		Params    int    `json:"params"`
		Streaming bool   `json:"streaming"`
		Error     string `json:"error"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return Handler{}, fmt.Errorf("loading %s: %w", handler, err)
	}
	if !r.Found {
		return Handler{}, fmt.Errorf("loading %s: %s", handler, r.Error)
	}
	return Handler{Params: r.Params, Streaming: r.Streaming}, nil
}

// NoCallbacks reports whether a runtime id is a Node.js runtime that no
// longer runs callback-style handlers: nodejs24.x and later.
func NoCallbacks(runtime string) bool {
	n, ok := NodeMajor(runtime)
	return ok && n >= 24
}

// NodeMajor returns the Node.js major version of a runtime id
// ("nodejs24.x": 24), ok false for other runtimes.
func NodeMajor(runtime string) (int, bool) {
	v, ok := strings.CutPrefix(runtime, "nodejs")
	if !ok {
		return 0, false
	}
	v, _, _ = strings.Cut(v, ".")
	n, err := strconv.Atoi(v)
	return n, err == nil
}

func tail(s string) string {
	if len(s) > 300 {
		return "..." + s[len(s)-300:]
	}
	return s
}
