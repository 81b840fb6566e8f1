package audit

import (
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

func TestSuppressionsAcknowledgeOnlyWithAReason(t *testing.T) {
	st, err := assembly.ParseTemplate("S", []byte(`{"Resources": {
	  "Quiet": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Architectures": ["arm64"]},
	            "Metadata": {"lambdaperf": {"suppress": [{"id": "default-memory", "reason": "a cron job that needs no CPU"}]}}},
	  "Loud": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Architectures": ["arm64"]},
	           "Metadata": {"lambdaperf": {"suppress": [{"id": "default-memory", "reason": "  short   "}]}}}
	}}`), assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(&Model{Stacks: []*Stack{st}}, Options{})
	has := func(fs []Finding, rule, res string) bool {
		for _, f := range fs {
			if f.Rule == rule && f.Resource == res {
				return true
			}
		}
		return false
	}
	if has(rep.Findings, "default-memory", "Quiet") || !has(rep.Suppressed, "default-memory", "Quiet") {
		t.Error("default-memory on Quiet is acknowledged with a reason: it belongs to Suppressed")
	}
	if !has(rep.Findings, "default-memory", "Loud") || !has(rep.Findings, "suppression-invalid", "Loud") {
		t.Error("a reason of 5 characters (spaces do not count) acknowledges nothing and is an error")
	}
	if rep.Suppressed[0].SuppressedBy != "a cron job that needs no CPU" {
		t.Errorf("the reason is kept: %q", rep.Suppressed[0].SuppressedBy)
	}
}

func TestFindingsAreSortedAndSeveritiesRenderAsWords(t *testing.T) {
	st, err := assembly.ParseTemplate("S", []byte(`{"Resources": {
	  "A": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "MemorySize": 64}}
	}}`), assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(&Model{Stacks: []*Stack{st}}, Options{})
	for i := 1; i < len(rep.Findings); i++ {
		if rep.Findings[i].Severity > rep.Findings[i-1].Severity {
			t.Errorf("finding %d (%s) is more severe than the one before it", i, rep.Findings[i].Severity)
		}
	}
	if rep.Count(Error) != 1 || rep.Findings[0].Rule != "memory-out-of-range" {
		t.Errorf("want memory-out-of-range as the only error, first: %+v", rep.Findings)
	}
	data, _ := json.Marshal(rep.Findings[0])
	if !strings.Contains(string(data), `"severity":"error"`) || strings.Contains(string(data), "SuppressedBy") {
		t.Errorf("JSON %s", data)
	}
}

// TestNoCDKDependency proves with `go list -deps` that the rule engine
// stays plain Go: no jsii runtime, no CDK module.
func TestNoCDKDependency(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list dependencies: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".")
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	// layercatalog is lambdaperf's one catalog of published layers, plain
	// Go shared with the constructs; its own imports are listed here too.
	allowed := map[string]bool{"github.com/lambdaperf/lambdaperf/audit": true, "github.com/lambdaperf/lambdaperf/costmodel": true,
		"github.com/lambdaperf/lambdaperf/assembly":                           true,
		"github.com/lambdaperf/lambdaperf/internal/schedule":                  true,
		"github.com/lambdaperf/lambdaperf/internal/nodehandler":               true,
		"github.com/lambdaperf/lambdaperf/constructs/extensions/layercatalog": true}
	deps := strings.Fields(string(out))
	for _, dep := range deps {
		if !allowed[dep] {
			t.Errorf("audit depends on %s; it may use the standard library, assembly, costmodel and layercatalog only", dep)
		}
	}
	if len(deps) == 0 {
		t.Error("go list printed nothing, not even audit itself")
	}
}
