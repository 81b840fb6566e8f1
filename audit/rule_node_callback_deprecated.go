package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleNodeCallbackDeprecated = &Rule{
	ID:       "node-callback-deprecated",
	Severity: Warning,
	Summary:  "a callback-style handler (event, context, callback) on a Node.js runtime before 24, where it still runs",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html (callback-based function handlers are only supported up to Node.js 22; nodejs22.x logs a deprecation warning for them)",
	Fix:      "Rewrite the handler async before moving to nodejs24.x: export const handler = async (event, context) => { ...; return result; }, throwing instead of calling callback(err).",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			code := code(f)
			if _, node := lambda.NodeMajor(rt); !node || lambda.CallbacksRemoved(rt) || code == nil || !code.Func.Callback() {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The handler %s of %s (%s) declares %d parameters (event, context, callback): it runs on %s, but every invocation will fail on nodejs24.x and later, so the runtime upgrade breaks it.", f.Handler, name(f.Resource), code.Func.Pos, code.Func.Params, rt),
				"Rewrite it async before moving to nodejs24.x: export const handler = async (event, context) => { ...; return result; } (throw instead of callback(err)).")
		}
	},
}
