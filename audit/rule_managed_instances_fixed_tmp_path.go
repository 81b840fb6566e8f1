package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/handlercode"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// ruleManagedInstancesFixedTmpPath: on Managed Instances every invocation
// running at once in an execution environment, on every runtime, shares
// its /tmp; a file name that is the same for every invocation is written
// by several at once. A warning, not an error: it breaks only when
// invocations overlap on the same file.
var ruleManagedInstancesFixedTmpPath = &Rule{
	ID:       "managed-instances-fixed-tmp-path",
	Severity: Warning,
	Summary:  "a handler on a capacity provider (Lambda Managed Instances) that writes a fixed file name in /tmp, which every invocation running at once in its execution environment shares",
	Source:   lambda.ManagedInstancesPythonDoc + " (the /tmp directory is shared by all concurrent requests in the execution environment: concurrent writes to one file can corrupt it; use unique file names per request or process, or file locks) and " + lambda.ManagedInstancesRuntimesDoc,
	Fix:      "Give each invocation a file or folder of its own and remove it when done: mkdtemp, crypto.randomUUID() or context.awsRequestId in the name (Node.js), tempfile.mkstemp, NamedTemporaryFile or TemporaryDirectory (Python); lock a file that must be shared, or publish it with an atomic rename.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			code := codeOnCapacityProvider(f)
			if code == nil || len(code.TempFiles) == 0 {
				continue
			}
			w := code.TempFiles[0]
			more := andMore(len(code.TempFiles)-1, "fixed path", "fixed paths")
			when := "on every invocation, so invocations running at once write it together"
			if w.Phase == handlercode.Init {
				unit := "worker thread"
				if code.Language == handlercode.Python {
					unit = "process"
				}
				when = fmt.Sprintf("at init, which each %s of the environment runs, so several write it at once", unit)
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs on a capacity provider, where the invocations running at once in an execution environment share its /tmp, and its code writes the fixed path %s (%s at %s) %s%s: one reads another's data or a half-written file.", name(f.Resource), w.Path, w.Call, w.Pos, when, more),
				tmpFix(code.Language, w.Path))
		}
	},
}

// tmpFix says how to give each invocation a file of its own, in the
// handler's language.
func tmpFix(lang handlercode.Language, path string) string {
	if lang == handlercode.Python {
		return fmt.Sprintf("Replace %s with a name of the invocation's own (tempfile.mkstemp(), NamedTemporaryFile() or a TemporaryDirectory()) and remove it when done; a file every process must share needs a lock (fcntl.flock) or an atomic os.replace.", path)
	}
	return fmt.Sprintf("Replace %s with a name of the invocation's own (a folder from fs.mkdtemp(join(os.tmpdir(), \"x-\")), or crypto.randomUUID() or context.awsRequestId in the name) and remove it when done; a file every worker must share needs an atomic rename into place.", path)
}
