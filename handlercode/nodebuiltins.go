package handlercode

import "strings"

// nodeBuiltins are Node.js's built-in modules (node:module's
// builtinModules in Node.js 22 and 24, without the internal ones).
var nodeBuiltins = map[string]bool{}

func init() {
	for _, m := range strings.Fields(`assert assert/strict async_hooks buffer child_process cluster console constants
crypto dgram diagnostics_channel dns dns/promises domain events fs fs/promises http http2 https inspector
inspector/promises module net os path path/posix path/win32 perf_hooks process punycode querystring readline
readline/promises repl stream stream/consumers stream/promises stream/web string_decoder sys timers
timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib test sqlite sea`) {
		nodeBuiltins[m] = true
	}
}

// nodeBuiltin reports whether a module name is built into Node.js.
func nodeBuiltin(module string) bool {
	if strings.HasPrefix(module, "node:") {
		return true
	}
	return nodeBuiltins[module]
}
