package handlercode

import (
	"bytes"
	"path"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// What the JavaScript walk records for concurrent invocations in one
// execution environment (Lambda Managed Instances): writes to module-level
// state made per invocation, and writes to fixed paths in the temp folder.

// assignOp reports whether a binary operator assigns (=, +=, ??=, ...).
func assignOp(op js.TokenType) bool {
	switch op {
	case js.EqToken, js.AddEqToken, js.SubEqToken, js.MulEqToken, js.DivEqToken, js.ModEqToken, js.ExpEqToken,
		js.LtLtEqToken, js.GtGtEqToken, js.GtGtGtEqToken, js.BitAndEqToken, js.BitOrEqToken, js.BitXorEqToken,
		js.AndEqToken, js.OrEqToken, js.NullishEqToken:
		return true
	}
	return false
}

// markedState is a state write whose position the walk fills in later;
// own says it is in the handler's own body, which is the function's code
// whatever the bundle.
type markedState struct {
	s   StateWrite
	m   *mark
	own bool
	v   *js.Var // the module-level variable, for its source name
}

type markedTemp struct {
	t   TempWrite
	m   *mark
	own bool
}

// stateRoot is the module-level variable an assignment target or a
// mutated object reaches (x, x.a.b, x[k]), "" when it reaches none: a
// local, a parameter, a function, this. keyed: some step indexes it by a
// computed key; prop: the write is to a property or element of the value.
func (w *jsWalker) stateRoot(e js.IExpr) (v *js.Var, root string, keyed, prop bool) {
	for depth := 0; depth < 16; depth++ {
		switch n := unparen(e).(type) {
		case *js.Var:
			c := canon(n)
			if w.ctx.locals != nil && w.ctx.locals[c] {
				return nil, "", false, false
			}
			if w.f.module[c] {
				return c, string(c.Name()), keyed, prop
			}
			if c.Decl == js.NoDecl && !prop && !jsKnownGlobal[string(c.Name())] {
				return c, string(c.Name()), keyed, prop // an implicit global (sloppy mode)
			}
			return nil, "", false, false
		case *js.DotExpr:
			if v, ok := unparen(n.X).(*js.Var); ok && (global(v, "globalThis") || global(v, "global")) {
				return v, string(v.Name()) + "." + name(n.Y), keyed, prop
			}
			e, prop = n.X, true
		case *js.IndexExpr:
			if _, ok := str(n.Y); !ok {
				if lit, isLit := n.Y.(*js.LiteralExpr); !isLit || lit.TokenType&js.NumericToken == 0 {
					keyed = true
				}
			}
			e, prop = n.X, true
		default:
			return nil, "", false, false
		}
	}
	return nil, "", false, false
}

// jsKnownGlobal are free names that are the runtime's, never state the
// code declares by assigning them.
var jsKnownGlobal = map[string]bool{"module": true, "exports": true, "require": true, "process": true, "console": true,
	"globalThis": true, "global": true, "undefined": true, "NaN": true, "Infinity": true, "__dirname": true, "__filename": true}

// mentionsLocal reports whether e reads a local or a parameter of the
// function being walked: a value of the invocation.
func (w *jsWalker) mentionsLocal(e js.INode) bool {
	if e == nil || w.ctx.locals == nil {
		return false
	}
	found := false
	js.Walk(walker(func(n js.INode) {
		if v, ok := n.(*js.Var); ok && w.ctx.locals[canon(v)] {
			found = true
		}
	}), e)
	return found
}

// tests notes the module-level variables a condition reads: a write to
// one of them later in the function is guarded by it (lazy
// initialization, if (!x) x = v; if (x) return x; x = v).
func (w *jsWalker) tests(cond js.IExpr) {
	if cond == nil || w.ctx.tested == nil || w.ctx.phase != PerInvocation {
		return
	}
	js.Walk(walker(func(n js.INode) {
		if v, ok := n.(*js.Var); ok && w.f.module[canon(v)] {
			w.ctx.tested[canon(v)] = true
		}
	}), cond)
}

// isNumber reports a numeric literal.
func isNumber(e js.IExpr) bool {
	lit, ok := unparen(e).(*js.LiteralExpr)
	return ok && lit.TokenType&js.NumericToken != 0
}

// assignment records x op= value when x reaches module-level state.
func (w *jsWalker) assignment(n *js.BinaryExpr, m *mark) {
	if !w.ctx.facts || w.ctx.phase != PerInvocation {
		return
	}
	v, root, keyed, prop := w.stateRoot(n.X)
	if v == nil {
		return
	}
	how := n.Op.String()
	if prop {
		how = "property"
	}
	kind := w.classify(v, keyed, n.Y)
	switch {
	case n.Op == js.NullishEqToken || n.Op == js.OrEqToken:
		kind = LazyInit
	case (n.Op == js.AddEqToken || n.Op == js.SubEqToken) && isNumber(n.Y):
		kind = Counter
	case n.Op == js.EqToken && !prop:
		if b, ok := unparen(n.Y).(*js.BinaryExpr); ok {
			if x, ok := unparen(b.X).(*js.Var); ok && canon(x) == v {
				switch {
				case b.Op == js.NullishToken || b.Op == js.OrToken:
					kind = LazyInit // x = x ?? v
				case (b.Op == js.AddToken || b.Op == js.SubToken) && isNumber(b.Y):
					kind = Counter // x = x + 1
				}
			}
		}
	}
	w.stateWrite(StateWrite{Name: root, How: how, Kind: kind}, v, m)
}

// increment records x++ / --x when x reaches module-level state.
func (w *jsWalker) increment(n *js.UnaryExpr, m *mark) {
	if !w.ctx.facts || w.ctx.phase != PerInvocation {
		return
	}
	switch n.Op {
	case js.PreIncrToken, js.PreDecrToken, js.PostIncrToken, js.PostDecrToken:
	default:
		return
	}
	if v, root, _, _ := w.stateRoot(n.X); v != nil {
		kind := Counter
		if w.ctx.tested[v] {
			kind = LazyInit
		}
		how := "++"
		if n.Op == js.PreDecrToken || n.Op == js.PostDecrToken {
			how = "--"
		}
		w.stateWrite(StateWrite{Name: root, How: how, Kind: kind}, v, m)
	}
}

// jsMutators are the methods that change the array, Map or Set they are
// called on; keyed ones store under a key.
var jsMutators = map[string]bool{"push": false, "unshift": false, "splice": false, "set": true, "add": true}

// mutation records x.push(v), x.set(k, v), Object.assign(x, v) on
// module-level state.
func (w *jsWalker) mutation(n *js.CallExpr, m *mark) {
	if !w.ctx.facts || w.ctx.phase != PerInvocation {
		return
	}
	d, ok := unparen(n.X).(*js.DotExpr)
	if !ok {
		return
	}
	method := name(d.Y)
	var target js.IExpr
	keyedMethod, isMutator := jsMutators[method]
	switch {
	case isMutator:
		target = d.X
	case method == "assign" && global(unparen(d.X), "Object") && len(n.Args.List) >= 2:
		target = n.Args.List[0].Value
	default:
		return
	}
	v, root, keyed, _ := w.stateRoot(target)
	if v == nil {
		return
	}
	var args []js.INode
	for _, a := range n.Args.List {
		args = append(args, a.Value)
	}
	kind := w.classify(v, keyed || keyedMethod, args...)
	w.stateWrite(StateWrite{Name: root, How: method, Kind: kind}, v, m)
}

// classify decides what a write of value to v is, in order: guarded by an
// earlier test of v, a keyed entry, a value of the invocation, or a value
// the same for every invocation.
func (w *jsWalker) classify(v *js.Var, keyed bool, values ...js.INode) StateKind {
	switch {
	case w.ctx.tested[v]:
		return LazyInit
	case keyed:
		return Keyed
	}
	for _, value := range values {
		if w.mentionsLocal(value) {
			return RequestState
		}
	}
	return SharedValue
}

func (w *jsWalker) stateWrite(s StateWrite, v *js.Var, m *mark) {
	s.Phase = w.ctx.phase
	w.states = append(w.states, markedState{s: s, m: m, own: w.ctx.own, v: v})
}

// declared notes where a module-level variable is declared, for its name
// in the source map; the walk has just located its identifier.
func (w *jsWalker) declared(v *js.Var) {
	c := canon(v)
	if !w.f.module[c] {
		return
	}
	if _, seen := w.declAt[c]; seen {
		return
	}
	name := c.Name()
	if w.cursor+len(name) <= len(w.f.src) && bytes.Equal(w.f.src[w.cursor:w.cursor+len(name)], name) {
		w.declAt[c] = w.cursor
	}
}

// jsFileWrites maps the file-system calls that write a file to the
// argument that names it; open takes a flags argument that says whether
// it writes. fs-extra's outputFile and writeJson write as writeFile does.
// rename is not a write here: renaming a finished file into place is the
// atomic way to publish a file that invocations share.
var jsFileWrites = map[string]int{
	"writeFile": 0, "writeFileSync": 0, "appendFile": 0, "appendFileSync": 0, "createWriteStream": 0,
	"outputFile": 0, "outputFileSync": 0, "writeJson": 0, "writeJsonSync": 0, "outputJson": 0, "outputJsonSync": 0,
	"open": 0, "openSync": 0,
	"copyFile": 1, "copyFileSync": 1, "cp": 1, "cpSync": 1,
}

// tempWrite records a call that writes a fixed path in the temp folder.
func (w *jsWalker) tempWrite(callee string, n *js.CallExpr, m *mark) {
	if !w.ctx.facts {
		return
	}
	last := callee[strings.LastIndex(callee, ".")+1:]
	arg, ok := jsFileWrites[last]
	if !ok || len(n.Args.List) <= arg {
		return
	}
	if last == "open" || last == "openSync" {
		// fs.open(path[, flags]): the default flags "r" only read.
		if len(n.Args.List) < 2 {
			return
		}
		flags, ok := str(unparen(n.Args.List[1].Value))
		if !ok || !strings.ContainsAny(flags, "wa+") {
			return
		}
	}
	p, ok := w.constPath(n.Args.List[arg].Value, 0)
	if !ok || !fixedTemp(p) {
		return
	}
	w.temps = append(w.temps, markedTemp{t: TempWrite{Path: path.Clean(p), Call: last, Phase: w.ctx.phase}, m: m, own: w.ctx.own})
}

// fixedTemp reports a path in Lambda's temp folder (/tmp, which os.tmpdir()
// and tempfile.gettempdir() return there), below it.
func fixedTemp(p string) bool {
	p = path.Clean(p)
	return strings.HasPrefix(p, "/tmp/")
}

// constPath folds a path expression built only from constants: string
// and template literals, +, path.join / path.resolve, os.tmpdir() ("/tmp"
// on Lambda), and variables declared with such a value and never
// reassigned. ok is false for anything else: a parameter, a call
// (randomUUID(), mkdtemp), a property of the event or context.
func (w *jsWalker) constPath(e js.IExpr, depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	switch n := unparen(e).(type) {
	case *js.LiteralExpr:
		return str(n)
	case *js.TemplateExpr:
		if n.Tag != nil {
			return "", false
		}
		var b strings.Builder
		for _, part := range n.List {
			b.Write(templateText(part.Value))
			s, ok := w.constPath(part.Expr, depth+1)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		b.Write(templateText(n.Tail))
		return b.String(), true
	case *js.BinaryExpr:
		if n.Op != js.AddToken {
			return "", false
		}
		x, ok := w.constPath(n.X, depth+1)
		if !ok {
			return "", false
		}
		y, ok := w.constPath(n.Y, depth+1)
		return x + y, ok
	case *js.CallExpr:
		callee := w.f.calleeName(n.X)
		last := callee[strings.LastIndex(callee, ".")+1:]
		switch last {
		case "tmpdir":
			return "/tmp", len(n.Args.List) == 0
		case "join", "resolve":
			if last == "join" && strings.Contains(callee, ".") && !strings.Contains(strings.ToLower(callee), "path") {
				return "", false // [a, b].join(), not path.join
			}
			var parts []string
			for _, a := range n.Args.List {
				s, ok := w.constPath(a.Value, depth+1)
				if !ok || a.Rest {
					return "", false
				}
				if last == "resolve" && strings.HasPrefix(s, "/") {
					parts = parts[:0]
				}
				parts = append(parts, s)
			}
			return path.Join(parts...), len(parts) > 0
		}
	case *js.Var:
		c := canon(n)
		d, ok := w.f.decls[c].(js.IExpr)
		if !ok || c.Decl == js.ArgumentDecl {
			return "", false
		}
		if w.f.assigns[c] != map[bool]int{true: 0, false: 1}[w.f.initialized[c]] {
			return "", false // reassigned: not one value
		}
		return w.constPath(d, depth+1)
	}
	return "", false
}

// templateText is the literal text of a template part without its
// delimiters (` ${ } `).
func templateText(b []byte) []byte {
	s := strings.TrimPrefix(string(b), "`")
	s = strings.TrimPrefix(s, "}")
	s = strings.TrimSuffix(s, "`")
	s = strings.TrimSuffix(s, "${")
	return []byte(s)
}
