package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// miHandlers are a Node.js handler with the concurrency bug Managed
// Instances expose (a request's id kept at module level) and its correct
// twin.
const miHandlers = `let current;
exports.unsafe = async (event, context) => {
  current = context.awsRequestId;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { requestId: current };
};
exports.safe = async (event, context) => {
  const requestId = context.awsRequestId;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { requestId };
};
`

// miAssembly writes a cloud assembly with stack Test: Unsafe and Safe, on
// a capacity provider at a concurrency of 8, two worker threads each.
func miAssembly(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fn := func(id, handler string) map[string]any {
		return map[string]any{
			"Type": "AWS::Lambda::Function",
			"Properties": map[string]any{
				"Runtime": "nodejs24.x", "Handler": handler, "MemorySize": 2048, "Timeout": 5,
				"Environment": map[string]any{"Variables": map[string]any{"AWS_LAMBDA_NODEJS_WORKER_COUNT": "2"}},
				"CapacityProviderConfig": map[string]any{"LambdaManagedInstancesCapacityProviderConfig": map[string]any{
					"CapacityProviderArn": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp", "PerExecutionEnvironmentMaxConcurrency": 8,
				}},
			},
			"Metadata": map[string]any{"aws:cdk:path": "Test/" + id + "/Function/Resource", "aws:asset:path": "asset.mi"},
		}
	}
	tpl, _ := json.Marshal(map[string]any{"Resources": map[string]any{
		"UnsafeFunction": fn("Unsafe", "index.unsafe"), "SafeFunction": fn("Safe", "index.safe"),
	}})
	manifest, _ := json.Marshal(map[string]any{"version": "48.0.0", "artifacts": map[string]any{
		"Test": map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": "Test.template.json"}},
	}})
	for name, data := range map[string][]byte{
		"asset.mi/index.js": []byte(miHandlers), "asset.mi/package.json": []byte(`{"type": "commonjs"}`),
		"Test.template.json": tpl, "manifest.json": manifest,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestManagedInstancesCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node.js worker threads and a load ramp (about 10 s): skipped under -short")
	}
	asm := miAssembly(t)

	t.Run("invoke --count sends at once: the bug shows and fails the run", func(t *testing.T) {
		code, stdout, stderr := runCLI("invoke", "--count", "8", asm, "Test/Unsafe")
		if code != exitFunctionError {
			t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		for _, want := range []string{
			"managed instances: per-environment concurrency 8 (PerExecutionEnvironmentMaxConcurrency in the template); Node.js: 2 worker threads",
			"managed instances: 1 environment initialized before any invocation",
			"not reproduced here: instance scaling", "not reproduced here: the 3-instance minimum",
			"not reproduced here: throttles from scale-up lag", "not reproduced here: CPU contention of the real instance type",
			"concurrency bug: the response of invocation ",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr misses %q:\n%s", want, stderr)
			}
		}
		if n := strings.Count(stdout, "REPORT RequestId: "); n != 8 || !strings.Contains(stdout, "\tIn Flight: ") || strings.Contains(stdout, "Init Duration") {
			t.Errorf("stdout (8 warm Managed Instances REPORT lines):\n%s", stdout)
		}
	})

	t.Run("the correct twin passes, and JSON says what is not reproduced", func(t *testing.T) {
		code, stdout, stderr := runCLI("invoke", "--count", "8", "--format", "json", asm, "Test/Safe")
		if code != 0 {
			t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
		}
		var out struct {
			Invocations []struct {
				Report struct {
					ManagedInstances bool `json:"managedInstances"`
					InFlight         int  `json:"inFlight"`
				} `json:"report"`
			} `json:"invocations"`
			ManagedInstances struct {
				Concurrency int `json:"perEnvironmentMaxConcurrency"`
				Workers     int `json:"workers"`
				Environment struct {
					Inits        int `json:"inits"`
					PeakInFlight int `json:"peakInFlight"`
				} `json:"environment"`
				CrossTalk   []string `json:"crossTalk"`
				NotEmulated []string `json:"notEmulated"`
			} `json:"managedInstances"`
		}
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		m := out.ManagedInstances
		if len(out.Invocations) != 8 || m.Concurrency != 8 || m.Workers != 2 || m.Environment.Inits != 1 || m.Environment.PeakInFlight < 2 ||
			m.CrossTalk == nil || len(m.CrossTalk) != 0 || len(m.NotEmulated) < 4 {
			t.Errorf("json %+v", out)
		}
		for i, inv := range out.Invocations {
			if !inv.Report.ManagedInstances || inv.Report.InFlight < 1 {
				t.Errorf("invocation %d report %+v", i, inv.Report)
			}
		}
	})

	t.Run("--port is refused: there is no invoke endpoint", func(t *testing.T) {
		code, _, stderr := runCLI("invoke", "--port", "45678", asm, "Test/Safe")
		if code != exitUsage || !strings.Contains(stderr, "runs on Managed Instances") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})

	t.Run("load runs one environment at its concurrency and labels what it cannot reproduce", func(t *testing.T) {
		svg := filepath.Join(t.TempDir(), "mi.svg")
		code, stdout, stderr := runCLI("load", "--rate", "20", "--ramp-to", "20", "--duration", "2s", "--svg", svg, asm, "Test/Safe")
		if code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		for _, want := range []string{
			"on Managed Instances, under lambdaperf's Runtime API", "1 execution environment x 8 concurrent",
			"concurrency  8 per environment (PerExecutionEnvironmentMaxConcurrency in the template)",
			"environments 1 initialized before traffic", "cross-talk   none",
			"requests     due 40, sent 40, answered 40, dropped 0, errors 0",
			"not reproduced here: instance scaling", "not reproduced here: throttles from scale-up lag",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout misses %q:\n%s", want, stdout)
			}
		}
		if strings.Contains(stdout, "cold starts  ") {
			t.Errorf("a Managed Instances run reports cold starts:\n%s", stdout)
		}
	})

	t.Run("load fails on cross-talk", func(t *testing.T) {
		svg := filepath.Join(t.TempDir(), "mi.svg")
		code, stdout, stderr := runCLI("load", "--rate", "20", "--ramp-to", "20", "--duration", "1s", "--format", "json", "--svg", svg, asm, "Test/Unsafe")
		if code != exitFunctionError || !strings.Contains(stderr, "concurrency bug: ") {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		var rep struct {
			ManagedInstances struct {
				CrossTalk int `json:"crossTalk"`
			} `json:"managedInstances"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.ManagedInstances.CrossTalk == 0 {
			t.Errorf("%v %+v\n%s", err, rep, stdout)
		}
	})
}
