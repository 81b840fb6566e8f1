package referencetest

import (
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/localinvoke"
)

// TestReferenceArm64Function runs the reference Go function as lambdaperf
// builds it by default, for arm64, on whatever machine runs the tests: on
// x86_64 under QEMU (CI installs qemu-user), and rebuilt for the host from
// the source optimizedfn recorded at synthesis.
func TestReferenceArm64Function(t *testing.T) {
	fn, err := localinvoke.Load(synth(t), "Ref/GoArm")
	if err != nil {
		t.Fatal(err)
	}
	src := fn.GoSource
	if fn.Arch != "arm64" || src == nil || src.GOARCH != "arm64" || src.Package != "./cmd/api" ||
		!strings.HasSuffix(src.ModuleRoot, "functions/go") || !slices.Contains(src.Flags, "lambda.norpc") {
		t.Fatalf("function %s %s, recorded source %+v", fn.Name(), fn.Arch, src)
	}
	emulated := "qemu-aarch64"
	if hostArchitecture() == optimizedfn.ARM64 {
		emulated = "" // runs natively
	} else if _, err := exec.LookPath(emulated); err != nil {
		t.Fatalf("%s is not installed: apt-get install qemu-user (make test and .ci/run do)", emulated)
	}
	for _, c := range []struct {
		name      string
		crossArch localinvoke.CrossArch
		emulated  string
		note      string
	}{
		{"the arm64 asset itself, emulated", localinvoke.Emulate, emulated, "checks behaviour, not speed"},
		{"rebuilt for this machine from the recorded source", localinvoke.RebuildForHost, "", "rebuilt for this"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if emulated == "" {
				t.Skip("this machine is arm64: the asset runs natively")
			}
			in, err := localinvoke.Start(context.Background(), fn, localinvoke.Options{CrossArch: c.crossArch})
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			for i, wantCold := range []bool{true, false} {
				r, err := in.Invoke(context.Background(), []byte(notFound))
				if err != nil {
					t.Fatal(err)
				}
				var resp struct {
					StatusCode int `json:"statusCode"`
				}
				if json.Unmarshal(r.Payload, &resp) != nil || resp.StatusCode != 404 || r.FunctionError != "" {
					t.Fatalf("invocation %d: %s (error %q)\nlogs:\n%s", i, r.Payload, r.FunctionError, r.Logs)
				}
				if r.Report.Cold != wantCold || r.Report.Emulated != c.emulated || (wantCold && r.Report.InitDuration <= 0) {
					t.Errorf("invocation %d: %s", i, r.Report)
				}
				t.Logf("%s", r.Report)
			}
			if notes := strings.Join(in.Notes(), "\n"); !strings.Contains(notes, c.note) {
				t.Errorf("notes %q, want %q", notes, c.note)
			}
		})
	}
	t.Run("the budget is the monitoring SLO and the error-rate alarm", func(t *testing.T) {
		b := localinvoke.FunctionBudget(fn)
		if b.P99 != goArmSLO || b.MaxErrorRatePercent != 1 ||
			!strings.HasPrefix(b.P99Source, "the p99 duration alarm MonitoringGoArmLatencyP99Critical") || !strings.HasPrefix(b.ErrorRateSource, "the error-rate alarm MonitoringGoArmErrorRateCritical") {
			t.Errorf("budget %+v", b)
		}
	})
}
