package handlercode

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/tdewolff/parse/v2/js"
)

// errBudget stops a walk that ran out of its asset's time budget.
var errBudget = errors.New("the time budget for this asset ran out")

// jsFacts collects the facts of one JavaScript file whose handler function
// is handler (nil when the export did not resolve to a function).
func jsFacts(f *jsFile, handler *jsFunc, facts *Facts, deadline time.Time) (err error) {
	w := &jsWalker{f: f, facts: facts, handler: handler, deadline: deadline, mode: map[js.INode]Phase{}, declAt: map[*js.Var]int{}}
	defer func() {
		if r := recover(); r != nil {
			if r == errBudget {
				err = errBudget
				return
			}
			panic(r)
		}
	}()
	w.reach()
	w.ctx = jsCtx{phase: Init, always: true, facts: true}
	w.stmts(f.ast.BlockStmt.List)
	w.flush()
	w.finish()
	return nil
}

// finish copies what the walk found into the facts.
func (w *jsWalker) finish() {
	if w.funcAt != nil && w.facts.Func != nil {
		w.facts.Func.Pos = w.funcAt.pos
	}
	for _, c := range w.constructions {
		c.c.Pos = c.m.pos
		w.facts.Constructions = append(w.facts.Constructions, c.c)
	}
	for _, r := range w.requires {
		r.r.Pos = r.m.pos
		w.facts.Requires = append(w.facts.Requires, r.r)
		switch strings.TrimPrefix(r.r.Module, "node:") {
		case "child_process", "worker_threads", "cluster":
			if w.ownCode(r.m) {
				w.facts.Parallel = append(w.facts.Parallel, r.m.pos.String()+": "+r.r.Module)
			}
		}
	}
	if w.swallow != nil {
		w.facts.Swallows = &Swallow{Pos: w.swallow.pos, PerRecord: w.swallowRecord}
	}
	if w.firstOnly != nil && !w.facts.Records.Whole {
		p := w.firstOnly.pos
		w.facts.Records.FirstOnly = &p
	}
	if w.batchAt != nil {
		p := w.batchAt.pos
		w.facts.ReportsBatchFailures = &p
	}
	for _, s := range w.states {
		if s.own || w.ownCode(s.m) {
			s.s.Pos = s.m.pos
			if at, ok := w.declAt[canon(s.v)]; ok && s.v != nil && w.f.module[canon(s.v)] {
				s.s.Name = w.f.sourceName(s.v, at)
			}
			w.facts.ModuleState = append(w.facts.ModuleState, s.s)
		}
	}
	for _, t := range w.temps {
		if t.own || w.ownCode(t.m) {
			t.t.Pos = t.m.pos
			w.facts.TempFiles = append(w.facts.TempFiles, t.t)
		}
	}
	if w.stopsEarly != nil {
		p := w.stopsEarly.pos
		w.facts.Records.StopsEarly = &p
	}
	if w.legacyCtx != nil {
		w.facts.LegacyContext = &ContextCall{Method: w.legacyName, Pos: w.legacyCtx.pos}
	}
}

// ownCode reports whether code at m is the function's own, not a bundled
// dependency's: by the source map, else by the module comment esbuild
// writes above each bundled module ("// node_modules/x/index.js"), else
// (a minified bundle without a map) when it comes after the handler's
// definition (esbuild and rollup write the entry module last) or the
// bundle does not carry the AWS SDK, whose credential provider spawns
// processes.
func (w *jsWalker) ownCode(m *mark) bool {
	if w.f.smap != nil && m.pos.File != w.f.name {
		return !strings.Contains(m.pos.File, "node_modules/")
	}
	if m.off >= 0 {
		start := max(0, m.off-1<<20)
		src := w.f.src[start:m.off]
		for {
			i := bytes.LastIndex(src, []byte("\n// "))
			if i < 0 {
				if start == 0 && bytes.HasPrefix(src, []byte("// ")) {
					i = -1 // the first line: as if a newline came before it
				} else {
					break
				}
			}
			line := src[i+4:]
			if j := bytes.IndexByte(line, '\n'); j >= 0 {
				line = line[:j]
			}
			if bytes.Contains(line, []byte("/")) && bytes.Contains(line, []byte(".")) && !bytes.Contains(line, []byte(" ")) {
				return !bytes.Contains(line, []byte("node_modules/"))
			}
			if i < 0 {
				break
			}
			src = src[:i]
		}
	}
	if w.funcAt != nil && w.funcAt.off >= 0 && m.off > w.funcAt.off {
		// After the handler: a bundler writes the entry module, which
		// holds the handler, after every module it imports.
		return true
	}
	return !bytes.Contains(w.f.src, []byte("x-amz-user-agent"))
}

type jsCtx struct {
	phase  Phase
	facts  bool // record facts (false in code nothing reaches)
	always bool // on every load (init) or every invocation
	// outerAssign: the expression's value is stored in a variable that
	// outlives the invocation (lazy initialization).
	outerAssign bool
	inRecords   bool // inside the loop over a batch's records
	// recordLoop: directly inside a loop statement over the event's
	// records (not in a callback), where a return ends the whole batch.
	recordLoop  bool
	handlerBody bool // directly in the handler's body
	locals      map[*js.Var]bool
	// own: inside the handler function (its body and the callbacks it
	// makes), which is the function's own code whatever the bundle.
	own bool
	// tested are the module-level variables a condition of the function
	// has read so far: a later write to one is guarded by it.
	tested map[*js.Var]bool
}

type jsWalker struct {
	f        *jsFile
	facts    *Facts
	handler  *jsFunc
	deadline time.Time
	steps    int
	ctx      jsCtx
	// mode is the phase of each function something reaches; functions
	// absent are walked for positions only.
	mode   map[js.INode]Phase
	cursor int
	// after is the end of the last token located: the next one starts
	// there or later.
	after   int
	pending []*mark

	// What the walk found, with marks that get their positions when the
	// walk reaches the next token; facts are filled in at the end.
	funcAt        *mark
	constructions []markedConstruction
	requires      []markedRequire
	swallow       *mark
	swallowRecord bool
	firstOnly     *mark
	stopsEarly    *mark
	batchAt       *mark
	states        []markedState
	temps         []markedTemp
	// declAt is where each module-level variable is declared (an offset).
	declAt map[*js.Var]int
	// ctxVar is the handler's context parameter; legacyCtx is the first
	// call of its succeed, fail or done.
	ctxVar     *js.Var
	legacyCtx  *mark
	legacyName string
}

// mark is a position the walk fills in at the next token.
type mark struct {
	pos Pos
	off int
}

type markedConstruction struct {
	c Construction
	m *mark
}

type markedRequire struct {
	r Require
	m *mark
}

func (w *jsWalker) tick() {
	w.steps++
	if w.steps&0xfff == 0 && time.Now().After(w.deadline) {
		panic(errBudget)
	}
}

// at returns a mark filled in at the next leaf the walk meets: a node's
// position is that of its first token with text.
func (w *jsWalker) at() *mark {
	m := &mark{pos: Pos{File: w.f.name}, off: -1}
	w.pending = append(w.pending, m)
	return m
}

func (w *jsWalker) moveTo(off int) {
	if off < w.cursor {
		return
	}
	w.cursor = off
	w.flush()
}

func (w *jsWalker) flush() {
	if len(w.pending) == 0 {
		return
	}
	p := w.f.pos(w.cursor)
	for _, q := range w.pending {
		q.pos, q.off = p, w.cursor
	}
	w.pending = w.pending[:0]
}

// data locates a token whose bytes are a slice of the file.
func (w *jsWalker) data(b []byte) {
	if off := w.f.offset(b); off >= 0 && off >= w.cursor {
		w.moveTo(off)
		w.after = max(w.after, off+len(b))
	}
}

// module locates an import's module specifier (quoted as written), whose
// bytes the parser may hold apart from the file's.
func (w *jsWalker) module(spec []byte) {
	if w.f.offset(spec) >= 0 {
		w.data(spec)
		return
	}
	w.word(spec)
}

// ident locates an identifier's next occurrence from the cursor (a
// variable's bytes are those of its declaration, not of each use).
func (w *jsWalker) ident(v *js.Var) {
	w.word(v.Name())
}

// word locates the next occurrence of a whole word (an identifier or a
// keyword, which the syntax tree holds no bytes of) from the cursor.
func (w *jsWalker) word(name []byte) {
	if len(name) == 0 {
		return
	}
	from := max(w.cursor, w.after)
	end := min(len(w.f.src), from+1<<16)
	for from < end {
		i := bytes.Index(w.f.src[from:end], name)
		if i < 0 {
			return
		}
		at := from + i
		if (at == 0 || !identByte(w.f.src[at-1])) && (at+len(name) >= len(w.f.src) || !identByte(w.f.src[at+len(name)])) {
			w.moveTo(at)
			w.after = at + len(name)
			return
		}
		from = at + 1
	}
}

func identByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// reach finds the functions init code and the handler call, by name
// through the file's declarations, before the walk that records facts.
func (w *jsWalker) reach() {
	var visit func(n js.INode, phase Phase, depth int)
	calls := func(n js.INode, phase Phase, depth int) {
		js.Walk(walker(func(m js.INode) {
			c, ok := m.(*js.CallExpr)
			if !ok {
				return
			}
			if v, ok := unparen(c.X).(*js.Var); ok {
				if d, ok := w.f.decls[canon(v)]; ok {
					if fn := asFunc(d); fn != nil {
						visit(fn.node, phase, depth+1)
					} else if lazy := lazyWrapper(d); lazy != nil {
						visit(lazy.node, phase, depth+1) // esbuild's __commonJS / __esm
					}
				}
			}
		}), n)
	}
	visit = func(n js.INode, phase Phase, depth int) {
		if depth > 64 {
			return
		}
		if old, seen := w.mode[n]; seen && (old == PerInvocation || old == phase) {
			return
		}
		w.mode[n] = phase
		calls(n, phase, depth)
	}
	// Calls in the module's top level (not in function bodies, except
	// functions called right there).
	for _, s := range w.f.ast.BlockStmt.List {
		if _, isFunc := s.(*js.FuncDecl); isFunc {
			continue
		}
		if cd, isClass := s.(*js.ClassDecl); isClass {
			_ = cd
			continue
		}
		calls(s, Init, 0)
	}
	if w.handler != nil {
		w.mode[w.handler.node] = ""
		visit(w.handler.node, PerInvocation, 0)
	}
}

// lazyWrapper recognizes esbuild's lazy module wrappers,
// __commonJS({ "path"(exports, module) { ... } }) and __esm({...}): the
// one function of the object literal is the module's code.
func lazyWrapper(d js.INode) *jsFunc {
	c, ok := unparen(d).(*js.CallExpr)
	if !ok || len(c.Args.List) != 1 {
		return nil
	}
	obj, ok := unparen(c.Args.List[0].Value).(*js.ObjectExpr)
	if !ok || len(obj.List) != 1 {
		return nil
	}
	return asFunc(obj.List[0].Value)
}

func (w *jsWalker) stmts(list []js.IStmt) {
	for _, s := range list {
		w.stmt(s)
	}
}

// cond walks a statement on a path that does not always run.
func (w *jsWalker) cond(fn func()) {
	saved := w.ctx
	w.ctx.always = false
	w.ctx.handlerBody = false
	fn()
	w.ctx.always, w.ctx.handlerBody = saved.always, saved.handlerBody
}

func (w *jsWalker) stmt(s js.IStmt) {
	w.tick()
	switch n := s.(type) {
	case nil:
	case *js.BlockStmt:
		w.stmts(n.List)
	case *js.ExprStmt:
		w.expr(n.Value)
	case *js.VarDecl:
		w.varDecl(n)
	case *js.IfStmt:
		w.expr(n.Cond)
		w.tests(n.Cond)
		w.cond(func() { w.stmt(n.Body); w.stmt(n.Else) })
	case *js.DoWhileStmt:
		w.tests(n.Cond)
		w.cond(func() { w.stmt(n.Body); w.expr(n.Cond) })
	case *js.WhileStmt:
		w.expr(n.Cond)
		w.tests(n.Cond)
		w.cond(func() { w.stmt(n.Body) })
	case *js.ForStmt:
		w.expr(n.Init)
		w.expr(n.Cond)
		w.expr(n.Post)
		w.tests(n.Cond)
		records := mentionsRecords(n.Cond)
		w.cond(func() { w.loopBody(n.Body, records) })
	case *js.ForInStmt:
		w.expr(n.Init)
		w.expr(n.Value)
		w.cond(func() { w.loopBody(n.Body, false) })
	case *js.ForOfStmt:
		w.expr(n.Init)
		w.expr(n.Value)
		records := w.isRecords(n.Value)
		w.cond(func() { w.loopBody(n.Body, records) })
	case *js.SwitchStmt:
		w.expr(n.Init)
		w.cond(func() {
			for i := range n.List {
				w.expr(n.List[i].Cond)
				w.stmts(n.List[i].List)
			}
		})
	case *js.ReturnStmt:
		if w.ctx.facts && w.ctx.phase == PerInvocation && w.ctx.recordLoop && w.stopsEarly == nil && !w.reportsFailures(n.Value) {
			w.stopsEarly = w.at()
			w.word([]byte("return"))
		}
		w.expr(n.Value)
	case *js.ThrowStmt:
		w.expr(n.Value)
	case *js.TryStmt:
		w.try(n)
	case *js.LabelledStmt:
		w.stmt(n.Value)
	case *js.WithStmt:
		w.expr(n.Cond)
		w.stmt(n.Body)
	case *js.FuncDecl:
		w.function(asFunc(n), n.Name)
	case *js.ClassDecl:
		w.class(n)
	case *js.ImportStmt:
		if s, ok := str(&js.LiteralExpr{TokenType: js.StringToken, Data: n.Module}); ok {
			p := w.at()
			w.module(n.Module)
			w.require(s, p, true)
		}
	case *js.ExportStmt:
		if n.Decl != nil {
			switch d := n.Decl.(type) {
			case *js.VarDecl:
				w.varDecl(d)
			case *js.FuncDecl:
				w.function(asFunc(d), d.Name)
			case *js.ClassDecl:
				w.class(d)
			default:
				w.expr(d)
			}
		}
		if n.Module != nil {
			if s, ok := str(&js.LiteralExpr{TokenType: js.StringToken, Data: n.Module}); ok {
				p := w.at()
				w.module(n.Module)
				w.require(s, p, true)
			}
		}
	case *js.DirectivePrologueStmt:
		w.data(n.Value)
	case *js.Comment:
		w.data(n.Value)
	}
}

func (w *jsWalker) loopBody(body js.IStmt, records bool) {
	saved, savedLoop := w.ctx.inRecords, w.ctx.recordLoop
	if records {
		w.ctx.inRecords, w.ctx.recordLoop = true, true
	}
	w.stmt(body)
	w.ctx.inRecords, w.ctx.recordLoop = saved, savedLoop
}

// reportsFailures reports whether a returned value carries
// batchItemFailures (a FIFO consumer that stops at the first failure and
// lists the rest, a stream consumer that returns its checkpoint): written
// in the value, or in the declaration of the variable returned.
func (w *jsWalker) reportsFailures(e js.IExpr) bool {
	if e == nil {
		return false
	}
	found := false
	look := func(n js.INode) {
		js.Walk(walker(func(m js.INode) {
			switch x := m.(type) {
			case *js.PropertyName:
				found = found || name(x) == "batchItemFailures"
			case *js.DotExpr:
				found = found || name(x.Y) == "batchItemFailures"
			case *js.Var:
				found = found || string(x.Name()) == "batchItemFailures"
			}
		}), n)
	}
	look(e)
	if v, ok := unparen(e).(*js.Var); ok && !found {
		if d, ok := w.f.decls[canon(v)]; ok {
			look(d)
		}
	}
	return found
}

func (w *jsWalker) varDecl(n *js.VarDecl) {
	for _, b := range n.List {
		w.binding(b.Binding)
		if b.Default != nil {
			saved := w.ctx.outerAssign
			if v, ok := b.Binding.(*js.Var); ok && w.ctx.locals != nil && !w.ctx.locals[canon(v)] {
				w.ctx.outerAssign = true // var in a nested block of an outer function
			} else {
				w.ctx.outerAssign = w.ctx.phase == Init
			}
			w.expr(b.Default)
			w.ctx.outerAssign = saved
		}
	}
}

// binding walks a declared name (or pattern) and notes it as local.
func (w *jsWalker) binding(b js.IBinding) {
	switch n := b.(type) {
	case *js.Var:
		if w.ctx.locals != nil {
			w.ctx.locals[canon(n)] = true
		}
		w.ident(n)
		w.declared(n)
	case *js.BindingArray:
		for _, e := range n.List {
			w.binding(e.Binding)
			w.expr(e.Default)
		}
		w.binding(n.Rest)
	case *js.BindingObject:
		for _, item := range n.List {
			if item.Key != nil {
				if name(item.Key) == "Records" {
					w.recordsWhole()
				}
				w.propName(item.Key)
			}
			w.binding(item.Value.Binding)
			w.expr(item.Value.Default)
		}
		if n.Rest != nil {
			w.binding(n.Rest)
		}
	}
}

func (w *jsWalker) propName(p *js.PropertyName) {
	if p == nil {
		return
	}
	if p.IsComputed() {
		w.expr(p.Computed)
		return
	}
	w.data(p.Literal.Data)
}

func (w *jsWalker) try(n *js.TryStmt) {
	w.cond(func() { w.stmt(n.Body) })
	if n.Catch != nil {
		if w.ctx.facts && (w.ctx.handlerBody || w.ctx.inRecords) && w.ctx.phase == PerInvocation && w.swallow == nil && swallows(n.Catch) {
			w.swallow, w.swallowRecord = w.at(), !w.ctx.handlerBody
		}
		w.cond(func() {
			w.binding(n.Binding)
			w.stmt(n.Catch)
		})
	}
	if n.Finally != nil {
		w.stmt(n.Finally)
	}
}

// swallows reports whether a catch block ends normally whatever the error:
// it throws nothing, rejects nothing, passes no error to a callback and
// reports no batch item failure.
func swallows(catch *js.BlockStmt) bool {
	ok := true
	js.Walk(walker(func(n js.INode) {
		switch m := n.(type) {
		case *js.ThrowStmt:
			ok = false
		case *js.CallExpr:
			callee := calleeName(m.X)
			last := callee[strings.LastIndex(callee, ".")+1:]
			switch last {
			case "reject", "fail", "exit", "push", "add", "set", "callback", "cb", "done", "next":
				ok = false
			}
		case *js.PropertyName:
			if name(m) == "batchItemFailures" {
				ok = false
			}
		case *js.DotExpr:
			if name(m.Y) == "batchItemFailures" {
				ok = false
			}
		}
	}), catch)
	return ok
}

// function walks a function's body in the phase that reaches it.
func (w *jsWalker) function(fn *jsFunc, nameVar *js.Var) {
	if fn == nil {
		return
	}
	if nameVar != nil {
		w.ident(nameVar)
	}
	saved := w.ctx
	isHandler := w.handler != nil && fn.node == w.handler.node
	phase, reached := w.mode[fn.node]
	switch {
	case isHandler:
		w.funcAt = w.at()
		w.ctx = jsCtx{phase: PerInvocation, facts: true, always: true, handlerBody: true, locals: map[*js.Var]bool{}, own: true, tested: map[*js.Var]bool{}}
		if len(fn.params.List) >= 2 {
			if v, ok := fn.params.List[1].Binding.(*js.Var); ok {
				w.ctxVar = canon(v)
			}
		}
	case reached && phase != "":
		w.ctx = jsCtx{phase: phase, facts: true, locals: map[*js.Var]bool{}, inRecords: saved.inRecords && phase == PerInvocation, tested: map[*js.Var]bool{}}
	case saved.facts && saved.phase == PerInvocation:
		// A function made inside the handler (a callback): it runs in the
		// invocation, with the handler's variables as its outer ones; a
		// return in it ends the callback, not the loop around it.
		w.ctx.always, w.ctx.handlerBody, w.ctx.recordLoop = false, false, false
		if saved.locals != nil {
			locals := make(map[*js.Var]bool, len(saved.locals))
			for k := range saved.locals {
				locals[k] = true
			}
			w.ctx.locals = locals
		}
	default:
		w.ctx = jsCtx{phase: Init, facts: false}
	}
	for _, p := range fn.params.List {
		w.binding(p.Binding)
		w.expr(p.Default)
	}
	w.binding(fn.params.Rest)
	w.stmts(fn.body.List)
	w.ctx = saved
}

func (w *jsWalker) class(n *js.ClassDecl) {
	if n.Name != nil {
		w.ident(n.Name)
	}
	w.expr(n.Extends)
	for _, el := range n.List {
		switch {
		case el.Method != nil:
			w.propName(&el.Method.Name.PropertyName)
			w.function(asFunc(el.Method), nil)
		case el.StaticBlock != nil:
			w.stmt(el.StaticBlock)
		default:
			w.propName(&el.Field.Name.PropertyName)
			w.expr(el.Field.Init)
		}
	}
}

func (w *jsWalker) args(args []js.Arg, records bool) {
	saved := w.ctx.inRecords
	if records {
		w.ctx.inRecords = true
	}
	for _, a := range args {
		w.expr(a.Value)
	}
	w.ctx.inRecords = saved
}

func (w *jsWalker) expr(e js.IExpr) {
	w.tick()
	switch n := e.(type) {
	case nil:
	case *js.VarDecl:
		w.varDecl(n) // the declaration of a for, for-in or for-of loop
	case *js.Var:
		w.ident(n)
	case *js.LiteralExpr:
		w.data(n.Data)
	case *js.GroupExpr:
		w.expr(n.X)
	case *js.CommaExpr:
		for _, x := range n.List {
			w.expr(x)
		}
	case *js.ArrayExpr:
		for _, el := range n.List {
			w.expr(el.Value)
		}
	case *js.ObjectExpr:
		for _, p := range n.List {
			if p.Name != nil {
				if name(p.Name) == "batchItemFailures" && w.ctx.facts {
					w.batchFailures()
				}
				w.propName(p.Name)
			}
			w.expr(p.Value)
			w.expr(p.Init)
		}
	case *js.MethodDecl:
		w.propName(&n.Name.PropertyName)
		w.function(asFunc(n), nil)
	case *js.FuncDecl:
		w.function(asFunc(n), n.Name)
	case *js.ArrowFunc:
		w.function(asFunc(n), nil)
	case *js.ClassDecl:
		w.class(n)
	case *js.TemplateExpr:
		w.expr(n.Tag)
		for _, part := range n.List {
			w.data(part.Value)
			w.expr(part.Expr)
		}
		w.data(n.Tail)
	case *js.DotExpr:
		if name(n.Y) == "Records" {
			w.recordsWhole()
		}
		if name(n.Y) == "batchItemFailures" && w.ctx.facts {
			w.batchFailures()
		}
		w.expr(n.X)
		w.expr(n.Y)
	case *js.IndexExpr:
		if inner, idx := recordsIndex(n); inner != nil {
			if idx == 0 && w.ctx.facts && w.ctx.phase == PerInvocation {
				w.facts.Records.Used = true
				if w.firstOnly == nil {
					w.firstOnly = w.at()
				}
			} else if idx != 0 {
				w.recordsWhole()
			}
			w.expr(inner)
			w.expr(n.Y)
			return
		}
		if s, ok := str(n.Y); ok && s == "Records" {
			w.recordsWhole()
		}
		w.expr(n.X)
		w.expr(n.Y)
	case *js.NewExpr:
		p := w.at()
		callee := w.f.calleeName(n.X)
		if k, ok := jsConstruction(callee, true); ok && w.ctx.facts {
			w.construction(k, "new "+callee[strings.LastIndex(callee, ".")+1:], p)
		}
		w.expr(n.X)
		if n.Args != nil {
			w.args(n.Args.List, false)
		}
	case *js.CallExpr:
		w.call(n)
	case *js.UnaryExpr:
		switch n.Op {
		case js.PreIncrToken, js.PreDecrToken, js.PostIncrToken, js.PostDecrToken:
			w.increment(n, w.at())
		}
		w.expr(n.X)
	case *js.BinaryExpr:
		if assignOp(n.Op) {
			w.assignment(n, w.at())
		}
		switch n.Op {
		case js.EqToken, js.NullishEqToken, js.OrEqToken, js.AndEqToken:
			w.expr(n.X)
			saved := w.ctx.outerAssign
			w.ctx.outerAssign = w.outer(n.X)
			if n.Op != js.EqToken {
				w.cond(func() { w.expr(n.Y) })
			} else {
				w.expr(n.Y)
			}
			w.ctx.outerAssign = saved
		case js.AndToken, js.OrToken, js.NullishToken:
			w.expr(n.X)
			w.tests(n.X)
			w.cond(func() { w.expr(n.Y) })
		default:
			w.expr(n.X)
			w.expr(n.Y)
		}
	case *js.CondExpr:
		w.expr(n.Cond)
		w.tests(n.Cond)
		w.cond(func() { w.expr(n.X); w.expr(n.Y) })
	case *js.YieldExpr:
		w.expr(n.X)
	}
}

// outer reports whether an assignment target outlives the invocation: a
// variable the current function did not declare, or a property.
func (w *jsWalker) outer(x js.IExpr) bool {
	switch t := x.(type) {
	case *js.Var:
		return w.ctx.locals == nil || !w.ctx.locals[canon(t)]
	case *js.DotExpr, *js.IndexExpr:
		return true
	}
	return false
}

func (w *jsWalker) call(n *js.CallExpr) {
	p := w.at()
	callee := w.f.calleeName(n.X)
	switch {
	case global(n.X, "require") && len(n.Args.List) == 1:
		if s, ok := str(n.Args.List[0].Value); ok {
			w.require(s, p, w.ctx.always)
		}
	case isImportCall(n.X) && len(n.Args.List) >= 1:
		if s, ok := str(n.Args.List[0].Value); ok {
			w.require(s, p, false) // import() is awaited where it is used
		}
	case w.ctx.facts:
		if k, ok := jsConstruction(callee, false); ok {
			w.construction(k, callee, p)
		} else if strings.HasSuffix(callee, "readFileSync") && w.ctx.phase == PerInvocation {
			w.construction(Config, callee, p)
		}
		last := callee[strings.LastIndex(callee, ".")+1:]
		if last == "processPartialResponse" || last == "processPartialResponseSync" {
			w.batchFailures()
		}
		w.mutation(n, p)
		w.tempWrite(callee, n, p)
		if d, ok := n.X.(*js.DotExpr); ok && w.ctxVar != nil && w.legacyCtx == nil && w.ctx.phase == PerInvocation {
			if v, ok := unparen(d.X).(*js.Var); ok && canon(v) == w.ctxVar {
				switch m := name(d.Y); m {
				case "succeed", "fail", "done":
					w.legacyCtx, w.legacyName = p, m
				}
			}
		}
	}
	records := false
	if d, ok := n.X.(*js.DotExpr); ok && w.isRecords(d.X) {
		switch name(d.Y) {
		case "map", "forEach", "filter", "reduce", "some", "every", "flatMap", "find":
			records = true
		}
	}
	w.expr(n.X)
	w.args(n.Args.List, records)
}

func isImportCall(e js.IExpr) bool {
	lit, ok := e.(*js.LiteralExpr)
	return ok && lit.TokenType == js.ImportToken
}

// isRecords reports whether e is a batch's records: x.Records, or a
// variable declared as one (followed a few declarations deep: a = b; b = a
// must not loop).
func (w *jsWalker) isRecords(e js.IExpr) bool { return w.isRecordsDepth(e, 0) }

func (w *jsWalker) isRecordsDepth(e js.IExpr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch n := unparen(e).(type) {
	case *js.DotExpr:
		return name(n.Y) == "Records"
	case *js.IndexExpr:
		s, ok := str(n.Y)
		return ok && s == "Records"
	case *js.Var:
		if d, ok := w.f.decls[canon(n)]; ok {
			if x, ok := d.(js.IExpr); ok {
				return w.isRecordsDepth(x, depth+1)
			}
		}
		return string(n.Name()) == "Records"
	}
	return false
}

func mentionsRecords(e js.IExpr) bool {
	found := false
	if e == nil {
		return false
	}
	js.Walk(walker(func(n js.INode) {
		if d, ok := n.(*js.DotExpr); ok && name(d.Y) == "Records" {
			found = true
		}
	}), e)
	return found
}

// recordsIndex matches x.Records[N] (or x["Records"][N]) and returns x
// and N (-1 for a computed index).
func recordsIndex(n *js.IndexExpr) (js.IExpr, int) {
	var inner js.IExpr
	switch x := n.X.(type) {
	case *js.DotExpr:
		if name(x.Y) == "Records" {
			inner = x.X
		}
	case *js.IndexExpr:
		if s, ok := str(x.Y); ok && s == "Records" {
			inner = x.X
		}
	}
	if inner == nil {
		return nil, 0
	}
	if lit, ok := n.Y.(*js.LiteralExpr); ok && lit.TokenType&js.NumericToken != 0 && string(lit.Data) == "0" {
		return inner, 0
	}
	return inner, -1
}

func (w *jsWalker) recordsWhole() {
	if w.ctx.facts && w.ctx.phase == PerInvocation {
		w.facts.Records.Used = true
		w.facts.Records.Whole = true
	}
}

func (w *jsWalker) batchFailures() {
	if w.batchAt == nil {
		w.batchAt = w.at()
	}
}

func (w *jsWalker) construction(k Kind, callee string, m *mark) {
	if !w.ctx.facts {
		return
	}
	w.constructions = append(w.constructions, markedConstruction{
		c: Construction{Kind: k, Name: callee, Phase: w.ctx.phase, Cached: w.ctx.phase == PerInvocation && w.ctx.outerAssign},
		m: m,
	})
}

func (w *jsWalker) require(module string, m *mark, always bool) {
	if !w.ctx.facts {
		return
	}
	if module == "@middy/sqs-partial-batch-failure" && w.batchAt == nil {
		// middy's middleware turns the handler's settled promises into
		// batchItemFailures.
		w.batchAt = m
	}
	w.requires = append(w.requires, markedRequire{r: Require{Module: module, Always: always && w.ctx.always, Phase: w.ctx.phase}, m: m})
}
