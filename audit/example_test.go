package audit_test

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
)

// Audit one template: a function with too little memory, on x86_64, whose
// logs never expire.
func ExampleRun() {
	st, err := assembly.ParseTemplate("Shop", []byte(`{"Resources": {
	  "Orders": {"Type": "AWS::Lambda::Function",
	             "Properties": {"Runtime": "nodejs24.x", "MemorySize": 64, "Handler": "index.handler"}}
	}}`), assembly.TemplateOptions{})
	if err != nil {
		panic(err)
	}
	rep := audit.Run(&audit.Model{Stacks: []*audit.Stack{st}}, audit.Options{})
	for _, f := range rep.Findings {
		fmt.Println(f.Severity, f.Rule, f.Resource)
	}
	// Output:
	// error memory-out-of-range Orders
	// warning no-log-retention Orders
	// warning x86-where-arm64 Orders
}
