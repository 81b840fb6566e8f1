package handlercode

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/tdewolff/parse/v2/js"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// Reader reads the handlers of one code asset. Each file is read and
// parsed once, whatever the number of functions (handlers) that share the
// asset, and the whole asset shares one time budget. A Reader is not safe
// for concurrent use.
type Reader struct {
	files    Files
	lim      Limits
	deadline time.Time
	js       map[string]*jsResult
	py       map[string]*pyResult
}

type jsResult struct {
	f   *jsFile
	err error
}

// NewReader returns a Reader of the asset's files.
func NewReader(files Files, lim Limits) *Reader {
	lim = lim.withDefaults()
	return &Reader{files: files, lim: lim, deadline: time.Now().Add(lim.Budget), js: map[string]*jsResult{}, py: map[string]*pyResult{}}
}

// Handler reads the function whose Handler setting is handler on the
// runtime; nil for a runtime whose code is not read.
func (r *Reader) Handler(handler, runtime string) *Facts {
	switch LanguageOf(runtime) {
	case NodeJS:
		return r.node(handler, runtime)
	case Python:
		return r.python(handler)
	}
	return nil
}

// nodeMajor returns the Node.js major version of a runtime id.
func nodeMajor(runtime string) int {
	n, _ := lambda.NodeMajor(runtime)
	return n
}

// nodeExtensions is the order in which the Node.js runtime interface client
// tries a handler module's file (aws-lambda-nodejs-runtime-interface-client,
// src/UserFunction.js, _tryRequire): the name as given, then .js, .mjs,
// .cjs, and from Node.js 24 on .ts, .mts and .cts.
func nodeExtensions(runtime string) []string {
	ext := []string{"", ".js", ".mjs", ".cjs"}
	if nodeMajor(runtime) >= 24 {
		ext = append(ext, ".ts", ".mts", ".cts")
	}
	return ext
}

func (r *Reader) node(handler, runtime string) *Facts {
	facts := &Facts{Language: NodeJS, Handler: handler}
	if strings.Contains(handler, "..") {
		facts.Missing = &Missing{What: "file", Detail: fmt.Sprintf("the handler %q contains \"..\", which the runtime refuses (Runtime.MalformedHandlerName)", handler)}
		return facts
	}
	if strings.HasPrefix(handler, "/") {
		facts.NotInspected = append(facts.NotInspected, Skipped{File: handler, Reason: "the handler names an absolute path outside the asset"})
		return facts
	}
	dir, base := path.Split(handler)
	module, export, ok := strings.Cut(base, ".")
	if !ok || export == "" {
		facts.Missing = &Missing{What: "file", Detail: fmt.Sprintf("the handler %q is not module.export (Runtime.MalformedHandlerName)", handler)}
		return facts
	}
	facts.Export = export
	stem := path.Join(dir, module)
	file := ""
	for _, ext := range nodeExtensions(runtime) {
		if r.files.IsFile(stem + ext) {
			file = stem + ext
			break
		}
	}
	if file == "" {
		file = r.nodePackageMain(stem)
	}
	if file == "" {
		facts.Missing = &Missing{What: "file", Detail: r.missingNodeFile(stem, runtime)}
		return facts
	}
	return r.nodeModule(facts, file, export, runtime)
}

// NodeModule reads the Node.js module file (a slash path in the asset) and
// its export path as the runtime would after resolving a handler to them:
// for a construct that knows which file it built or was given.
func (r *Reader) NodeModule(file, export, runtime string) *Facts {
	facts := &Facts{Language: NodeJS, Handler: file + "." + export, Export: export}
	if !r.files.IsFile(file) {
		facts.Missing = &Missing{What: "file", Detail: "the asset has no " + file}
		return facts
	}
	return r.nodeModule(facts, file, export, runtime)
}

func (r *Reader) nodeModule(facts *Facts, file, export, runtime string) *Facts {
	facts.File = file
	res := r.parseJS(file)
	if res.err != nil {
		reason := res.err.Error()
		switch path.Ext(file) {
		case ".ts", ".mts", ".cts":
			// Measured on public handlers (audit/realworld): TypeScript
			// ships compiled; the reader parses JavaScript only.
			reason = "TypeScript source, which the reader does not parse (it reads the JavaScript that esbuild, tsc or CDK's NodejsFunction compile it to): " + reason
		}
		facts.NotInspected = append(facts.NotInspected, Skipped{File: file, Reason: reason})
		return facts
	}
	facts.Files = len(r.js)
	f := res.f
	value, how, from := r.exportOf(f, export, 0)
	switch how {
	case notFound:
		facts.Missing = &Missing{What: "export", Detail: fmt.Sprintf("%s does not export %s (it exports %s)", from.name, export, exportList(from))}
	case found:
		fn := &Function{ParamsKnown: true}
		if jf := from.function(value, fn, 0); jf != nil {
			fn.Params = jf.length()
			fn.Async = jf.async
			if !fn.ParamsKnown {
				fn.Params = 0
			}
			facts.Func = fn
			r.walk(from, jf, facts, runtime)
			return facts
		}
	}
	r.walk(f, nil, facts, runtime)
	return facts
}

// walk collects the facts of f, reporting a file it ran out of time on.
func (r *Reader) walk(f *jsFile, fn *jsFunc, facts *Facts, runtime string) {
	if err := jsFacts(f, fn, facts, r.deadline); err != nil {
		facts.NotInspected = append(facts.NotInspected, Skipped{File: f.name, Reason: err.Error()})
	}
	for i := range facts.Requires {
		facts.Requires[i].Unresolved = !r.provided(path.Dir(f.name), facts.Requires[i].Module, runtime)
	}
	facts.sortFacts()
}

// provided reports whether a module that code in dir requires is there
// when the function runs: a Node.js built-in, a file of the asset, a
// package in a node_modules folder up from dir, or the AWS SDK the runtime
// includes (v2 "aws-sdk" up to nodejs16.x, v3 "@aws-sdk/*" from
// nodejs18.x on: https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html,
// "Runtime-included SDK versions").
func (r *Reader) provided(dir, module, runtime string) bool {
	if nodeBuiltin(module) {
		return true
	}
	if strings.HasPrefix(module, "./") || strings.HasPrefix(module, "../") || strings.HasPrefix(module, "/") {
		if strings.HasPrefix(module, "/") {
			return true // an absolute path (a layer's /opt/...): not judged
		}
		return r.resolveRelative(dir, module) != ""
	}
	pkg := module
	parts := strings.Split(module, "/")
	if strings.HasPrefix(module, "@") && len(parts) >= 2 {
		pkg = parts[0] + "/" + parts[1]
	} else {
		pkg = parts[0]
	}
	v3 := lambda.SDKv3Only(runtime)
	switch {
	case v3 && (strings.HasPrefix(pkg, "@aws-sdk/") || strings.HasPrefix(pkg, "@smithy/") || strings.HasPrefix(pkg, "@aws-crypto/")):
		return true
	case !v3 && pkg == "aws-sdk":
		return true
	}
	for d := dir; ; d = path.Dir(d) {
		base := path.Join(d, "node_modules", pkg)
		if d == "." || d == "/" || d == "" {
			base = path.Join("node_modules", pkg)
		}
		if r.files.IsDir(base) || r.files.IsFile(base+".js") || r.files.IsFile(base+".json") {
			return true
		}
		if d == "." || d == "/" || d == "" {
			return false
		}
	}
}

// exportOf follows the export through re-exports (module.exports =
// require("./x"), export * from "./x") into the files of the asset.
func (r *Reader) exportOf(f *jsFile, export string, depth int) (value js.IExpr, how lookup, from *jsFile) {
	v, how := f.exported(export)
	if how != unknown || depth > 4 || len(f.reexports) == 0 {
		return v, how, f
	}
	if _, own := f.exports[strings.Split(export, ".")[0]]; own {
		return v, how, f
	}
	for _, m := range f.reexports {
		if !strings.HasPrefix(m, "./") && !strings.HasPrefix(m, "../") {
			return nil, unknown, f
		}
	}
	all := notFound
	for _, m := range f.reexports {
		file := r.resolveRelative(path.Dir(f.name), m)
		if file == "" {
			return nil, unknown, f
		}
		res := r.parseJS(file)
		if res.err != nil {
			return nil, unknown, f
		}
		v, how, from := r.exportOf(res.f, export, depth+1)
		switch how {
		case found:
			return v, found, from
		case unknown:
			all = unknown
		}
	}
	if all == notFound && f.open {
		all = unknown
	}
	return nil, all, f
}

// resolveRelative finds the file a relative require names, as Node.js
// does: the name, then with .js, .mjs, .cjs, .json, then a folder's index.
func (r *Reader) resolveRelative(dir, module string) string {
	p := path.Join(dir, module)
	for _, ext := range []string{"", ".js", ".mjs", ".cjs", ".json"} {
		if r.files.IsFile(p + ext) {
			return p + ext
		}
	}
	for _, idx := range []string{"/index.js", "/index.mjs", "/index.cjs", "/index.json"} {
		if r.files.IsFile(p + idx) {
			return p + idx
		}
	}
	return ""
}

// nodePackageMain resolves a handler module that is a folder (its
// package.json main, or index.js) or a package in node_modules, the
// runtime's last resort (require.resolve).
func (r *Reader) nodePackageMain(stem string) string {
	for _, dir := range []string{stem, "node_modules/" + stem} {
		if !r.files.IsDir(dir) {
			continue
		}
		if data, err := r.files.Read(dir+"/package.json", 1<<20); err == nil {
			var pkg struct {
				Main string `json:"main"`
			}
			if json.Unmarshal(data, &pkg) == nil && pkg.Main != "" {
				if f := r.resolveRelative(dir, "./"+strings.TrimPrefix(pkg.Main, "./")); f != "" {
					return f
				}
			}
		}
		if f := r.resolveRelative(dir, "./index"); f != "" {
			return f
		}
	}
	return ""
}

// missingNodeFile says what is there instead of the handler's module.
func (r *Reader) missingNodeFile(stem, runtime string) string {
	var tried []string
	for _, ext := range nodeExtensions(runtime) {
		if ext != "" {
			tried = append(tried, stem+ext)
		}
	}
	msg := fmt.Sprintf("the asset has no %s", strings.Join(tried, ", "))
	for _, ts := range []string{".ts", ".mts", ".cts", ".tsx"} {
		if r.files.IsFile(stem+ts) && nodeMajor(runtime) < 24 {
			msg += fmt.Sprintf(", only %s: the runtime does not load TypeScript, so the code must be compiled to JavaScript", stem+ts)
			break
		}
	}
	return msg
}

// source reads a file to parse, within the asset's budget and the cap on
// file size.
func (r *Reader) source(name string) ([]byte, error) {
	if time.Now().After(r.deadline) {
		return nil, errBudget
	}
	data, err := r.files.Read(name, r.lim.FileBytes)
	if err != nil && tooLarge(err) {
		return nil, fmt.Errorf("larger than %d MiB, the most the reader parses", r.lim.FileBytes>>20)
	}
	return data, err
}

// parseJS reads and parses a file once.
func (r *Reader) parseJS(name string) *jsResult {
	if res, ok := r.js[name]; ok {
		return res
	}
	res := &jsResult{}
	r.js[name] = res
	data, err := r.source(name)
	if err != nil {
		res.err = err
		return res
	}
	f, err := parseJS(name, data)
	if err != nil {
		res.err = err
		return res
	}
	f.smap = loadSourceMap(r.files, name, data, r.lim.FileBytes)
	res.f = f
	return res
}

// exportList names a module's exports for messages.
func exportList(f *jsFile) string {
	var names []string
	for n := range f.exports {
		if n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "nothing"
	}
	sort.Strings(names)
	if len(names) > 6 {
		names = append(names[:6], "...")
	}
	return strings.Join(names, ", ")
}
