package handlercode

import (
	"fmt"
	"sort"
	"strings"
)

// Language is the handler's language, from the runtime family.
type Language string

// Languages the reader understands.
const (
	NodeJS Language = "nodejs"
	Python Language = "python"
)

// LanguageOf returns the language of a runtime id ("nodejs22.x",
// "python3.13"), or "" for a runtime whose code is not read.
func LanguageOf(runtime string) Language {
	switch {
	case strings.HasPrefix(runtime, "nodejs"):
		return NodeJS
	case strings.HasPrefix(runtime, "python"):
		return Python
	}
	return ""
}

// Pos is a place in the code: the user's source file when a source map
// says where the bundle's code came from, else the file of the asset.
type Pos struct {
	// File is a slash path: the source a source map names (shortened, as
	// "src/handler.ts"), else the file relative to the asset root
	// ("index.mjs").
	File string
	// Line is 1-based; 0 when unknown.
	Line int
}

// String formats the position for messages as "file:line", or the file
// alone when the line is unknown.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Facts is what reading one function's handler code found.
type Facts struct {
	// Language is the language the handler was read as, from the runtime
	// (NodeJS or Python).
	Language Language
	// Handler is the function's Handler setting ("index.handler").
	Handler string
	// File is the module file the runtime loads, relative to the asset
	// root ("index.mjs"); "" when none is there.
	File string
	// Export is the exported name path the runtime looks up ("handler",
	// "api.get").
	Export string
	// Missing says what the runtime will not find (the file or the export)
	// when that is certain; nil when found or not decidable.
	Missing *Missing
	// Func is the handler function, when the export resolves to one.
	Func *Function
	// Constructions are SDK clients, database and cache connections and
	// parsed configuration the code builds, at init or per invocation.
	Constructions []Construction
	// Requires are the modules the handler's file loads.
	Requires []Require
	// Records says how the handler reads a batch's records.
	Records Records
	// ReportsBatchFailures: the handler returns batchItemFailures (or a
	// Powertools batch processor does), where the position is.
	ReportsBatchFailures *Pos
	// Swallows: a catch that takes every error of the handler's work (or
	// of one record) and returns normally.
	Swallows *Swallow
	// LegacyContext is a call of the handler's context.succeed, .fail or
	// .done, which the Node.js 24 runtime no longer provides.
	LegacyContext *ContextCall
	// Parallel is evidence of child processes or worker threads in the
	// function's own code that the handler file loads.
	Parallel []string
	// ModuleState lists the writes that code run on every invocation (the
	// handler, the callbacks it makes, the module functions it calls)
	// makes to module-level state: a variable of the module's top level,
	// or the object, array or Map it holds. Each is classified (Kind): a
	// value of the invocation, a guarded lazy initialization, a counter, a
	// keyed entry or a value that is the same for every invocation. In a
	// bundle, only the function's own code counts (the handler's body
	// always; other functions where a source map or esbuild's module
	// comments say they are not a dependency's).
	ModuleState []StateWrite
	// TempFiles lists the writes to a fixed path in the temp folder: a
	// path built only from constants ("/tmp/report.csv",
	// join(tmpdir(), "x.json"), os.path.join(tempfile.gettempdir(), "x")),
	// the same for every invocation and every process of the environment,
	// at init or per invocation. A path with any other part (a random or
	// request id, mkdtemp's folder, NamedTemporaryFile) is not listed.
	// Own code only, as for ModuleState.
	TempFiles []TempWrite
	// NotInspected lists the files that were not read, and why.
	NotInspected []Skipped
	// Files counts the files parsed.
	Files int
}

// Inspected reports whether the handler file was parsed: facts other than
// Missing are meaningful only then.
func (f *Facts) Inspected() bool {
	if f == nil || f.File == "" {
		return false
	}
	for _, s := range f.NotInspected {
		if s.File == f.File {
			return false
		}
	}
	return true
}

// Skipped is a file that was not parsed.
type Skipped struct {
	// File is the file's slash path relative to the asset root (for a
	// Python module with no source, its path without extension; for an
	// absolute handler path, the handler as written).
	File string
	// Reason says why it was not parsed, in words (a parse error, the size
	// cap, the time budget).
	Reason string
}

// Missing says what the runtime will not find.
type Missing struct {
	// What: "file" or "export".
	What string
	// Detail says what was looked for and what is there, in words.
	Detail string
}

// Function is the handler function.
type Function struct {
	// Pos is where the handler function is defined, for messages.
	Pos Pos
	// Params is the declared parameter count as the runtime reads it
	// (Function.length: parameters before the first default or rest).
	Params int
	// ParamsKnown is false when a wrapper (middy(fn), a decorator) returns
	// the function the runtime calls, whose parameters are not visible.
	ParamsKnown bool
	// Async: declared async (an async function in JavaScript, async def in
	// Python).
	Async bool
	// Streaming: wrapped by awslambda.streamifyResponse.
	Streaming bool
	// Wrapper names the call that wraps the handler ("middy"), if any.
	Wrapper string
}

// Callback reports whether the Node.js runtime calls the handler
// callback-style: three or more declared parameters and not streaming, the
// test of the runtime interface client (shouldErrorOnCallbackFunction).
func (fn *Function) Callback() bool {
	return fn != nil && fn.ParamsKnown && fn.Params >= 3 && !fn.Streaming
}

// Phase says when code runs.
type Phase string

// Phases.
const (
	// Init: at module load, once per execution environment.
	Init Phase = "init"
	// PerInvocation: inside the handler (or a function it calls), on every
	// invocation.
	PerInvocation Phase = "invocation"
)

// Kind is what a construction builds.
type Kind string

// Kinds of construction.
const (
	SDKClient      Kind = "AWS SDK client"
	DocumentClient Kind = "DynamoDB document client"
	Database       Kind = "database connection"
	Cache          Kind = "cache connection"
	Config         Kind = "parsed configuration"
)

// Construction is one client, connection or configuration the code builds.
type Construction struct {
	// Kind is what it builds (an SDK client, a connection, configuration).
	Kind Kind
	// Name is the code that builds it ("new DynamoDBClient",
	// "boto3.client").
	Name string
	// Phase is when it is built: at init (once per execution environment)
	// or per invocation, where it costs every call.
	Phase Phase
	// Pos is where the code builds it.
	Pos Pos
	// Cached: assigned to a module-level variable (lazy initialization on
	// the first invocation), so it is built once per environment.
	Cached bool
}

// Require is one module the handler's file loads.
type Require struct {
	// Module is the specifier as written in the code ("@aws-sdk/client-s3",
	// "./lib/db.js", "node:fs").
	Module string
	// Pos is where the code loads it (the import or require call).
	Pos Pos
	// Always: loaded on every load of the file (a static import, or a
	// require() at the module's top level outside any try, condition or
	// function), or at the top of the handler's body.
	Always bool
	// Phase is when it loads: at init (module load) or per invocation
	// (a require or import() inside the handler or a function it calls).
	Phase Phase
	// Unresolved: neither the asset (node_modules up from the file, or a
	// relative file) nor the runtime (its built-in modules and included
	// AWS SDK) provides the module. A layer still may.
	Unresolved bool
}

// Records says how the handler reads event.Records.
type Records struct {
	// Used: the code reads a Records field.
	Used bool
	// Whole: some use can reach every record (a loop, map/forEach, a
	// length, a spread, passing the array on).
	Whole bool
	// FirstOnly is where the code reads Records[0] when no use reads the
	// whole array: the other records of the batch are never seen.
	FirstOnly *Pos
	// StopsEarly is a return inside a loop over the event's records that
	// does not report batchItemFailures: the records after the first one
	// that reaches it are never processed.
	StopsEarly *Pos
}

// ContextCall is a call of a method of the handler's context object.
type ContextCall struct {
	// Method is the method called ("succeed", "fail", "done").
	Method string
	// Pos is where the code calls it.
	Pos Pos
}

// Swallow is a catch that takes every error and returns normally.
type Swallow struct {
	// Pos is where the catch is.
	Pos Pos
	// PerRecord: the catch is inside the loop over the batch's records.
	PerRecord bool
}

// StateKind classifies a write to module-level state.
type StateKind string

// Kinds of write to module-level state.
const (
	// RequestState: a value computed from the invocation (the handler's
	// event or context, or any local of the function writing it) stored
	// where every invocation the module serves reads it: an assignment to
	// the variable, a property of the object it holds, or an element
	// pushed onto the array it holds. Two invocations in flight at once
	// overwrite or mix each other's data.
	RequestState StateKind = "request"
	// LazyInit: a write guarded by a test of the same variable (x ??= v,
	// x ||= v, x = x ?? v, if (!x) x = v, an earlier if (x) return x,
	// Python's if x is None, dict.setdefault): it fills the variable once
	// per environment (or per worker) and every invocation reuses it.
	LazyInit StateKind = "lazy"
	// Counter: x++, x--, x += <number> (Python x += <number>). In one
	// JavaScript thread an increment is never interleaved, and a count
	// across invocations is what a counter is for.
	Counter StateKind = "counter"
	// Keyed: an entry under a computed key (map.set(k, v), set.add(v),
	// obj[k] = v, Python d[k] = v and set.add): a cache or a registry, in
	// which invocations with different keys do not overwrite each other.
	Keyed StateKind = "keyed"
	// SharedValue: a value that does not come from the invocation (a
	// constant, a new client, Date.now()), the same whichever invocation
	// writes it.
	SharedValue StateKind = "shared"
)

// StateWrite is one write to module-level state made per invocation.
type StateWrite struct {
	// Name is the module-level variable as the source names it ("state",
	// "currentUser"): a minified bundle's name is mapped back through its
	// source map's names, else it stays the minified one.
	Name string
	// How is the write: "=" (or the compound operator), "++", "property"
	// (a property or element of the object it holds), or the method that
	// mutates it ("push", "set", "append", ...).
	How string
	// Kind classifies the write.
	Kind StateKind
	// Phase is when it runs: always PerInvocation today.
	Phase Phase
	// Pos is where the code writes it.
	Pos Pos
}

// TempWrite is a write to a fixed path in the temp folder.
type TempWrite struct {
	// Path is the path the code builds, with its constants resolved
	// ("/tmp/export.json").
	Path string
	// Call is the call that writes it ("writeFileSync", "open",
	// "shutil.copy", "download_file").
	Call string
	// Phase is when it runs: at init (once per worker thread or process
	// of the environment) or per invocation.
	Phase Phase
	// Pos is where the code writes it.
	Pos Pos
}

// RequestStateWrites returns the writes that store a value of the
// invocation in module-level state (Kind RequestState).
func (f *Facts) RequestStateWrites() []StateWrite {
	if f == nil {
		return nil
	}
	var out []StateWrite
	for _, w := range f.ModuleState {
		if w.Kind == RequestState {
			out = append(out, w)
		}
	}
	return out
}

// sortFacts orders the lists for stable output.
func (f *Facts) sortFacts() {
	sort.SliceStable(f.Constructions, func(i, j int) bool { return f.Constructions[i].Pos.Line < f.Constructions[j].Pos.Line })
	sort.SliceStable(f.ModuleState, func(i, j int) bool { return f.ModuleState[i].Pos.Line < f.ModuleState[j].Pos.Line })
	sort.SliceStable(f.TempFiles, func(i, j int) bool { return f.TempFiles[i].Pos.Line < f.TempFiles[j].Pos.Line })
	sort.SliceStable(f.NotInspected, func(i, j int) bool { return f.NotInspected[i].File < f.NotInspected[j].File })
	sort.Strings(f.Parallel)
}
