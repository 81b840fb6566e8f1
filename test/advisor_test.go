package test

import (
	"testing"

	cloudassembly "github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
)

// TestAdvisorFindsNoProblems audits the synthesized reference assembly the
// way `lambdaperf audit cdk.out` does (templates plus code assets): the
// reference stacks follow the playbook, so no error and no warning.
func TestAdvisorFindsNoProblems(t *testing.T) {
	a := synth(t)
	m, err := cloudassembly.ReadAssembly(a.Dir)
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

// TestTheManagedInstancesHandlerIsReadAndSafe: the reference function on a
// capacity provider passes the rules on concurrent invocations because its
// bundle was read and holds no request state at module level and no fixed
// /tmp path, not because nothing was read (handlercode's
// TestTheReferenceManagedInstancesHandler plants both mistakes in the same
// handler and finds them).
func TestTheManagedInstancesHandlerIsReadAndSafe(t *testing.T) {
	a := synth(t)
	m, err := cloudassembly.ReadAssembly(a.Dir)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, st := range m.Stacks {
		for _, f := range st.Functions {
			if f.ManagedInstances == nil {
				continue
			}
			found++
			if !f.Code.Inspected() || f.Code.Func == nil {
				t.Errorf("%s/%s: its handler code was not read: %+v", st.Name, f.LogicalID, f.Code)
				continue
			}
			if w := f.Code.RequestStateWrites(); len(w) > 0 {
				t.Errorf("%s/%s keeps request state at module level: %+v", st.Name, f.LogicalID, w)
			}
			if len(f.Code.TempFiles) > 0 {
				t.Errorf("%s/%s writes fixed /tmp paths: %+v", st.Name, f.LogicalID, f.Code.TempFiles)
			}
		}
	}
	if found == 0 {
		t.Error("no reference function runs on a capacity provider")
	}
}
