// Package handlercode reads a Lambda function's handler code without
// running it: it finds the handler the way the Node.js or Python runtime
// would (the file, then the export, through the wrappers bundlers write)
// and records typed facts about it that rules judge, as rules judge the
// template model: the handler's parameters, what is built at module load
// (init) and what on every invocation, which modules load unconditionally,
// how the batch's records are read, whether batch failures are reported,
// whether every error is caught and swallowed, and what matters when one
// execution environment runs many invocations at once (Lambda Managed
// Instances): the writes to module-level state made per invocation, each
// classified (a value of the request, a guarded lazy initialization, a
// counter, a keyed cache entry, a value the same for every request), and
// the writes to fixed paths in /tmp (a path built only from constants).
//
// It loads nothing, runs nothing and starts no interpreter: JavaScript
// (plain sources, .mjs and .cjs, and esbuild or webpack bundles, CommonJS
// or ESM, minified or not) is parsed by github.com/tdewolff/parse/v2/js,
// Python by the tree-sitter Python grammar (github.com/tree-sitter/
// tree-sitter-python through github.com/tree-sitter/go-tree-sitter, which
// needs cgo; a build without cgo reports Python files as not inspected).
// The grammar was chosen by measurement (docs/advisor.md, "Reading handler
// code"): on 12,004 files that Python 3.13's own ast module accepts it
// accepted 12,003, where Python 3.11's ast (the machine's python3) failed
// on 3.12 syntax and gpython's grammar accepted 68%.
//
// Files are read through the caller's Files, which bounds every read
// (internal/untrusted); each file is capped (Limits.FileBytes) and the
// whole reading of one asset has a time budget (Limits.Budget). A file that
// cannot be parsed, is too large or runs out of time is listed in
// Facts.NotInspected with the reason: it is never a silent pass. Positions
// (file:line) point into the user's source where a source map beside the
// bundle (or inline) allows, else into the bundle.
//
// The package is plain Go, below the cloud-assembly reader and beside
// Lambda's facts: the advisor's rules and the optimized function's
// synth-time checks read the same facts.
package handlercode
