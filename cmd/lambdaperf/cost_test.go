package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const costHint = "Run 'lambdaperf cost -h' for usage."

func TestCost(t *testing.T) {
	t.Run("prints the playbook's 1,024 MB row as a table", func(t *testing.T) {
		code, stdout, stderr := runCLI("cost", "--memory", "1024", "--duration", "1.46s", "--invocations", "1000")
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		golden(t, "cost-playbook.txt", stdout)
	})
	t.Run("prints provisioned concurrency with both rules", func(t *testing.T) {
		code, stdout, stderr := runCLI("cost", "--memory=1024", "--duration=120ms", "--invocations=3000000",
			"--provisioned=5", "--hours=220", "--arch=arm64", "--ephemeral-storage=1024")
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		golden(t, "cost-provisioned.txt", stdout)
	})
	t.Run("writes JSON with the charges and the inputs", func(t *testing.T) {
		code, stdout, stderr := runCLI("cost", "--memory", "4096", "--duration", "280ms", "--invocations", "2000000",
			"--provisioned", "7", "--hours", "24", "--format", "json")
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		var got map[string]json.Number
		dec := json.NewDecoder(strings.NewReader(stdout))
		dec.UseNumber()
		var raw map[string]any
		if err := dec.Decode(&raw); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, stdout)
		}
		got = map[string]json.Number{}
		for k, v := range raw {
			if n, ok := v.(json.Number); ok {
				got[k] = n
			}
		}
		// The pricing page's Cyber Monday example: $10.08 + $21.78 + $0.40.
		for k, want := range map[string]string{
			"compute_usd":                       "21.777728",
			"requests_usd":                      "0.4",
			"provisioned_usd":                   "10.08008064",
			"total_usd":                         "32.25780864",
			"memory_mib":                        "4096",
			"duration_ms":                       "280",
			"invocations":                       "2000000",
			"provisioned_environments":          "7",
			"provisioned_hours":                 "24",
			"provisioned_breakeven_utilization": "0.6",
		} {
			if string(got[k]) != want {
				t.Errorf("%s = %q, want %s", k, got[k], want)
			}
		}
		if raw["arch"] != "x86_64" || raw["region"] != "us-east-1" {
			t.Errorf("arch %v, region %v", raw["arch"], raw["region"])
		}
	})
	t.Run("bills the INIT of cold starts with --init-duration and --cold-start-rate", func(t *testing.T) {
		// 1 million × 1 % = 10,000 cold starts × 0.5 s × 1 GB = 5,000 GB-s
		// at $0.0000133334 = $0.066667.
		code, stdout, stderr := runCLI("cost", "--memory", "1024", "--duration", "100ms", "--invocations", "1000000",
			"--arch", "arm64", "--init-duration", "500ms", "--cold-start-rate", "0.01", "--format", "json")
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		var r costReport
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		if r.ColdStarts != 10_000 || r.InitUSD.Format(6) != "$0.066667" || r.TotalUSD != r.ComputeUSD+r.InitUSD+r.RequestsUSD {
			t.Errorf("cold starts %d, init %s, total %s = compute %s + init + requests %s", r.ColdStarts, r.InitUSD, r.TotalUSD, r.ComputeUSD, r.RequestsUSD)
		}
		if r.OnDemandPerMillionUSD != r.TotalUSD {
			t.Errorf("per million %s, want the total of one million invocations %s", r.OnDemandPerMillionUSD, r.TotalUSD)
		}
		code, text, _ := runCLI("cost", "--memory", "1024", "--duration", "100ms", "--invocations", "1000000",
			"--arch", "arm64", "--init-duration", "500ms", "--cold-start-rate", "0.01")
		for _, want := range []string{"cold starts", "10,000 (0.01 of on-demand invocations), INIT 500ms each", "INIT (billed since 1 Aug 2025)", "$0.0667"} {
			if code != 0 || !strings.Contains(text, want) {
				t.Errorf("text misses %q:\n%s", want, text)
			}
		}
	})
	t.Run("prints its flags for -h", func(t *testing.T) {
		code, stdout, stderr := runCLI("cost", "-h")
		if code != 0 || stderr != "" {
			t.Fatalf("code %d, stderr %q", code, stderr)
		}
		for _, want := range []string{"Usage: lambdaperf cost", "--memory MiB", "--duration duration", "--format format", "(default text)"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("usage misses %q:\n%s", want, stdout)
			}
		}
	})
	ok := []string{"--memory", "1024", "--duration", "100ms", "--invocations", "10"}
	with := func(extra ...string) []string { return append(append([]string{"cost"}, ok...), extra...) }
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"rejects memory below 128 MiB", with("--memory", "64"), "--memory must be 128..10240 MiB, got 64"},
		{"rejects memory above 10240 MiB", with("--memory", "20000"), "--memory must be 128..10240 MiB, got 20000"},
		{"rejects negative memory", with("--memory", "-5"), "--memory must be 128..10240 MiB, got -5"},
		{"rejects memory that is not a number", with("--memory", "lots"), `invalid value "lots" for --memory: parse error`},
		{"requires --memory", []string{"cost", "--duration", "1s", "--invocations", "1"}, "--memory is required"},
		{"requires --duration", []string{"cost", "--memory", "128", "--invocations", "1"}, "--duration is required"},
		{"rejects a duration without a unit", with("--duration", "120"), `invalid value "120" for --duration: want a Go duration such as 120ms or 1.5s`},
		{"rejects a negative duration", with("--duration", "-1s"), "--duration must be more than 0 and at most 15m0s, got -1s"},
		{"rejects a duration above 15 minutes", with("--duration", "16m"), "--duration must be more than 0 and at most 15m0s, got 16m0s"},
		{"requires --invocations", []string{"cost", "--memory", "128", "--duration", "1s"}, "--invocations is required"},
		{"rejects negative invocations", with("--invocations", "-1"), "--invocations must not be negative, got -1"},
		{"rejects an unknown architecture", with("--arch", "sparc"), `--arch: unknown architecture "sparc", want x86_64 or arm64`},
		{"rejects an unknown region", with("--region", "mars-1"), `--region: no prices for region "mars-1", known: us-east-1`},
		{"rejects an unknown format", with("--format", "yaml"), `--format must be text or json, got "yaml"`},
		{"rejects provisioned environments without hours", with("--provisioned", "2"), "--hours is required with --provisioned 2"},
		{"rejects hours without provisioned environments", with("--hours", "3"), "--hours 3 needs --provisioned N"},
		{"rejects negative provisioned environments", with("--provisioned", "-2", "--hours", "1"), "--provisioned must not be negative, got -2"},
		{"rejects negative hours", with("--provisioned", "2", "--hours", "-1"), "--hours must be a number of hours >= 0, got -1"},
		{"rejects hours that are not a number", with("--provisioned", "2", "--hours", "NaN"), "--hours must be a number of hours >= 0, got NaN"},
		{"rejects ephemeral storage below 512 MiB", with("--ephemeral-storage", "100"), "--ephemeral-storage must be 512..10240 MiB, got 100"},
		{"rejects hours beyond a million", with("--provisioned", "2", "--hours", "1e300"), "--hours must be at most 1000000, got 1e+300"},
		{"rejects a cost too large to count", with("--invocations", "9223372036854775807", "--memory", "10240", "--duration", "15m"), "cannot price --memory 10240 --duration 15m0s --invocations 9223372036854775807: amount exceeds the range of Money"},
		{"rejects an init duration without a cold-start rate", with("--init-duration", "300ms"), "--init-duration 300ms needs --cold-start-rate"},
		{"rejects a cold-start rate without an init duration", with("--cold-start-rate", "0.01"), "--cold-start-rate 0.01 needs --init-duration"},
		{"rejects a cold-start rate above 1", with("--init-duration", "1s", "--cold-start-rate", "2"), "--cold-start-rate must be a share 0..1, got 2"},
		{"rejects a negative init duration", with("--init-duration", "-1s", "--cold-start-rate", "0.1"), "--init-duration must be 0..15m0s, got -1s"},
		{"rejects an init duration without a unit", with("--init-duration", "300"), `invalid value "300" for --init-duration: want a Go duration such as 250ms`},
		{"rejects an unknown flag", with("--memroy", "128"), "unknown flag --memroy"},
		{"rejects a flag without its value", with("--memory"), "missing value for --memory"},
		{"rejects a stray argument", with("extra"), `unexpected argument "extra"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(c.args...)
			checkUsageError(t, code, stdout, stderr, "lambdaperf cost: "+c.want, costHint)
		})
	}
}
