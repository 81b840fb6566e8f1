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
		// instance.method of a class instance (new Lambda()): the class's
		// method, as Powertools' class-based handlers export it.
		if class, ok := f.classOf(n.X, depth+1); ok {
			if m := method(class, name(n.Y)); m != nil {
				if by := f.decoratedBy(class, name(n.Y)); by != "" {
					// A method decorator replaces the method: the
					// runtime calls what it returns.
					fn.ParamsKnown = false
					if fn.Wrapper == "" {
						fn.Wrapper = by
					}
				}
				return asFunc(m)
			}
		}
	case *js.CallExpr:
		callee := calleeName(n.X)
		if callee == "awslambda.streamifyResponse" && len(n.Args.List) > 0 {
			fn.Streaming = true
			return f.function(n.Args.List[0].Value, fn, depth+1)
		}
		if d, ok := n.X.(*js.DotExpr); ok && name(d.Y) == "bind" {
			// f.bind(thisArg) is f with the same parameters; arguments
			// bound after thisArg shorten them.
			if len(n.Args.List) > 1 {
				fn.ParamsKnown = false
			}
			return f.function(d.X, fn, depth+1)
		}
		// A wrapper: the runtime calls what it returns, whose parameters
		// are not visible; the handler's body is the function it wraps.
		if fn.Wrapper == "" {
			fn.Wrapper = callee
		}
		fn.ParamsKnown = false
		if d, ok := n.X.(*js.DotExpr); ok {
			// middy().use(...).handler(h): the function given to
			// .handler is the handler.
			if name(d.Y) == "handler" && len(n.Args.List) > 0 {
				if inner := f.function(n.Args.List[0].Value, &Function{}, depth+1); inner != nil {
					return inner
				}
			}
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

// classOf resolves e to the class it is an instance of (a variable
// declared as new C(...) where C is a class of the file).
func (f *jsFile) classOf(e js.INode, depth int) (*js.ClassDecl, bool) {
	if depth > 16 {
		return nil, false
	}
	switch n := unparen(e).(type) {
	case *js.NewExpr:
		if c, ok := unparen(n.X).(*js.ClassDecl); ok {
			return c, true
		}
		if v, ok := unparen(n.X).(*js.Var); ok {
			if c, ok := f.decls[canon(v)].(*js.ClassDecl); ok {
				return c, true
			}
		}
	case *js.Var:
		if d, ok := f.decls[canon(n)]; ok {
			return f.classOf(d, depth+1)
		}
	}
	return nil, false
}

// method finds a class's instance method by name.
func method(c *js.ClassDecl, name string) *js.MethodDecl {
	for _, el := range c.List {
		if m := el.Method; m != nil && !m.Static && !m.Get && !m.Set && m.Name.Private == nil && !m.Name.IsComputed() && string(m.Name.Literal.Data) == name {
			return m
		}
	}
	return nil
}

// decoratedBy names the helper that decorates a class's method, as
// compilers write a method decorator: __decorateClass([...],
// C.prototype, "name", 1) (esbuild) or __decorate([...], C.prototype,
// "name", null) (tsc); "" when none does.
func (f *jsFile) decoratedBy(c *js.ClassDecl, method string) string {
	if c.Name == nil {
		return ""
	}
	class := canon(c.Name)
	by := ""
	js.Walk(walker(func(n js.INode) {
		call, ok := n.(*js.CallExpr)
		if !ok || by != "" || len(call.Args.List) < 3 {
			return
		}
		proto, ok := unparen(call.Args.List[1].Value).(*js.DotExpr)
		if !ok || name(proto.Y) != "prototype" {
			return
		}
		if v, ok := unparen(proto.X).(*js.Var); !ok || canon(v) != class {
			return
		}
		if s, ok := str(call.Args.List[2].Value); ok && s == method {
			by = calleeName(call.X)
		}
	}), f.ast)
	return by
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
