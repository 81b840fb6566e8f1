package referencetest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/internal/artillerytest"
	"github.com/lambdaperf/lambdaperf/localinvoke"
)

// artilleryDir is the repository's test/artillery package: the pinned
// Artillery and signer, installed by `make artillery` (make test does, and
// make deps does not: 461 packages only these tests use). Missing, the
// tests are skipped under a plain `go test ./...` and fail under make,
// which installed it first (make exports MAKELEVEL to its commands).
func artilleryDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(functionsDir(t), "..", "test", "artillery")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".bin", "artillery")); err != nil {
		if os.Getenv("MAKELEVEL") == "" {
			t.Skipf("Artillery is not installed in %s: run `make artillery` (make test does)", dir)
		}
		t.Fatalf("Artillery is not installed in %s: run `make artillery`", dir)
	}
	return dir
}

// Test credentials: the signer and the verifier share them, nothing leaves
// the machine.
var testCredentials = []string{
	"AWS_ACCESS_KEY_ID=AKIDLAMBDAPERFTEST01", "AWS_SECRET_ACCESS_KEY=lambdaperf-test-secret-not-a-real-key",
	"AWS_REGION=us-east-1", "AWS_SESSION_TOKEN=",
}

// startVerifier runs the SigV4 verifier in front of upstream and returns
// its URL.
func startVerifier(t *testing.T, upstream string) string {
	t.Helper()
	cmd := exec.Command("node", filepath.Join("testdata", "sigv4-verifier.cjs"))
	cmd.Env = append(os.Environ(), testCredentials...)
	cmd.Env = append(cmd.Env, "UPSTREAM="+upstream, "NODE_PATH="+filepath.Join(artilleryDir(t), "node_modules"))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(out)
		s.Scan()
		line <- s.Text()
		io.Copy(io.Discard, out)
	}()
	select {
	case l := <-line:
		url, ok := strings.CutPrefix(l, "listening ")
		if !ok {
			t.Fatalf("verifier said %q", l)
		}
		return url
	case <-time.After(20 * time.Second):
		t.Fatal("the verifier did not start")
	}
	return ""
}

// artilleryReport is what the test reads of Artillery's JSON report.
type artilleryReport struct {
	Aggregate struct {
		Counters  map[string]int                `json:"counters"`
		Summaries map[string]map[string]float64 `json:"summaries"`
	} `json:"aggregate"`
}

// TestArtilleryAgainstServe runs the generated Artillery script for the
// reference arm64 Go function with the real Artillery: signed by the
// script's processor, verified by a SigV4 verifier built on the same
// signer, answered by `lambdaperf serve` over a DynamoDB stand-in, all on
// 127.0.0.1. The script's ensure checks come from the function's SLO.
func TestArtilleryAgainstServe(t *testing.T) {
	artillery := filepath.Join(artilleryDir(t), "node_modules", ".bin", "artillery")
	fn, err := localinvoke.Load(synth(t), "Ref/GoArm")
	if err != nil {
		t.Fatal(err)
	}
	dynamo, getItems := fakeDynamo(t, 0)
	fn.Override(map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": dynamo})

	// Native timings: the budget is a latency budget (emulation is tested
	// in TestReferenceArm64Function).
	srv, err := localinvoke.Serve(context.Background(), fn, localinvoke.ServeOptions{
		Options: localinvoke.Options{CrossArch: localinvoke.RebuildForHost}, Instances: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	verifier := startVerifier(t, srv.URL())

	t.Run("the verifier refuses what is not signed right", func(t *testing.T) {
		for _, c := range []struct{ name, auth, want string }{
			{"unsigned", "", "no SigV4 Authorization header"},
			{"a wrong signature", "AWS4-HMAC-SHA256 Credential=AKIDLAMBDAPERFTEST01/20261203/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + strings.Repeat("0", 64), "signature does not match"},
		} {
			req, _ := http.NewRequest("GET", verifier+"items/42", nil)
			if c.auth != "" {
				req.Header.Set("Authorization", c.auth)
				req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 403 || !strings.Contains(string(body), c.want) {
				t.Errorf("%s: %d %s", c.name, resp.StatusCode, body)
			}
		}
	})

	budget := localinvoke.FunctionBudget(fn)
	ramp := localinvoke.Ramp{From: 2, To: 10, Duration: 4 * time.Second}
	script, err := localinvoke.ArtilleryScript(localinvoke.ArtilleryOptions{
		Target: verifier, Ramp: ramp, TimeoutSec: fn.TimeoutSec, Budget: &budget, Processor: true,
		Event: []byte(`{"rawPath": "/items/42", "headers": {"accept": "application/json"}, "requestContext": {"http": {"method": "GET"}}}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{"load.yml": script, localinvoke.ArtilleryProcessorFile: localinvoke.ArtilleryProcessor()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	report := filepath.Join(dir, "report.json")
	cmd := exec.CommandContext(ctx, artillery, "run", "--output", report, "load.yml")
	cmd.Dir = dir
	// The processor finds @smithy/signature-v4 through Artillery's own
	// installation: the script's folder has no node_modules.
	cmd.Env = append(os.Environ(), testCredentials...)
	cmd.Env = append(cmd.Env, "ARTILLERY_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=1")
	began := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("artillery run: %v", time.Since(began).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("artillery run: %v\n%s", err, out)
	}

	n := ramp.Count()
	for _, want := range []string{
		fmt.Sprintf("ok: http.response_time.p99 <= %d", goArmSLO.Milliseconds()),
		"ok: (lambdaperf.errors + vusers.failed) / vusers.created * 100 <= 1",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("Artillery's checks miss %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep artilleryReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	c := rep.Aggregate.Counters
	if c["http.requests"] != n || c["http.responses"] != n || c["http.codes.200"] != n || c["vusers.failed"] != 0 || c["lambdaperf.errors"] != 0 {
		t.Errorf("want %d requests, every one answered 200: counters %v", n, c)
	}
	if rt := rep.Aggregate.Summaries["http.response_time"]; rt["count"] != float64(n) || rt["p99"] <= 0 || rt["p99"] >= float64(goArmSLO.Milliseconds()) {
		t.Errorf("http.response_time %v", rt)
	}
	t.Run("a budget the run breaks fails its check, with Artillery's own ensure plugin", func(t *testing.T) {
		strict := budget
		strict.P99 = time.Millisecond
		script, err := localinvoke.ArtilleryScript(localinvoke.ArtilleryOptions{Target: verifier, Ramp: ramp, Budget: &strict, Processor: true})
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "strict.yml")
		if err := os.WriteFile(file, script, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("node", filepath.Join("testdata", "ensure-check.mjs"), artilleryDir(t), file, report).Output()
		if err != nil {
			t.Fatalf("ensure-check: %v", err)
		}
		var checks []struct {
			Check string
			OK    bool
		}
		if err := json.Unmarshal(out, &checks); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		want := []string{"http.response_time.p99 <= 1 false", "(lambdaperf.errors + vusers.failed) / vusers.created * 100 <= 1 true"}
		var got []string
		for _, c := range checks {
			got = append(got, fmt.Sprintf("%s %v", c.Check, c.OK))
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("checks %q, want %q", got, want)
		}
	})
	if st := srv.Stats(); st.Requests != int64(n) || st.Errors != 0 || st.ColdStarts < 1 || st.ColdStarts > 2 || getItems.Load() != int64(n) {
		t.Errorf("serve %+v, DynamoDB stand-in %d calls, want %d", st, getItems.Load(), n)
	}
}

// TestArtilleryImpatientClientsAgainstServe replays what broke serve for
// good: 500 Artillery users that give up after 100 ms on the reference
// Node.js API, served by 4 instances, whose DynamoDB answers in 300 ms.
// Before, every later request was a 502 on all 4 instances: the emulator
// of an instance handed back mid-call hit AlreadyReserved and panicked.
// Now the calls the users left run to their end and 100 patient users
// after them are all answered 200.
func TestArtilleryImpatientClientsAgainstServe(t *testing.T) {
	fn, err := localinvoke.Load(synth(t), "Ref/NodeApi")
	if err != nil {
		t.Fatal(err)
	}
	dynamo, getItems := fakeDynamo(t, 300*time.Millisecond)
	fn.Override(map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": dynamo})
	bin := artillerytest.Bin(t, filepath.Join(functionsDir(t), ".."))
	srv, err := localinvoke.Serve(context.Background(), fn, localinvoke.ServeOptions{Instances: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	target := strings.TrimSuffix(srv.URL(), "/")
	// Every user asks for another item: none is in the handler's cache.
	impatient := artillerytest.Run(t, bin, artillerytest.Users(target, 100, 5, 0.1, "/items/{{ $randomNumber(1, 1000000000) }}"))
	patient := artillerytest.Run(t, bin, artillerytest.Users(target, 20, 5, 30, "/items/{{ $randomNumber(1, 1000000000) }}"))
	st := srv.Stats()
	t.Logf("impatient: %d gave up, %d answered 200, %d 502; patient: %d answered 200, %d 502; serve %+v; DynamoDB calls %d",
		impatient["errors.ETIMEDOUT"], impatient["http.codes.200"], impatient["http.codes.502"],
		patient["http.codes.200"], patient["http.codes.502"], st, getItems.Load())
	if impatient["errors.ETIMEDOUT"] < 400 {
		t.Errorf("only %d of 500 users gave up: the calls were not slow enough to test anything", impatient["errors.ETIMEDOUT"])
	}
	if patient["http.codes.200"] != 100 || patient["http.codes.502"] != 0 {
		t.Errorf("100 patient users after the impatient ones: %d answered 200, %d 502, want 100 and 0 (%v)", patient["http.codes.200"], patient["http.codes.502"], patient)
	}
}

// fakeDynamo stands in for DynamoDB: it answers every GetItem with item 42
// after delay, refuses other calls, and counts the GetItems. It stops with
// the test.
func fakeDynamo(t *testing.T, delay time.Duration) (url string, getItems *atomic.Int64) {
	t.Helper()
	getItems = &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "DynamoDB_20120810.GetItem" {
			http.Error(w, "unexpected call", http.StatusBadRequest)
			return
		}
		getItems.Add(1)
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		io.WriteString(w, `{"Item": {"pk": {"S": "42"}, "name": {"S": "widget"}}}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, getItems
}
