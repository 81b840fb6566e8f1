package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// referenceLoad is the reference function of docs/compute-models.md: a
// Node.js 22 API handler on arm64 with 1,024 MiB, 100 ms a request of which
// a fifth on CPU, INIT of 1 s on 1 % of on-demand requests, at 100 req/s.
var referenceLoad = []string{"cost", "--memory", "1024", "--duration", "100ms", "--rps", "100", "--cpu-share", "0.2", "--arch", "arm64",
	"--runtime", "nodejs22.x", "--init-duration", "1s", "--cold-start-rate", "0.01"}

func TestCostCompare(t *testing.T) {
	t.Run("compares the three models for the reference function", func(t *testing.T) {
		chart := filepath.Join(t.TempDir(), "models.svg")
		code, stdout, stderr := runCLI(append(referenceLoad, "--svg", chart)...)
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		golden(t, "cost-models.txt", strings.ReplaceAll(stdout, chart, "models.svg"))
		svg, err := os.ReadFile(chart)
		if err != nil {
			t.Fatal(err)
		}
		// The chart of docs/compute-models.md is this one: it cannot go stale.
		snapshot.Golden(t, filepath.Join("..", "..", "docs", "compute-models.svg"), svg)
	})
	t.Run("writes JSON whose totals are the sums of their lines", func(t *testing.T) {
		code, stdout, stderr := runCLI(append(referenceLoad, "--format", "json")...)
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		var r compareReport
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, stdout)
		}
		if r.OnDemand.TotalUSD != r.OnDemand.ComputeUSD+r.OnDemand.InitUSD+r.OnDemand.RequestsUSD ||
			r.Provisioned.TotalUSD != r.Provisioned.ProvisionedUSD+r.Provisioned.ComputeUSD+r.Provisioned.RequestsUSD ||
			r.Managed.TotalUSD != r.Managed.InstanceUSD+r.Managed.ManagementFeeUSD+r.Managed.RequestsUSD {
			t.Errorf("a total is not the sum of its lines: %+v", r)
		}
		// 3 × c7g.large × 730 h × $0.0725 = $158.775; 15 % of it = $23.81625;
		// 262.8 million requests × $0.20 per million = $52.56.
		for _, c := range []struct {
			name string
			got  costmodel.Money
			want string
		}{
			{"instances", r.Managed.InstanceUSD, "$158.775"},
			{"management fee", r.Managed.ManagementFeeUSD, "$23.81625"},
			{"requests", r.Managed.RequestsUSD, "$52.56"},
		} {
			if c.got.String() != c.want {
				t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
			}
		}
		if r.Cheapest != costmodel.Managed || r.Managed.Instances != 3 || r.Managed.SizedBy != "minimum" || r.Managed.MaxConcurrency != 64 {
			t.Errorf("managed %+v, cheapest %s", r.Managed, r.Cheapest)
		}
		if r.MonthlyInvocations != 262_800_000 || r.CPUShare != 0.2 || r.CPUShareAssumed || !strings.HasPrefix(r.Managed.PriceSource, "https://") || r.Managed.PriceRead == "" {
			t.Errorf("inputs %+v", r)
		}
		if len(r.Breakevens) != 3 || r.Breakevens[1].RequestsPerSecond == nil || *r.Breakevens[1].RequestsPerSecond != 47.4 {
			t.Errorf("breakevens %+v", r.Breakevens)
		}
		if len(r.Caveats) == 0 || !strings.Contains(r.Caveats[0], "more than doubles within 5 minutes") {
			t.Errorf("caveats %q", r.Caveats)
		}
	})
	t.Run("applies a Savings Plan to the instances and not to the fee", func(t *testing.T) {
		args := append(referenceLoad, "--format", "json", "--rps", "2000", "--instance-type", "m7g.xlarge", "--gib-per-vcpu", "4", "--mi-memory", "4096")
		_, base, _ := runCLI(args...)
		_, sp, _ := runCLI(append(args, "--savings-plan", "0.72")...)
		_, hourly, _ := runCLI(append(args, "--committed-hourly", "0.0457")...)
		var b, s, h compareReport
		for _, x := range []struct {
			out string
			r   *compareReport
		}{{base, &b}, {sp, &s}, {hourly, &h}} {
			if err := json.Unmarshal([]byte(x.out), x.r); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, x.out)
			}
		}
		if s.Managed.ManagementFeeUSD != b.Managed.ManagementFeeUSD || h.Managed.ManagementFeeUSD != b.Managed.ManagementFeeUSD {
			t.Errorf("fees %s / %s / %s differ", b.Managed.ManagementFeeUSD, s.Managed.ManagementFeeUSD, h.Managed.ManagementFeeUSD)
		}
		if s.Managed.EffectiveHourlyUSD.String() != "$0.045696" || h.Managed.EffectiveHourlyUSD.String() != "$0.0457" || b.Managed.EffectiveHourlyUSD.String() != "$0.1632" {
			t.Errorf("hourly %s / %s / %s", b.Managed.EffectiveHourlyUSD, s.Managed.EffectiveHourlyUSD, h.Managed.EffectiveHourlyUSD)
		}
	})
	t.Run("says when it assumed a CPU-bound load", func(t *testing.T) {
		code, stdout, _ := runCLI("cost", "--memory", "2048", "--duration", "50ms", "--rps", "0")
		if code != 0 || !strings.Contains(stdout, "CPU-bound (no --cpu-share)") || !strings.Contains(stdout, "priced as if invocations were CPU-bound") {
			t.Errorf("code %d:\n%s", code, stdout)
		}
	})
	ok := []string{"--memory", "1024", "--duration", "100ms", "--rps", "10"}
	with := func(extra ...string) []string { return append(append([]string{"cost"}, ok...), extra...) }
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"rejects a rate that is not a number", with("--rps", "fast"), `invalid value "fast" for --rps: want a number of requests per second such as 120 or 0.5`},
		{"rejects a negative rate", with("--rps", "-3"), "--rps must be a rate 0..10000000 requests/s, got -3"},
		{"rejects a CPU share above 1", with("--cpu-share", "20"), "--cpu-share must be a share above 0 and at most 1 of the duration, got 20"},
		{"rejects a CPU share of 0", with("--cpu-share", "0"), "--cpu-share must be a share above 0 and at most 1 of the duration, got 0"},
		{"rejects a runtime Managed Instances do not run", with("--runtime", "python3.12"), `--runtime "python3.12" does not run on Lambda Managed Instances: use Node.js 22+`},
		{"rejects Managed Instances memory below 2 GiB", with("--mi-memory", "1024"), "--mi-memory must be 2048..32768 MiB, got 1024"},
		{"rejects memory per vCPU above 8 GiB", with("--gib-per-vcpu", "16"), "--gib-per-vcpu must be 2..8 GiB per vCPU, got 16"},
		{"rejects more than 1,600 invocations per environment", with("--max-concurrency", "5000"), "--max-concurrency must be 1..1600 invocations per environment, got 5000"},
		{"rejects a target given as a percentage", with("--target-utilization", "50"), "--target-utilization must be above 0 and at most 1, got 50"},
		{"rejects no minimum environments", with("--min-environments", "0"), "--min-environments must be 1..15000, got 0"},
		{"rejects a Savings Plan given as a percentage", with("--savings-plan", "72"), "--savings-plan must be a share 0..1 of the on-demand instance price, got 72"},
		{"rejects a committed price that is not a price", with("--committed-hourly", "cheap"), `--committed-hourly must be a price per instance-hour in dollars such as 0.0457, got "cheap"`},
		{"rejects an instance type it has no price for", with("--instance-type", "m5.large"), `--instance-type: no us-east-1 price for instance type "m5.large", known: c7g.large`},
		{"rejects an instance too small for one environment", with("--mi-memory", "8192", "--instance-type", "c7g.large"), "--instance-type: Managed.InstanceType c7g.large (2 vCPUs, 4 GiB) cannot hold one environment"},
		{"rejects a region without Lambda prices", with("--region", "eu-west-1"), `--region: no prices for region "eu-west-1", known: us-east-1`},
		{"rejects --invocations with --rps", with("--invocations", "5"), "--invocations cannot go with --rps: --rps prices a month of the steady load and sizes provisioned concurrency for it"},
		{"rejects --provisioned with --rps", with("--provisioned", "5"), "--provisioned cannot go with --rps"},
		{"rejects a chart without --rps", []string{"cost", "--memory", "1024", "--duration", "1s", "--invocations", "1", "--svg", "x.svg"}, "--svg needs --rps"},
		{"rejects a CPU share without --rps", []string{"cost", "--memory", "1024", "--duration", "1s", "--invocations", "1", "--cpu-share", "0.5"}, "--cpu-share needs --rps"},
		{"rejects a chart in a missing folder", with("--svg", filepath.Join("no", "such", "dir", "c.svg")), "--svg: cannot write " + filepath.Join("no", "such", "dir", "c.svg") + ": no such file or directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(c.args...)
			checkUsageError(t, code, stdout, stderr, "lambdaperf cost: "+c.want, costHint)
		})
	}
}
