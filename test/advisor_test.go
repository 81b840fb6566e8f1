package test

import (
	"testing"

	"github.com/lambdaperf/lambdaperf/audit"
)

// TestAdvisorFindsNoProblems audits the synthesized reference assembly the
// way `lambdaperf audit cdk.out` does (templates plus code assets): the
// reference stacks follow the playbook, so no error and no warning.
func TestAdvisorFindsNoProblems(t *testing.T) {
	a := synth(t)
	m, err := audit.ReadAssembly(a.Dir)
	if err == nil {
		err = audit.ReadEventSourcesOf(m, a.Dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	rep := audit.Run(m, audit.Options{})
	if rep.Functions == 0 || rep.Assets != rep.Functions {
		t.Errorf("audited %d functions, %d with their code asset: want every function with its asset", rep.Functions, rep.Assets)
	}
	for _, f := range rep.Findings {
		if f.Severity != audit.Info {
			t.Errorf("%s %s %s/%s: %s", f.Severity, f.Rule, f.Stack, f.Resource, f.Message)
		}
	}
}
