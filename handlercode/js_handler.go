package handlercode

import (
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// jsFunc is a function of the syntax tree.
type jsFunc struct {
	node   js.INode
	params *js.Params
	body   *js.BlockStmt
	async  bool
}

func asFunc(n js.INode) *jsFunc {
	switch fn := n.(type) {
	case *js.FuncDecl:
		return &jsFunc{node: fn, params: &fn.Params, body: &fn.Body, async: fn.Async}
	case *js.ArrowFunc:
		return &jsFunc{node: fn, params: &fn.Params, body: &fn.Body, async: fn.Async}
	case *js.MethodDecl:
		return &jsFunc{node: fn, params: &fn.Params, body: &fn.Body, async: fn.Async}
	}
	return nil
}

// length is Function.length: the parameters before the first one with a
// default value or the rest parameter.
func (fn *jsFunc) length() int {
	n := 0
	for _, p := range fn.params.List {
		if p.Default != nil {
			break
		}
		n++
	}
	return n
}

// lookup is the result of following an export to its value.
type lookup int

const (
	notFound lookup = iota // certainly not there
	found
	unknown // cannot be decided statically
)

// exported finds the value of the export path ("handler", "api.get") as
// the runtime looks it up: on the module, then on its default export.
func (f *jsFile) exported(path string) (js.IExpr, lookup) {
	parts := strings.Split(path, ".")
	v, ok := f.exports[parts[0]]
	if !ok {
		if d, hasDefault := f.exports["default"]; hasDefault {
			if obj := f.objectOf(d, 0); obj != nil {
				return f.member(obj, parts, 0)
			}
			return nil, unknown
		}
		if f.open || len(f.reexports) > 0 {
			return nil, unknown
		}
		return nil, notFound
	}
	if v == nil {
		return nil, unknown // re-exported from another module
	}
	if len(parts) == 1 {
		return v, found
	}
	obj := f.objectOf(v, 0)
	if obj == nil {
		return nil, unknown
	}
	return f.member(obj, parts[1:], 0)
}

// member follows a property path through object literals.
func (f *jsFile) member(obj *js.ObjectExpr, parts []string, depth int) (js.IExpr, lookup) {
	for _, p := range obj.List {
		if p.Spread || p.Name == nil || p.Name.IsComputed() {
			return nil, unknown
		}
	}
	for _, p := range obj.List {
		if name(p.Name) != parts[0] {
			continue
		}
		if len(parts) == 1 {
			return p.Value, found
		}
		next := f.objectOf(p.Value, depth+1)
		if next == nil {
			return nil, unknown
		}
		return f.member(next, parts[1:], depth+1)
	}
	return nil, notFound
}

// objectOf resolves e to an object literal, or nil.
func (f *jsFile) objectOf(e js.INode, depth int) *js.ObjectExpr {
	if depth > 16 {
		return nil
	}
	switch n := unparen(e).(type) {
	case *js.ObjectExpr:
		return n
	case *js.Var:
		if d, ok := f.decls[canon(n)]; ok {
			return f.objectOf(d, depth+1)
		}
	}
	return nil
}

// function resolves an exported value to the function the runtime calls,
// noting wrappers (awslambda.streamifyResponse, middy(...)) in fn.
func (f *jsFile) function(e js.INode, fn *Function, depth int) *jsFunc {
	if e == nil || depth > 16 {
		return nil
	}
	switch n := unparen(e).(type) {
	case *js.FuncDecl, *js.ArrowFunc, *js.MethodDecl:
		return asFunc(n)
	case *js.Var:
		if d, ok := f.decls[canon(n)]; ok {
			return f.function(d, fn, depth+1)
		}
	case *js.BinaryExpr:
		if n.Op == js.EqToken {
			return f.function(n.Y, fn, depth+1)
		}
	case *js.DotExpr:
		if obj := f.objectOf(n.X, depth+1); obj != nil {
			if v, ok := f.member(obj, []string{name(n.Y)}, depth+1); ok == found {
				return f.function(v, fn, depth+1)
			}
		}
	case *js.CallExpr:
		callee := calleeName(n.X)
		if callee == "awslambda.streamifyResponse" && len(n.Args.List) > 0 {
			fn.Streaming = true
			return f.function(n.Args.List[0].Value, fn, depth+1)
		}
		// A wrapper: the runtime calls what it returns, whose parameters
		// are not visible; the handler's body is the function it wraps.
		if fn.Wrapper == "" {
			fn.Wrapper = callee
		}
		fn.ParamsKnown = false
		if d, ok := n.X.(*js.DotExpr); ok {
			if inner, ok := unparen(d.X).(*js.CallExpr); ok {
				return f.function(inner, fn, depth+1) // middy(h).use(...)
			}
		}
		for _, a := range n.Args.List {
			if inner := f.function(a.Value, &Function{}, depth+1); inner != nil {
				return inner
			}
		}
	}
	return nil
}

// calleeName renders a callee as dotted text ("awslambda.streamifyResponse",
// "middy"), or "".
func calleeName(e js.INode) string {
	switch n := unparen(e).(type) {
	case *js.Var:
		return string(n.Name())
	case *js.DotExpr:
		x := calleeName(n.X)
		if x == "" {
			return ""
		}
		return x + "." + name(n.Y)
	case *js.LiteralExpr:
		if n.TokenType == js.ThisToken {
			return "this"
		}
	}
	return ""
}
