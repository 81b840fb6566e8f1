package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleNodeCallbackHandler = &Rule{
	ID:       "node-callback-handler",
	Severity: Error,
	Summary:  "a callback-style handler (event, context, callback) on nodejs24.x or later, which no longer runs them",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html (callback-based function handlers are only supported up to Node.js 22); the runtime interface client rejects a handler that declares 3 or more parameters and is not streaming",
	Fix:      "Make the handler async and return the result instead of calling callback (at most two parameters), or stay on nodejs22.x until it is rewritten.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			code := code(f)
			if !lambda.CallbacksRemoved(rt) || code == nil || !code.Func.Callback() {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The handler %s of %s (%s) declares %d parameters (event, context, callback): %s no longer runs callback-style handlers, so every invocation fails with \"AWS Lambda has removed support for callback-based function handlers\".", f.Handler, name(f.Resource), code.Func.Pos, code.Func.Params, rt),
				"Make the handler async and return the result instead of calling callback: export const handler = async (event, context) => { ...; return result; } (declare at most two parameters); or stay on nodejs22.x until it is rewritten.")
		}
	},
}
