package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleNodeContextMethods = &Rule{
	ID:       "node-context-methods-removed",
	Severity: Error,
	Summary:  "a Node.js handler calls context.succeed, context.fail or context.done on nodejs24.x or later, whose runtime no longer provides them",
	Source:   "https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/releases/tag/v4.0.0 (the runtime interface client of Node.js 24 removed callback-based handlers and the legacy context.succeed/fail/done methods; its context, src/context/context-builder.ts, has no such methods) and https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html",
	Fix:      "Make the handler async and return the result (context.succeed(x): return x; context.fail(err) or context.done(err): throw err), or stay on nodejs22.x until it is rewritten.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			code := code(f)
			if !lambda.CallbacksRemoved(rt) || code == nil || code.LegacyContext == nil {
				continue
			}
			call := code.LegacyContext
			c.report(f.Resource,
				fmt.Sprintf("The handler %s of %s calls context.%s (%s): %s no longer provides context.succeed, context.fail or context.done, so the call throws a TypeError and the invocation fails.", f.Handler, name(f.Resource), call.Method, call.Pos, rt),
				fmt.Sprintf("Make the handler async and return its result instead of context.%s (a failure: throw the error), or stay on nodejs22.x until it is rewritten.", call.Method))
		}
	},
}
