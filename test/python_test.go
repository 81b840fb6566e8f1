package test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
)

// TestPythonStack: python3.13 from a folder, SnapStart left off (opt-in for
// Python), and an asset with the handler module and nothing else.
func TestPythonStack(t *testing.T) {
	tpl := template(t, "LambdaPerfPython")
	_, fn := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	p := cdktest.Props(fn)
	if p["Runtime"] != "python3.13" || p["Handler"] != "percentiles.handler" {
		t.Errorf("runtime %v handler %v", p["Runtime"], p["Handler"])
	}
	if _, ok := p["SnapStart"]; ok {
		t.Errorf("SnapStart %v: it is opt-in for Python", p["SnapStart"])
	}
	entries, err := os.ReadDir(assetPath(t, fn))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "percentiles.py" {
		t.Errorf("asset files %v, want only percentiles.py", names)
	}
}

// TestPythonHandlerRuns calls the deployed module's handler with the local
// Python, as the runtime would.
func TestPythonHandlerRuns(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	tpl := template(t, "LambdaPerfPython")
	_, fn := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	script := `
import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from percentiles import handler
for body in ['{"durations_ms": [12, 80, 31, 45, 300, 20, 25, 27, 29, 33]}', '{}', 'not json']:
    r = handler({"body": body}, None)
    print(r["statusCode"], r["body"])
`
	out, err := exec.Command(python, "-c", script, assetPath(t, fn)).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("output:\n%s", out)
	}
	var summary map[string]float64
	if err := json.Unmarshal([]byte(strings.TrimPrefix(lines[0], "200 ")), &summary); err != nil {
		t.Fatalf("first answer %q: %v", lines[0], err)
	}
	want := map[string]float64{"count": 10, "mean": 60.2, "p50": 29, "p95": 300, "p99": 300}
	for k, v := range want {
		if summary[k] != v {
			t.Errorf("%s = %v, want %v (%s)", k, summary[k], v, lines[0])
		}
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "400 ") {
			t.Errorf("bad request answered %q, want 400", l)
		}
	}
	if _, err := os.Stat(filepath.Join(assetPath(t, fn), "__pycache__")); err == nil {
		t.Error("running the handler wrote bytecode into cdk.out")
	}
}

// jsonText renders a template value for substring checks.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
