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
	File string
	Line int // 1-based; 0 when unknown
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Facts is what reading one function's handler code found.
type Facts struct {
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
	// Parallel is evidence of child processes or worker threads in the
	// function's own code that the handler file loads.
	Parallel []string
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
	File   string
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
	Pos Pos
	// Params is the declared parameter count as the runtime reads it
	// (Function.length: parameters before the first default or rest).
	Params int
	// ParamsKnown is false when a wrapper (middy(fn), a decorator) returns
	// the function the runtime calls, whose parameters are not visible.
	ParamsKnown bool
	Async       bool
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
	Kind Kind
	// Name is the code that builds it ("new DynamoDBClient",
	// "boto3.client").
	Name  string
	Phase Phase
	Pos   Pos
	// Cached: assigned to a module-level variable (lazy initialization on
	// the first invocation), so it is built once per environment.
	Cached bool
}

// Require is one module the handler's file loads.
type Require struct {
	Module string
	Pos    Pos
	// Always: loaded on every load of the file (a static import, or a
	// require() at the module's top level outside any try, condition or
	// function), or at the top of the handler's body.
	Always bool
	Phase  Phase
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
}

// Swallow is a catch that takes every error and returns normally.
type Swallow struct {
	Pos Pos
	// PerRecord: the catch is inside the loop over the batch's records.
	PerRecord bool
}

// sortFacts orders the lists for stable output.
func (f *Facts) sortFacts() {
	sort.SliceStable(f.Constructions, func(i, j int) bool { return f.Constructions[i].Pos.Line < f.Constructions[j].Pos.Line })
	sort.SliceStable(f.NotInspected, func(i, j int) bool { return f.NotInspected[i].File < f.NotInspected[j].File })
	sort.Strings(f.Parallel)
}
