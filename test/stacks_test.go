package test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// TestGoldenSnapshots compares every reference stack with its golden file.
// Refresh on purpose with: go test ./test -run TestGoldenSnapshots -update
func TestGoldenSnapshots(t *testing.T) {
	a := synth(t)
	for name, tpl := range a.Templates {
		t.Run(name, func(t *testing.T) {
			snapshot.Golden(t, filepath.Join("testdata", name+".template.json"), snapshot.Normalize(tpl))
		})
	}
	// A golden without a stack is a stack someone removed: say so.
	files, _ := filepath.Glob(filepath.Join("testdata", "*.template.json"))
	for _, f := range files {
		if _, ok := a.Templates[strings.TrimSuffix(filepath.Base(f), ".template.json")]; !ok {
			t.Errorf("%s has no stack any more: delete it", f)
		}
	}
}

// TestRulePacksAreClean: cdk-nag's AwsSolutions and Serverless findings are
// annotations; any unsuppressed one, and any error or warning, fails.
func TestRulePacksAreClean(t *testing.T) {
	a := synth(t)
	for _, m := range a.Messages {
		if m.Level == "error" || m.Level == "warning" {
			t.Errorf("%s %s: %s", m.Level, m.Path, m.Text)
		}
	}
	if len(a.Templates) == 0 {
		t.Fatal("no stacks synthesized")
	}
}

// TestSuppressionsHaveReasons: every cdk-nag suppression explains itself.
func TestSuppressionsHaveReasons(t *testing.T) {
	for stack, tpl := range synth(t).Templates {
		for id, r := range tpl["Resources"].(map[string]any) {
			meta, _ := r.(map[string]any)["Metadata"].(map[string]any)
			nag, _ := meta["cdk_nag"].(map[string]any)
			rules, _ := nag["rules_to_suppress"].([]any)
			for _, rule := range rules {
				reason, _ := rule.(map[string]any)["reason"].(string)
				if len(reason) < 40 {
					t.Errorf("%s/%s suppresses %v with a thin reason %q", stack, id, rule.(map[string]any)["id"], reason)
				}
			}
		}
	}
}

func TestAPIStack(t *testing.T) {
	tpl := template(t, "LambdaPerfApi")
	fns := cdktest.Resources(tpl, "AWS::Lambda::Function")
	if len(fns) != 2 {
		t.Fatalf("%d functions, want the Node.js and the Go function", len(fns))
	}
	runtimes := map[string]map[string]any{}
	for _, f := range fns {
		p := cdktest.Props(f)
		runtimes[p["Runtime"].(string)] = f
		if arch := p["Architectures"].([]any); arch[0] != "arm64" {
			t.Errorf("%v runs on %v", p["Runtime"], arch)
		}
	}
	if cdktest.Props(runtimes["nodejs24.x"])["MemorySize"] != 512.0 || cdktest.Props(runtimes["provided.al2023"])["MemorySize"] != 256.0 {
		t.Error("memory: want IOBound 512 MiB for Node.js and Simple 256 MiB for Go")
	}

	aliases := cdktest.Resources(tpl, "AWS::Lambda::Alias")
	urls := cdktest.Resources(tpl, "AWS::Lambda::Url")
	if len(urls) != 2 {
		t.Fatalf("%d Function URLs, want 2", len(urls))
	}
	for id, u := range urls {
		p := cdktest.Props(u)
		if p["AuthType"] != "AWS_IAM" || p["Qualifier"] != "live" {
			t.Errorf("%s: auth %v qualifier %v, want AWS_IAM on live", id, p["AuthType"], p["Qualifier"])
		}
		deps, _ := u["DependsOn"].([]any)
		if len(deps) != 1 || aliases[deps[0].(string)] == nil {
			t.Errorf("%s does not depend on its alias: %v", id, deps)
		}
	}
}

// TestNodeBundleRuns invokes the bundled reference handler under Node.js
// against a fake DynamoDB endpoint: the SDK is in the bundle, as Lambda
// runs it, and nothing of the project's node_modules is in reach.
func TestNodeBundleRuns(t *testing.T) {
	tpl := template(t, "LambdaPerfApi")
	var dir string
	for _, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		if cdktest.Props(f)["Runtime"] == "nodejs24.x" {
			dir = assetPath(t, f)
		}
	}
	if dir == "" {
		t.Fatal("no Node.js function")
	}
	runDir := t.TempDir()
	copyBundle(t, dir, runDir)
	testfiles.Write(t, filepath.Join(runDir, "run.js"), runner)

	out := runNode(t, runDir, "run.js")
	for _, want := range []string{
		`GET /items/42 -> 200 {"id":"42","name":"answer","price":9}`,
		`GET /items/7 -> 404`,
		`POST /items -> 201 {"written":30}`,
		`batch writes: 2`,
		"GET /items/42/export -> 200 pk: \"42\"\nname: answer\nprice: 10",
		`POST /items bad -> 400`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("handler output lacks %q:\n%s", want, out)
		}
	}
}
