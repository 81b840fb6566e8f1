package audit

import (
	"fmt"
	"os"

	"github.com/lambdaperf/lambdaperf/internal/nodehandler"
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
			if !nodehandler.NoCallbacks(rt) || f.Asset == nil || f.Handler == "" {
				continue
			}
			h, ok := c.loadHandler(f)
			if !ok || !h.Callback() {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The handler %s of %s declares %d parameters (event, context, callback): %s no longer runs callback-style handlers, so every invocation fails with \"AWS Lambda has removed support for callback-based function handlers\".", f.Handler, name(f.Resource), h.Params, rt),
				"Make the handler async and return the result instead of calling callback: export const handler = async (event, context) => { ...; return result; } (declare at most two parameters); or stay on nodejs22.x until it is rewritten.")
		}
	},
}

// handlerProbe is a loaded handler, or why it could not be loaded.
type handlerProbe struct {
	h   nodehandler.Handler
	err error
}

// loadHandler loads a function's Node.js handler from its unpacked code
// asset (a folder), once per asset and handler. ok is false when it was
// not loaded: no node, a .zip asset, init code that fails without its
// cloud resources, or Options.NoHandlerLoad.
func (c *checker) loadHandler(f *Function) (nodehandler.Handler, bool) {
	if c.opts.NoHandlerLoad {
		return nodehandler.Handler{}, false
	}
	if info, err := os.Stat(f.Asset.Path); err != nil || !info.IsDir() {
		return nodehandler.Handler{}, false
	}
	key := [2]string{f.Asset.Path, f.Handler}
	p, done := c.probes[key]
	if !done {
		p.h, p.err = nodehandler.Inspect(f.Asset.Path, f.Handler, f.Env)
		if c.probes != nil {
			c.probes[key] = p
		}
	}
	return p.h, p.err == nil
}
