// Package referencetest runs the reference handlers (functions/go/cmd/api
// and functions/node/api) the way a user would before `cdk deploy`:
// synthesized by optimizedfn into a cloud assembly, then invoked and
// load-tested under the Lambda runtime emulator. It starts jsii, so it
// lives apart from the pure-Go localinvoke tests.
package referencetest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/localinvoke"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	if assemblyDir != "" {
		os.RemoveAll(assemblyDir)
	}
	os.Exit(code)
}

// functionsDir is the repository's functions/ folder, found from this file.
func functionsDir(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "functions")
}

// hostArchitecture is the optimizedfn architecture this machine runs.
func hostArchitecture() optimizedfn.Architecture {
	if runtime.GOARCH == "arm64" {
		return optimizedfn.ARM64
	}
	return optimizedfn.X86_64
}

// goArmSLO is the latency SLO of the arm64 Go function: its p99 alarm's
// threshold, which becomes the Artillery script's p99 budget.
const goArmSLO = 2 * time.Second

var (
	synthOnce   sync.Once
	assemblyDir string
	synthErr    error
)

// synth builds, once per test binary, a stack with the two reference
// functions as the API stack does but for the host's architecture, the Go
// one again for arm64 (lambdaperf's default) with a monitoring SLO, and
// returns the assembly folder.
func synth(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("synthesizes the reference functions and runs them in the emulator, under QEMU and Artillery (about 15 s, and QEMU and Artillery installed): make test runs them; skipped under -short")
	}
	synthOnce.Do(func() {
		if assemblyDir, synthErr = os.MkdirTemp("", "referencetest-"); synthErr != nil {
			return
		}
		app := awscdk.NewApp(&awscdk.AppProps{
			BuiltinCloudFormationValidation: jsii.Bool(false),
			Outdir:                          jsii.String(assemblyDir),
			// As the CDK CLI does: construct paths and asset folders in the template.
			Context: &map[string]any{"aws:cdk:enable-asset-metadata": true, "aws:cdk:enable-path-metadata": true},
		})
		stack := awscdk.NewStack(app, jsii.String("Ref"), nil)
		env := map[string]string{"TABLE_NAME": "items"}
		optimizedfn.New(stack, jsii.String("GoApi"), &optimizedfn.Props{
			Entry: filepath.Join(functionsDir(t), "go", "cmd", "api"), Profile: optimizedfn.Simple,
			Architecture: hostArchitecture(), Environment: env,
		})
		optimizedfn.New(stack, jsii.String("NodeApi"), &optimizedfn.Props{
			Entry: filepath.Join(functionsDir(t), "node", "api", "index.ts"), Profile: optimizedfn.IOBound,
			Architecture: hostArchitecture(), Environment: env,
		})
		arm := optimizedfn.New(stack, jsii.String("GoArm"), &optimizedfn.Props{
			Entry: filepath.Join(functionsDir(t), "go", "cmd", "api"), Profile: optimizedfn.Simple, Environment: env,
		})
		target := monitoring.FromOptimized(arm)
		target.LatencySLO = goArmSLO
		monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{Functions: []monitoring.Target{target}})
		app.Synth(nil)
	})
	if synthErr != nil {
		t.Fatal(synthErr)
	}
	return assemblyDir
}

// notFound is a Function URL request the handlers answer with a 404
// without calling DynamoDB: nothing leaves the machine.
const notFound = `{"version": "2.0", "rawPath": "/nope", "rawQueryString": "", "headers": {},
  "requestContext": {"http": {"method": "GET", "path": "/nope"}}, "isBase64Encoded": false}`

func TestReferenceFunctionsRunLocally(t *testing.T) {
	dir := synth(t)
	for _, c := range []struct {
		id, runtime, errorText string
		memory                 int
	}{
		{"Ref/GoApi", "provided.al2023", "use GET /items/{id}", 256},
		{"Ref/NodeApi", "nodejs24.x", "use GET /items/{id}, GET /items/{id}/export or POST /items", 512},
	} {
		t.Run(c.id, func(t *testing.T) {
			fn, err := localinvoke.Load(dir, c.id)
			if err != nil {
				t.Fatal(err)
			}
			if fn.Runtime != c.runtime || fn.MemoryMiB != c.memory || fn.Env["TABLE_NAME"] != "items" {
				t.Fatalf("function %+v", fn)
			}
			in, err := localinvoke.Start(context.Background(), fn, localinvoke.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			for i, wantCold := range []bool{true, false, false} {
				r, err := in.Invoke(context.Background(), []byte(notFound))
				if err != nil {
					t.Fatal(err)
				}
				var resp struct {
					StatusCode int    `json:"statusCode"`
					Body       string `json:"body"`
				}
				if err := json.Unmarshal(r.Payload, &resp); err != nil || r.FunctionError != "" {
					t.Fatalf("invocation %d: %s (error %q)\nlogs:\n%s", i, r.Payload, r.FunctionError, r.Logs)
				}
				if resp.StatusCode != 404 || !strings.Contains(resp.Body, c.errorText) {
					t.Errorf("invocation %d: status %d body %s", i, resp.StatusCode, resp.Body)
				}
				rep := r.Report
				if rep.Cold != wantCold || (wantCold && rep.InitDuration <= 0) || rep.Duration <= 0 ||
					rep.MemorySizeMB != c.memory || rep.MaxMemoryUsedMB < 1 || rep.MaxMemoryUsedMB > c.memory {
					t.Errorf("invocation %d: %s", i, rep)
				}
				t.Logf("%s", rep)
			}
		})
	}

	t.Run("a short load run answers every request", func(t *testing.T) {
		fn, err := localinvoke.Load(dir, "Ref/GoApi")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := localinvoke.RunLoad(context.Background(), fn, localinvoke.LoadOptions{
			Ramp: localinvoke.Ramp{From: 5, To: 25, Duration: 2 * time.Second}, Instances: 2, Event: []byte(notFound),
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Scheduled != 30 || rep.Answered != 30 || rep.Errors != 0 || rep.ColdStarts < 1 || rep.Latency.P99 <= 0 {
			t.Errorf("scheduled %d answered %d errors %v (%q) cold %d latency %+v", rep.Scheduled, rep.Answered, rep.ErrorTypes, rep.ErrorExamples, rep.ColdStarts, rep.Latency)
		}
	})
}
