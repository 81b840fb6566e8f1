package optimizedfn

import (
	"path/filepath"
	"strings"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// nodeBundleModule is the module every Node.js bundle is: esbuild writes
// index.mjs or index.js (NodeEntryFile), so the function's handler is
// index.<export>.
const nodeBundleModule = "index"

// nodeExport is the export of Entry that a Node.js Handler names. Handler
// is the export ("handler"), or Lambda's file-qualified form as Python
// takes it and CDK's NodejsFunction passes it through: "index.handler"
// (the bundle's module) or "orders.handler" for Entry orders.ts both mean
// the export handler, which the bundle serves as index.handler. Written
// as given it would become index.index.handler, which the runtime looks up
// as exports.index.handler and fails every call with
// Runtime.HandlerNotFound. Without a module prefix, a dotted Handler is a
// property path, as the runtime reads it ("handlers.orders" calls
// exports.handlers.orders), unless its first part names another handler
// file beside Entry, which the bundle does not hold. A token is not
// checked.
func nodeExport(handler, entry string, fail func(string, ...any)) string {
	switch {
	case handler == "":
		return DefaultHandler
	case problems.IsToken(handler):
		return handler
	case !identifier.MatchString(handler):
		fail("Handler %q is not an exported function name: use an identifier such as \"handler\"", handler)
		return handler
	}
	module, export, dotted := strings.Cut(handler, ".")
	if !dotted {
		return handler
	}
	if module == nodeBundleModule || module == strings.TrimSuffix(filepath.Base(entry), filepath.Ext(entry)) {
		return export
	}
	for _, ext := range nodeExtensions {
		if other := filepath.Join(filepath.Dir(entry), module+ext); fileExists(other) {
			fail("Handler %q names %s, a file beside Entry %s, but lambdaperf bundles only Entry, so Lambda would look for exports.%s in it and fail every call: set Entry to %s and Handler to %q",
				handler, filepath.Base(other), filepath.Base(entry), handler, other, export)
			return handler
		}
	}
	return handler
}
