package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/localinvoke"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// coldStarts is how many fresh emulators each Go build gets, interleaved;
// warmCalls is how many warm invocations follow each one's cold start.
const (
	coldStarts = 15
	warmCalls  = 20
)

// notFound is a Function URL request the reference Go handler answers with
// a 404 without calling DynamoDB: nothing leaves the machine.
const notFound = `{"version": "2.0", "rawPath": "/nope", "rawQueryString": "", "headers": {},
  "requestContext": {"http": {"method": "GET", "path": "/nope"}}, "isBase64Encoded": false}`

// BenchmarkGoColdStart runs the reference Go handler (functions/go/cmd/api)
// under the Lambda Runtime Interface Emulator on loopback (localinvoke),
// built for this machine's architecture both plainly and with
// optimizedfn.GoBuildFlags, as GoApi is configured (provided.al2023, 256
// MiB, 10 s). Each run starts a fresh emulator: one cold invocation, then
// warm ones. It reports median init and handler durations, as localinvoke
// measures them from the emulator's runtime log; the CPU is this machine's,
// not Lambda's share for 256 MiB.
func BenchmarkGoColdStart(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("the Lambda runtime interface emulator runs on Linux only")
	}
	ctx := context.Background()
	emulator, err := localinvoke.Emulator(ctx) // built once, before timing
	if err != nil {
		b.Fatal(err)
	}
	arch := "x86_64"
	if runtime.GOARCH == "arm64" {
		arch = "arm64"
	}
	builds := []struct {
		name  string
		flags []string
		fn    *localinvoke.Function
	}{
		{name: "plain go build"},
		{name: "lambdaperf bootstrap", flags: optimizedfn.GoBuildFlags},
	}
	for i := range builds {
		dir := b.TempDir()
		args := append(append([]string{"build"}, builds[i].flags...), "-o", filepath.Join(dir, "bootstrap"), "./cmd/api")
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Join(stacks.FunctionsDir(), "go")
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", builds[i].name, err, out)
		}
		builds[i].fn = &localinvoke.Function{
			Stack: "Bench", LogicalID: "GoApi", Runtime: "provided.al2023", Arch: arch, Handler: "bootstrap",
			MemoryMiB: 256, TimeoutSec: 10, Env: map[string]string{"TABLE_NAME": "items"}, AssetPath: dir,
		}
	}

	type sample struct{ init, cold, warm []time.Duration }
	samples := make([]sample, len(builds))
	maxMB := make([]int, len(builds))
	for run := 0; run < coldStarts; run++ {
		for i, bd := range builds { // interleaved: drift hits both builds alike
			in, err := localinvoke.Start(ctx, bd.fn, localinvoke.Options{Emulator: emulator})
			if err != nil {
				b.Fatalf("%s: %v", bd.name, err)
			}
			for call := 0; call <= warmCalls; call++ {
				r, err := in.Invoke(ctx, []byte(notFound))
				if err != nil {
					in.Close()
					b.Fatalf("%s: %v", bd.name, err)
				}
				var resp struct {
					StatusCode int `json:"statusCode"`
				}
				if json.Unmarshal(r.Payload, &resp) != nil || resp.StatusCode != 404 || r.FunctionError != "" || r.Report.Cold != (call == 0) {
					in.Close()
					b.Fatalf("%s call %d: %s (error %q, %s)\nlogs:\n%s", bd.name, call, r.Payload, r.FunctionError, r.Report, r.Logs)
				}
				if call == 0 {
					samples[i].init = append(samples[i].init, r.Report.InitDuration)
					samples[i].cold = append(samples[i].cold, r.Report.Duration)
				} else {
					samples[i].warm = append(samples[i].warm, r.Report.Duration)
				}
				maxMB[i] = max(maxMB[i], r.Report.MaxMemoryUsedMB)
			}
			if err := in.Close(); err != nil {
				b.Fatalf("%s: %v", bd.name, err)
			}
		}
	}

	fmt.Printf("\nGo handler under the Lambda runtime interface emulator (%s, %d cold starts + %d warm calls each, 256 MiB)\n",
		arch, coldStarts, coldStarts*warmCalls)
	fmt.Printf("%-22s %14s %14s %20s %12s %10s\n", "", "init p50", "(range)", "first duration p50", "warm p50/p99", "max memory")
	for i, bd := range builds {
		s := samples[i]
		lo, hi := minMax(s.init)
		fmt.Printf("%-22s %11.2f ms %14s %17.2f ms %12s %7d MB\n", bd.name, msFloat(median(s.init)),
			fmt.Sprintf("%.1f-%.1f", msFloat(lo), msFloat(hi)), msFloat(median(s.cold)),
			fmt.Sprintf("%.2f/%.2f", msFloat(median(s.warm)), msFloat(percentile(s.warm, 0.99))), maxMB[i])
		metric := strings.Fields(bd.name)[0]
		b.ReportMetric(msFloat(median(s.init)), "ms-init-"+metric)
		b.ReportMetric(msFloat(median(s.warm)), "ms-warm-"+metric)
	}
	for n := 0; n < b.N; n++ {
		// The measurements above are the benchmark; b.N loops are not meaningful here.
	}
}

func minMax(ds []time.Duration) (lo, hi time.Duration) {
	for i, d := range ds {
		if i == 0 || d < lo {
			lo = d
		}
		hi = max(hi, d)
	}
	return lo, hi
}

// percentile is the nearest-rank percentile p (0..1) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	k := int(math.Ceil(float64(len(s))*p)) - 1
	return s[max(0, min(k, len(s)-1))]
}
