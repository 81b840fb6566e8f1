package handlercode

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

// jsFile is one parsed JavaScript file: its syntax tree, what each
// variable was declared as, and what the module exports.
type jsFile struct {
	name  string
	src   []byte // the file, with room for the parser's trailing NUL
	ast   *js.AST
	lines []int // offset of each line's start
	smap  *sourceMap

	// decls maps a variable to what it was declared (or first assigned)
	// as: a function, a class or an initializer expression.
	decls map[*js.Var]js.INode
	// exports maps an exported name to its value; open means some export
	// is dynamic, so a name not found may still be there at run time.
	exports map[string]js.IExpr
	open    bool
	esm     bool
	// reexports are modules whose exports this one passes on
	// (module.exports = require("./x"), export * from "./x").
	reexports []string
	// exportObjs are the objects that are module.exports.
	exportObjs map[*js.Var]bool
	// aliases maps a local name bound by an import or a require to the
	// name it has in its module ("e" -> "DynamoDBClient", a binding of
	// require("aws-sdk") -> "AWS"), so minified code reads as written.
	aliases map[string]string
	// module are the variables declared in the module's top-level scope
	// (function declarations aside): state every invocation shares.
	module map[*js.Var]bool
	// assigns counts the assignments to each variable after its
	// declaration; initialized marks those declared with a value. A
	// variable folds to a constant only when nothing reassigns it.
	assigns     map[*js.Var]int
	initialized map[*js.Var]bool
}

// parseJS parses a JavaScript file; a syntax error is returned with its
// line.
func parseJS(name string, data []byte) (f *jsFile, err error) {
	buf := make([]byte, len(data), len(data)+1)
	copy(buf, data)
	defer func() {
		// The parser is not expected to panic; if it does on hostile
		// input, the file is reported, never the run ended.
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the parser failed: %v", r)
		}
	}()
	ast, err := js.Parse(parse.NewInputBytes(buf), js.Options{})
	if err != nil {
		if pe, ok := err.(*parse.Error); ok {
			return nil, fmt.Errorf("syntax error at line %d: %s", pe.Line, pe.Message)
		}
		return nil, err
	}
	f = &jsFile{name: name, src: buf, ast: ast, decls: map[*js.Var]js.INode{}, exports: map[string]js.IExpr{}, exportObjs: map[*js.Var]bool{}, aliases: map[string]string{},
		module: map[*js.Var]bool{}, assigns: map[*js.Var]int{}, initialized: map[*js.Var]bool{}}
	for _, v := range ast.BlockStmt.Scope.Declared {
		if v.Decl != js.FunctionDecl {
			f.module[canon(v)] = true
		}
	}
	f.lines = append(f.lines, 0)
	for i, c := range buf {
		if c == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	f.collect()
	return f, nil
}

// offset is where data lies in the file, -1 when it is not a slice of it.
func (f *jsFile) offset(data []byte) int {
	if len(data) == 0 {
		return -1
	}
	off := cap(f.src) - cap(data)
	if off < 0 || off+len(data) > len(f.src) || !bytes.Equal(f.src[off:off+len(data)], data) {
		return -1
	}
	return off
}

// line returns the 1-based line and 0-based column of an offset.
func (f *jsFile) line(off int) (int, int) {
	lo, hi := 0, len(f.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, off - f.lines[lo]
}

// pos turns an offset into a position in the user's source when the
// source map knows it, else in this file.
func (f *jsFile) pos(off int) Pos {
	if off < 0 {
		return Pos{File: f.name}
	}
	line, col := f.line(off)
	if f.smap != nil {
		if src, l, ok := f.smap.lookup(line-1, utf16Col(f.src[f.lines[line-1]:off], col)); ok {
			return Pos{File: src, Line: l + 1}
		}
	}
	return Pos{File: f.name, Line: line}
}

// sourceName is a variable's name as the user wrote it: the source map's
// name at its declaration (declAt, an offset in this file; -1 when not
// known) when a minifier renamed it, else its name here.
func (f *jsFile) sourceName(v *js.Var, declAt int) string {
	if f.smap != nil && declAt >= 0 && declAt < len(f.src) {
		line, col := f.line(declAt)
		if n, ok := f.smap.nameAt(line-1, utf16Col(f.src[f.lines[line-1]:declAt], col)); ok {
			return n
		}
	}
	return string(canon(v).Name())
}

// utf16Col converts a byte column into the UTF-16 column source maps use.
func utf16Col(prefix []byte, col int) int {
	n := 0
	for _, r := range string(prefix) {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	if n == 0 {
		return col
	}
	return n
}

// str returns the value of a string literal, ok false for anything else.
func str(e js.INode) (string, bool) {
	lit, ok := e.(*js.LiteralExpr)
	if !ok || lit.TokenType != js.StringToken {
		return "", false
	}
	s, err := strconv.Unquote(string(jsQuote(lit.Data)))
	if err != nil {
		return string(lit.Data[1 : len(lit.Data)-1]), true
	}
	return s, true
}

// jsQuote turns a JavaScript string literal into a Go one for Unquote.
func jsQuote(b []byte) []byte {
	if len(b) >= 2 && b[0] == '\'' {
		inner := bytes.ReplaceAll(b[1:len(b)-1], []byte(`\'`), []byte(`'`))
		inner = bytes.ReplaceAll(inner, []byte(`"`), []byte(`\"`))
		return append(append([]byte{'"'}, inner...), '"')
	}
	return b
}

// name returns an identifier's or property's name.
func name(e js.INode) string {
	switch n := e.(type) {
	case *js.Var:
		return string(n.Name())
	case js.LiteralExpr:
		return name(&n)
	case *js.LiteralExpr:
		if s, ok := str(n); ok {
			return s
		}
		return string(n.Data)
	case *js.PropertyName:
		if n.IsComputed() {
			if s, ok := str(n.Computed); ok {
				return s
			}
			return ""
		}
		return name(&n.Literal)
	}
	return ""
}

// global reports whether v is the free variable name (module, exports,
// require): not a parameter or binding of that name.
func global(e js.INode, name string) bool {
	v, ok := e.(*js.Var)
	if !ok {
		return false
	}
	for v.Link != nil {
		v = v.Link
	}
	return v.Decl == js.NoDecl && string(v.Data) == name
}

// isModuleExports reports whether e is module.exports or exports.
func (f *jsFile) isExportObj(e js.INode) bool {
	switch n := unparen(e).(type) {
	case *js.Var:
		return global(n, "exports") || f.exportObjs[canon(n)]
	case *js.DotExpr:
		return global(n.X, "module") && name(n.Y) == "exports"
	}
	return false
}

// unparen drops grouping parentheses and (0, x) sequences.
func unparen(e js.INode) js.INode {
	for {
		switch n := e.(type) {
		case *js.GroupExpr:
			e = n.X
		case *js.CommaExpr:
			if len(n.List) == 0 {
				return e
			}
			e = n.List[len(n.List)-1]
		default:
			return e
		}
	}
}

// collect records declarations and exports in one pass over the tree.
func (f *jsFile) collect() {
	// First the aliases of module.exports (esbuild's
	// module.exports = __toCommonJS(src_exports), webpack's
	// module.exports = __webpack_exports__), so that later assignments to
	// them count, wherever they are.
	js.Walk(walker(func(n js.INode) {
		if b, ok := n.(*js.BinaryExpr); ok && b.Op == js.EqToken && f.isExportObj(b.X) && !global(b.X, "exports") {
			switch y := unparen(b.Y).(type) {
			case *js.Var:
				f.exportObjs[canon(y)] = true
			case *js.CallExpr:
				if len(y.Args.List) == 1 {
					if v, ok := unparen(y.Args.List[0].Value).(*js.Var); ok {
						f.exportObjs[canon(v)] = true
					}
				}
			}
		}
	}), f.ast)
	js.Walk(walker(f.visitDecl), f.ast)
}

// walker adapts a function to js.IVisitor. It skips code that never runs
// (esbuild's export-name annotation, 0 && (module.exports = {...})).
type walker func(js.INode)

func (w walker) Enter(n js.INode) js.IVisitor {
	if b, ok := n.(*js.BinaryExpr); ok && b.Op == js.AndToken && falsy(b.X) {
		return nil
	}
	w(n)
	return w
}

func (w walker) Exit(js.INode) {}

// falsy reports a literal that is always false (0, false, void 0).
func falsy(e js.IExpr) bool {
	lit, ok := e.(*js.LiteralExpr)
	return ok && (string(lit.Data) == "0" || lit.TokenType == js.FalseToken)
}

func (f *jsFile) visitDecl(n js.INode) {
	switch n := n.(type) {
	case *js.VarDecl:
		for _, b := range n.List {
			if v, ok := b.Binding.(*js.Var); ok && b.Default != nil {
				if _, seen := f.decls[canon(v)]; !seen {
					f.decls[canon(v)] = b.Default
					f.initialized[canon(v)] = true
				}
			}
			if module, ok := requiredModule(b.Default); ok {
				switch bind := b.Binding.(type) {
				case *js.Var:
					if moduleAlias(module) == "AWS" {
						f.aliases[string(bind.Name())] = "AWS"
					}
				case *js.BindingObject:
					for _, item := range bind.List {
						if v, ok := item.Value.Binding.(*js.Var); ok && item.Key != nil {
							f.aliases[string(v.Name())] = name(item.Key)
						}
					}
				}
			}
		}
	case *js.FuncDecl:
		if n.Name != nil {
			f.decls[canon(n.Name)] = n
		}
	case *js.ClassDecl:
		if n.Name != nil {
			f.decls[canon(n.Name)] = n
		}
	case *js.UnaryExpr:
		switch n.Op {
		case js.PreIncrToken, js.PreDecrToken, js.PostIncrToken, js.PostDecrToken:
			if v, ok := n.X.(*js.Var); ok {
				f.assigns[canon(v)]++
			}
		}
	case *js.BinaryExpr:
		if v, ok := n.X.(*js.Var); ok && assignOp(n.Op) {
			f.assigns[canon(v)]++
		}
		if n.Op != js.EqToken {
			return
		}
		if v, ok := n.X.(*js.Var); ok {
			if _, seen := f.decls[canon(v)]; !seen {
				f.decls[canon(v)] = n.Y
			}
		}
		f.assignExport(n.X, n.Y)
	case *js.ExportStmt:
		f.esm = true
		f.exportStmt(n)
	case *js.ImportStmt:
		f.esm = true
		module, _ := str(&js.LiteralExpr{TokenType: js.StringToken, Data: n.Module})
		if n.Default != nil && moduleAlias(module) == "AWS" {
			f.aliases[string(n.Default)] = "AWS"
		}
		for _, a := range n.List {
			switch {
			case string(a.Name) == "*":
				f.aliases[string(a.Binding)] = moduleAlias(module)
			case a.Name != nil:
				f.aliases[string(a.Binding)] = string(a.Name)
			}
		}
	case *js.CallExpr:
		f.exportCall(n)
	case *js.ForInStmt:
		// webpack: for (var k in exports_) target[k] = exports_[k]
		if len(n.Body.List) == 1 {
			if es, ok := n.Body.List[0].(*js.ExprStmt); ok {
				if b, ok := es.Value.(*js.BinaryExpr); ok && b.Op == js.EqToken {
					if ix, ok := b.X.(*js.IndexExpr); ok && f.isExportObj(ix.X) {
						if v, ok := unparen(n.Value).(*js.Var); ok {
							f.exportObjs[canon(v)] = true
						}
					}
				}
			}
		}
	}
}

// assignExport records x = y when x is an export (exports.a, module.exports).
func (f *jsFile) assignExport(x, y js.IExpr) {
	switch t := x.(type) {
	case *js.DotExpr:
		if f.isExportObj(t.X) {
			f.exports[name(t.Y)] = y
			return
		}
		if f.isExportObj(t) {
			f.replaceExports(y)
		}
	case *js.IndexExpr:
		if f.isExportObj(t.X) {
			if s, ok := str(t.Y); ok {
				f.exports[s] = y
			} else {
				f.open = true
			}
		}
	}
}

// replaceExports handles module.exports = value.
func (f *jsFile) replaceExports(y js.IExpr) {
	switch v := unparen(y).(type) {
	case *js.ObjectExpr:
		f.objectExports(v)
	case *js.Var:
		if f.exportObjs[canon(v)] {
			return
		}
		if obj, ok := f.decls[canon(v)].(*js.ObjectExpr); ok {
			f.objectExports(obj)
			return
		}
		f.exports[""] = v
		f.open = true
	case *js.CallExpr:
		if global(v.X, "require") && len(v.Args.List) == 1 {
			if s, ok := str(v.Args.List[0].Value); ok {
				f.reexports = append(f.reexports, s)
				return
			}
		}
		if len(v.Args.List) == 1 {
			if a, ok := unparen(v.Args.List[0].Value).(*js.Var); ok && f.exportObjs[canon(a)] {
				return // __toCommonJS(src_exports)
			}
		}
		f.exports[""] = v
		f.open = true
	default:
		// module.exports = function or class: the module is callable; its
		// properties are set elsewhere or not at all.
		f.exports[""] = y
		f.open = true
	}
}

func (f *jsFile) objectExports(obj *js.ObjectExpr) {
	for _, p := range obj.List {
		if p.Spread || p.Name == nil {
			f.open = true
			continue
		}
		if p.Name.IsComputed() {
			if _, ok := str(p.Name.Computed); !ok {
				f.open = true
				continue
			}
		}
		f.exports[name(p.Name)] = p.Value
	}
}

// exportCall handles the getter-map helpers bundlers write:
// esbuild's __export(target, { handler: () => handler }), webpack's
// __webpack_require__.d(exports, { handler: () => handler }), and
// Object.defineProperty(exports, "handler", { get: ... }).
func (f *jsFile) exportCall(c *js.CallExpr) {
	if len(c.Args.List) < 2 {
		return
	}
	target := unparen(c.Args.List[0].Value)
	if d, ok := c.X.(*js.DotExpr); ok && global(d.X, "Object") && name(d.Y) == "defineProperty" && len(c.Args.List) == 3 && f.isExportObj(target) {
		key, ok := str(c.Args.List[1].Value)
		desc, isObj := unparen(c.Args.List[2].Value).(*js.ObjectExpr)
		if !ok || !isObj {
			return
		}
		for _, p := range desc.List {
			if p.Name != nil && (name(p.Name) == "get" || name(p.Name) == "value") {
				if key != "__esModule" {
					f.exports[key] = getterValue(p.Value)
				}
			}
		}
		return
	}
	obj, ok := unparen(c.Args.List[1].Value).(*js.ObjectExpr)
	if !ok || len(obj.List) == 0 {
		return
	}
	webpack := false
	if d, ok := c.X.(*js.DotExpr); ok && name(d.Y) == "d" {
		webpack = true
	}
	v, isVar := target.(*js.Var)
	if !f.isExportObj(target) && !(webpack && isVar) {
		return
	}
	for _, p := range obj.List {
		if p.Name == nil || p.Spread {
			return
		}
		if _, ok := p.Value.(*js.ArrowFunc); !ok {
			if _, ok := p.Value.(*js.FuncDecl); !ok {
				return // not a getter map
			}
		}
	}
	if webpack && isVar {
		// A webpack bundle's modules each define their exports this way;
		// which one is the entry is not followed, so the set is open.
		f.exportObjs[canon(v)] = true
		f.open = true
	}
	for _, p := range obj.List {
		f.exports[name(p.Name)] = getterValue(p.Value)
	}
}

// getterValue is what a getter (() => x, function () { return x; })
// returns, or the value itself.
func getterValue(e js.IExpr) js.IExpr {
	var body *js.BlockStmt
	switch fn := e.(type) {
	case *js.ArrowFunc:
		body = &fn.Body
	case *js.FuncDecl:
		body = &fn.Body
	default:
		return e
	}
	if len(body.List) == 1 {
		if r, ok := body.List[0].(*js.ReturnStmt); ok && r.Value != nil {
			return r.Value
		}
	}
	return e
}

func (f *jsFile) exportStmt(n *js.ExportStmt) {
	switch {
	case n.Decl != nil:
		switch d := n.Decl.(type) {
		case *js.VarDecl:
			for _, b := range d.List {
				if v, ok := b.Binding.(*js.Var); ok {
					f.exports[string(v.Name())] = v
				} else {
					f.open = true // export const { a, b } = ...
				}
			}
		case *js.FuncDecl:
			if n.Default {
				f.exports["default"] = d
			} else if d.Name != nil {
				f.exports[string(d.Name.Name())] = d
			}
		case *js.ClassDecl:
			if n.Default {
				f.exports["default"] = d
			} else if d.Name != nil {
				f.exports[string(d.Name.Name())] = d
			}
		default:
			if n.Default {
				f.exports["default"] = n.Decl
			}
		}
	case n.Module != nil:
		module, _ := str(&js.LiteralExpr{TokenType: js.StringToken, Data: n.Module})
		if len(n.List) == 1 && string(n.List[0].Binding) == "*" && n.List[0].Name == nil {
			f.reexports = append(f.reexports, module) // export * from
			return
		}
		for _, a := range n.List {
			exported := a.Binding
			if a.Name != nil && string(a.Name) != "*" {
				exported = a.Binding
			}
			// export { a as b } from "m": a value of another module, not
			// followed.
			f.exports[string(exported)] = nil
		}
	default:
		for _, a := range n.List {
			local, exported := a.Binding, a.Binding
			if a.Name != nil {
				local = a.Name
			}
			f.exports[string(exported)] = f.lookupVar(local)
		}
	}
}

// lookupVar finds the module-scope variable called name.
func (f *jsFile) lookupVar(name []byte) js.IExpr {
	for _, v := range f.ast.BlockStmt.Scope.Declared {
		if bytes.Equal(v.Data, name) {
			return v
		}
	}
	return nil
}

// requiredModule matches require("m"), also wrapped in a helper call
// (esbuild's __toESM(require("m"))).
func requiredModule(e js.IExpr) (string, bool) {
	c, ok := unparen(e).(*js.CallExpr)
	if !ok || len(c.Args.List) == 0 {
		return "", false
	}
	if global(c.X, "require") {
		return str(c.Args.List[0].Value)
	}
	return requiredModule(c.Args.List[0].Value)
}

// moduleAlias is the name a module's namespace goes by in its own
// documentation: AWS for the AWS SDK v2, else the module.
func moduleAlias(module string) string {
	if module == "aws-sdk" || module == "aws-sdk/global" {
		return "AWS"
	}
	return module
}

// calleeName renders a callee with import aliases resolved
// ("import_aws_sdk.default.S3" -> "AWS.S3", "e" -> "DynamoDBClient").
func (f *jsFile) calleeName(e js.INode) string {
	s := calleeName(e)
	if s == "" {
		return ""
	}
	root, rest, _ := strings.Cut(s, ".")
	if a, ok := f.aliases[root]; ok {
		root = a
	}
	rest = strings.TrimPrefix(strings.ReplaceAll("."+rest, ".default.", "."), ".")
	if rest == "" || rest == "default" {
		return root
	}
	return root + "." + rest
}

// canon returns the variable a use refers to: uses inside nested scopes
// are linked to the declaration.
func canon(v *js.Var) *js.Var {
	for v != nil && v.Link != nil {
		v = v.Link
	}
	return v
}
