package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/handlercode"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// ruleManagedInstancesModuleState: on Managed Instances one execution
// environment runs many invocations at once, and in Node.js those on one
// worker thread share the module's variables, interleaved at every await.
// A value of one request stored at module level is read or overwritten
// by another. Python is exempt: each concurrent request runs in a process
// of its own (lambda.ManagedInstancesSharesMemory). A warning, not an
// error: the mistake shows only when invocations overlap, and reading the
// code cannot tell whether a write and its read straddle an await.
var ruleManagedInstancesModuleState = &Rule{
	ID:       "managed-instances-module-state",
	Severity: Warning,
	Summary:  "a handler on a capacity provider (Lambda Managed Instances) that stores a request's data in module-level state, which the invocations running at once in its execution environment share",
	Source:   lambda.ManagedInstancesNodeJSDoc + " (each concurrent request on a worker thread shares the handler object and global state: avoid mutable global state, or use AsyncLocalStorage) and " + lambda.ManagedInstancesRuntimesDoc,
	Fix:      "Keep what belongs to one request in locals of the handler and pass it as arguments (or in an AsyncLocalStorage store); keep at module level only what every request shares: configuration, SDK clients, caches filled once.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if !lambda.ManagedInstancesSharesMemory(f.RuntimeName()) {
				continue
			}
			writes := codeOnCapacityProvider(f).RequestStateWrites()
			if len(writes) == 0 {
				continue
			}
			w := writes[0]
			more := andMore(len(writes)-1, "such write", "such writes")
			c.report(f.Resource,
				fmt.Sprintf("%s runs on a capacity provider, where one execution environment serves many invocations at once (on Node.js, several on each worker thread, interleaved at every await), and its code %s at %s with a value of the request%s: an invocation in flight reads another's value, or sees its data mixed in.", name(f.Resource), describeStateWrite(w), w.Pos, more),
				fmt.Sprintf("Make `%s` a local of the handler (or pass it as an argument); if it must follow the request into callbacks, keep it in an AsyncLocalStorage store. Keep at module level only what every request shares.", w.Name))
		}
	},
}

// describeStateWrite says in words what a write to module state does.
func describeStateWrite(w handlercode.StateWrite) string {
	switch w.How {
	case "property":
		return fmt.Sprintf("writes a property of the module-level `%s`", w.Name)
	case "push", "unshift", "splice", "append", "extend", "insert", "update", "set", "add":
		return fmt.Sprintf("calls `%s.%s(...)` on a module-level value", w.Name, w.How)
	}
	return fmt.Sprintf("assigns the module-level `%s` (%s)", w.Name, w.How)
}
