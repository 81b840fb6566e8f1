package handlercode

import (
	"strings"
	"time"
)

// pyFacts collects the facts of a Python module whose handler function is
// def (nil when not found): module level code runs at init, the handler's
// body and the module functions it calls by name on every invocation.
func pyFacts(f *pyFile, def *pyNode, facts *Facts, deadline time.Time) {
	w := &pyWalker{f: f, facts: facts, deadline: deadline, seen: map[*pyNode]bool{}}
	defer func() {
		if r := recover(); r != nil {
			if r != errBudget {
				panic(r)
			}
			facts.NotInspected = append(facts.NotInspected, Skipped{File: f.name, Reason: errBudget.Error()})
		}
	}()
	for _, s := range f.root.named() {
		switch s.Kind {
		case "function_definition", "decorated_definition", "class_definition":
			continue
		}
		w.node(s, pyCtx{phase: Init})
	}
	if def != nil {
		w.seen[def] = true
		w.function(def, pyCtx{phase: PerInvocation, handlerBody: true})
	}
	if facts.Records.Whole {
		facts.Records.FirstOnly = nil
	}
	facts.sortFacts()
}

type pyCtx struct {
	phase       Phase
	handlerBody bool
	inRecords   bool
	// recordLoop: directly inside a for loop over the event's records,
	// where a return ends the whole batch.
	recordLoop bool
	// globals are the names the function declares global: assigning them
	// caches across invocations.
	globals     map[string]bool
	outerAssign bool
	// scope is the function's locals and tested names; nil at module level.
	scope *pyScope
}

type pyWalker struct {
	f        *pyFile
	facts    *Facts
	deadline time.Time
	steps    int
	seen     map[*pyNode]bool
	// modValues caches moduleValues.
	modValues map[string]*pyNode
}

func (w *pyWalker) function(def *pyNode, ctx pyCtx) {
	body := def.field("body")
	if body == nil {
		return
	}
	ctx.globals = map[string]bool{}
	body.walk(func(n *pyNode) bool {
		if n.Kind == "global_statement" || n.Kind == "nonlocal_statement" {
			for _, c := range n.named() {
				ctx.globals[w.f.text(c)] = true
			}
		}
		return n.Kind != "function_definition" && n.Kind != "class_definition"
	})
	ctx.scope = w.newPyScope(def, ctx.globals)
	for _, s := range body.named() {
		w.node(s, ctx)
	}
}

func (w *pyWalker) node(n *pyNode, ctx pyCtx) {
	w.steps++
	if w.steps&0xfff == 0 && time.Now().After(w.deadline) {
		panic(errBudget)
	}
	switch n.Kind {
	case "function_definition", "class_definition", "decorated_definition", "lambda":
		if ctx.phase == PerInvocation && n.Kind != "class_definition" {
			// A function made inside the handler runs in the invocation.
			if body := n.field("body"); body != nil {
				inner := ctx
				inner.handlerBody, inner.recordLoop = false, false
				w.node(body, inner)
			}
		}
		return
	case "import_statement", "import_from_statement":
		text := w.f.text(n)
		if strings.Contains(text, "multiprocessing") || strings.Contains(text, "ProcessPoolExecutor") {
			w.facts.Parallel = append(w.facts.Parallel, w.f.pos(n).String()+": "+strings.TrimSpace(text))
		}
		return
	case "try_statement":
		w.try(n, ctx)
		return
	case "for_statement":
		if right := n.field("right"); right != nil {
			w.node(right, ctx)
			inner := ctx
			inner.handlerBody = false
			if w.isRecords(right) {
				inner.inRecords = true
			}
			if w.eventRecords(right) {
				inner.recordLoop = true
			}
			for _, c := range n.Children {
				if c.Field == "body" || c.Kind == "else_clause" {
					w.node(c, inner)
				}
			}
			return
		}
	case "if_statement", "while_statement", "with_statement", "match_statement":
		w.pyTests(n.field("condition"), ctx)
		inner := ctx
		inner.handlerBody = false
		for _, c := range n.named() {
			w.node(c, inner)
		}
		return
	case "elif_clause":
		w.pyTests(n.field("condition"), ctx)
	case "conditional_expression":
		if parts := n.named(); len(parts) == 3 {
			w.pyTests(parts[1], ctx)
		}
	case "boolean_operator":
		w.pyTests(n.field("left"), ctx)
	case "assignment", "augmented_assignment":
		w.pyAssignment(n, ctx)
		left, right := n.field("left"), n.field("right")
		inner := ctx
		inner.outerAssign = w.outer(left, ctx)
		if left != nil {
			w.node(left, ctx)
		}
		if right != nil {
			w.node(right, inner)
		}
		return
	case "subscript":
		if w.recordsKey(n) {
			w.recordsWhole(ctx)
			return
		}
		if v := n.field("value"); v != nil && w.recordsKey(v) {
			if idx := n.field("subscript"); idx != nil && w.f.text(idx) == "0" && ctx.phase == PerInvocation {
				w.facts.Records.Used = true
				if w.facts.Records.FirstOnly == nil {
					p := w.f.pos(n)
					w.facts.Records.FirstOnly = &p
				}
				return
			}
		}
	case "return_statement":
		if ctx.recordLoop && ctx.phase == PerInvocation && w.facts.Records.StopsEarly == nil && !strings.Contains(w.f.text(n), "batchItemFailures") {
			p := w.f.pos(n)
			w.facts.Records.StopsEarly = &p
		}
	case "string":
		if strings.Trim(w.f.text(n), `"'`) == "batchItemFailures" {
			w.batchFailures(n)
		}
	case "call":
		w.call(n, ctx)
	case "identifier":
		if w.f.text(n) == "Records" {
			w.recordsWhole(ctx)
		}
	}
	for _, c := range n.Children {
		w.node(c, ctx)
	}
}

// outer reports whether an assignment target outlives the invocation.
func (w *pyWalker) outer(left *pyNode, ctx pyCtx) bool {
	if left == nil {
		return false
	}
	switch left.Kind {
	case "identifier":
		return ctx.phase == Init || ctx.globals[w.f.text(left)]
	case "attribute", "subscript":
		return true
	}
	return false
}

func (w *pyWalker) call(n *pyNode, ctx pyCtx) {
	callee := w.f.dotted(n.field("function"))
	if k, ok := pyConstruction(callee); ok {
		if k != Config || strings.Contains(w.f.text(n.field("arguments")), "open(") {
			w.facts.Constructions = append(w.facts.Constructions, Construction{Kind: k, Name: callee, Phase: ctx.phase, Pos: w.f.pos(n), Cached: ctx.phase == PerInvocation && ctx.outerAssign})
		}
	}
	w.pyMutation(n, ctx)
	w.pyTempWrite(n, ctx)
	last := callee[strings.LastIndex(callee, ".")+1:]
	switch last {
	case "process_partial_response", "async_process_partial_response", "batch_processor", "BatchProcessor":
		w.batchFailures(n)
	}
	if callee == "os.fork" {
		w.facts.Parallel = append(w.facts.Parallel, w.f.pos(n).String()+": os.fork()")
	}
	// records.get("Records")
	if fn := n.field("function"); fn != nil && fn.Kind == "attribute" && w.f.text(fn.field("attribute")) == "get" {
		if strings.Contains(w.f.text(n.field("arguments")), "Records") {
			w.recordsWhole(ctx)
		}
	}
	// A module function called from the handler runs on every invocation.
	if ctx.phase == PerInvocation {
		if fn := n.field("function"); fn != nil && fn.Kind == "identifier" {
			if def, ok := w.f.defs[w.f.text(fn)]; ok && !w.seen[def] {
				w.seen[def] = true
				inner := pyCtx{phase: PerInvocation, inRecords: ctx.inRecords}
				w.function(def, inner)
			}
		}
	}
}

func (w *pyWalker) try(n *pyNode, ctx pyCtx) {
	inner := ctx
	inner.handlerBody = false
	for _, c := range n.Children {
		if c.Kind == "except_clause" || c.Kind == "except_group_clause" {
			if ctx.phase == PerInvocation && (ctx.handlerBody || ctx.inRecords) && w.facts.Swallows == nil && w.catchesAll(c) && w.swallows(c) {
				w.facts.Swallows = &Swallow{Pos: w.f.pos(c), PerRecord: !ctx.handlerBody}
			}
		}
		if c.Named {
			w.node(c, inner)
		}
	}
}

// catchesAll: a bare except, or except Exception / BaseException (alone
// or in a tuple).
func (w *pyWalker) catchesAll(c *pyNode) bool {
	named := c.named()
	if len(named) == 0 || named[0].Kind == "block" {
		return true // bare except:
	}
	t := w.f.text(named[0])
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '(' || r == ')' || r == ',' || r == ' ' }) {
		if part == "Exception" || part == "BaseException" {
			return true
		}
	}
	return false
}

// swallows: the except block raises nothing, records no failure and does
// not exit.
func (w *pyWalker) swallows(c *pyNode) bool {
	ok := true
	c.walk(func(n *pyNode) bool {
		switch n.Kind {
		case "raise_statement":
			ok = false
		case "call":
			callee := w.f.dotted(n.field("function"))
			last := callee[strings.LastIndex(callee, ".")+1:]
			switch last {
			case "append", "extend", "exit", "add":
				ok = false
			}
		case "string":
			if strings.Trim(w.f.text(n), `"'`) == "batchItemFailures" {
				ok = false
			}
		}
		return true
	})
	return ok
}

// recordsKey matches x["Records"].
func (w *pyWalker) recordsKey(n *pyNode) bool {
	if n.Kind != "subscript" {
		return false
	}
	idx := n.field("subscript")
	return idx != nil && idx.Kind == "string" && strings.Trim(w.f.text(idx), `"'`) == "Records"
}

func (w *pyWalker) isRecords(n *pyNode) bool {
	return strings.Contains(w.f.text(n), "Records") || strings.Contains(strings.ToLower(w.f.text(n)), "records")
}

// eventRecords reports whether a loop's iterable is the event's records:
// event["Records"] or event.get("Records") written out, a Powertools data
// class's .records, or a variable named records.
func (w *pyWalker) eventRecords(n *pyNode) bool {
	t := w.f.text(n)
	return strings.Contains(t, `"Records"`) || strings.Contains(t, `'Records'`) || strings.HasSuffix(t, ".records") || n.Kind == "identifier" && strings.EqualFold(t, "records")
}

func (w *pyWalker) recordsWhole(ctx pyCtx) {
	if ctx.phase == PerInvocation {
		w.facts.Records.Used = true
		w.facts.Records.Whole = true
		w.facts.Records.FirstOnly = nil
	}
}

func (w *pyWalker) batchFailures(n *pyNode) {
	if w.facts.ReportsBatchFailures == nil {
		p := w.f.pos(n)
		w.facts.ReportsBatchFailures = &p
	}
}
