package handlercode

import (
	"path"
	"strings"
)

// What the Python walk records for concurrent invocations in one execution
// environment (Lambda Managed Instances): writes to module-level state made
// per invocation, and writes to fixed paths in the temp folder.

// pyScope is what the walk knows of the function it is in: its locals
// (parameters and names it binds without declaring them global), the
// module-level names its conditions have read so far, and the locals
// assigned exactly once (their values fold into paths).
type pyScope struct {
	locals map[string]bool
	tested map[string]bool
	values map[string]*pyNode
}

// newPyScope collects a function's locals and single-assignment values;
// globals are the names it declares global or nonlocal.
func (w *pyWalker) newPyScope(def *pyNode, globals map[string]bool) *pyScope {
	s := &pyScope{locals: map[string]bool{}, tested: map[string]bool{}, values: map[string]*pyNode{}}
	count := map[string]int{}
	bind := func(target *pyNode, value *pyNode) {
		target.walk(func(n *pyNode) bool {
			switch n.Kind {
			case "identifier":
				if name := w.f.text(n); !globals[name] {
					s.locals[name] = true
					count[name]++
					if target == n && value != nil {
						s.values[name] = value
					}
				}
				return false
			case "attribute", "subscript":
				return false // x.a = v, x[k] = v bind no local
			}
			return true
		})
	}
	if params := def.field("parameters"); params != nil {
		for _, p := range params.named() {
			switch p.Kind {
			case "identifier":
				bind(p, nil)
			case "default_parameter", "typed_default_parameter":
				if n := p.field("name"); n != nil {
					bind(n, nil)
				}
			default: // typed_parameter, *args, **kwargs
				for _, c := range p.named() {
					if c.Kind == "identifier" {
						bind(c, nil)
						break
					}
				}
			}
		}
	}
	if body := def.field("body"); body != nil {
		body.walk(func(n *pyNode) bool {
			switch n.Kind {
			case "function_definition", "class_definition":
				if name := n.field("name"); name != nil {
					bind(name, nil)
				}
				return false
			case "lambda":
				return false
			case "assignment":
				if left := n.field("left"); left != nil {
					value := n.field("right")
					if n.field("type") != nil && value == nil {
						return true // x: int (an annotation binds nothing)
					}
					bind(left, value)
				}
			case "augmented_assignment", "for_statement", "for_in_clause":
				if left := n.field("left"); left != nil {
					bind(left, nil)
				}
			case "as_pattern_target", "named_expression":
				if name := n.field("name"); name != nil {
					bind(name, nil)
				} else {
					bind(n, nil)
				}
			case "import_statement", "import_from_statement":
				for _, c := range n.Children {
					if c.Field == "name" {
						if a := c.field("alias"); a != nil {
							bind(a, nil)
						} else if c.Kind == "dotted_name" && len(c.named()) > 0 {
							bind(c.named()[0], nil)
						}
					}
				}
			}
			return true
		})
	}
	for name, n := range count {
		if n != 1 {
			delete(s.values, name)
		}
	}
	return s
}

// moduleName reports whether name is a module-level variable (bound by an
// assignment at the module's top level, not a def, class or import) that
// the code in scope does not shadow with a local.
func (w *pyWalker) moduleName(name string, scope *pyScope) bool {
	if scope != nil && scope.locals[name] {
		return false
	}
	n, ok := w.f.names[name]
	return ok && (n.Kind == "assignment" || n.Kind == "augmented_assignment")
}

// pyRoot is the module-level variable a target reaches (x, x.a, x[k]);
// keyed when some step indexes it by a computed key, prop when the write
// is to a part of its value (the caller passes prop true for a value that
// a method mutates). An identifier itself is module state only when the
// function declares it global.
func (w *pyWalker) pyRoot(n *pyNode, ctx pyCtx, prop bool) (root string, keyed, isProp bool) {
	for depth := 0; n != nil && depth < 16; depth++ {
		switch n.Kind {
		case "identifier":
			name := w.f.text(n)
			if prop && w.moduleName(name, ctx.scope) || !prop && ctx.globals[name] && w.moduleName(name, nil) {
				return name, keyed, prop
			}
			return "", false, false
		case "attribute":
			n, prop = n.field("object"), true
		case "subscript":
			if idx := n.field("subscript"); idx == nil || idx.Kind != "string" && idx.Kind != "integer" {
				keyed = true
			}
			n, prop = n.field("value"), true
		case "parenthesized_expression":
			if inner := n.named(); len(inner) == 1 {
				n = inner[0]
				continue
			}
			return "", false, false
		default:
			return "", false, false
		}
	}
	return "", false, false
}

// pyMentionsLocal reports whether a value reads a local or parameter of
// the function: a value of the invocation.
func (w *pyWalker) pyMentionsLocal(n *pyNode, ctx pyCtx) bool {
	if n == nil || ctx.scope == nil {
		return false
	}
	found := false
	n.walk(func(c *pyNode) bool {
		if c.Kind == "identifier" && c.Field != "attribute" && c.Field != "name" && ctx.scope.locals[w.f.text(c)] {
			found = true
		}
		return !found
	})
	return found
}

// pyTests notes the module-level names a condition reads.
func (w *pyWalker) pyTests(cond *pyNode, ctx pyCtx) {
	if cond == nil || ctx.scope == nil || ctx.phase != PerInvocation {
		return
	}
	cond.walk(func(c *pyNode) bool {
		if c.Kind == "identifier" && c.Field != "attribute" {
			ctx.scope.tested[w.f.text(c)] = true
		}
		return true
	})
}

func (w *pyWalker) pyClassify(root string, keyed bool, ctx pyCtx, values ...*pyNode) StateKind {
	switch {
	case ctx.scope != nil && ctx.scope.tested[root]:
		return LazyInit
	case keyed:
		return Keyed
	}
	for _, v := range values {
		if w.pyMentionsLocal(v, ctx) {
			return RequestState
		}
	}
	return SharedValue
}

// pyAssignment records x = v (x declared global), x.a = v, x[k] = v and
// x += n on module-level state.
func (w *pyWalker) pyAssignment(n *pyNode, ctx pyCtx) {
	if ctx.phase != PerInvocation {
		return
	}
	left, right := n.field("left"), n.field("right")
	root, keyed, prop := w.pyRoot(left, ctx, false)
	if root == "" {
		return
	}
	how := "="
	if n.Kind == "augmented_assignment" {
		if op := n.field("operator"); op != nil {
			how = w.f.text(op)
		}
	}
	if prop {
		how = "property"
	}
	kind := w.pyClassify(root, keyed, ctx, right)
	switch {
	case n.Kind == "augmented_assignment" && right != nil && (right.Kind == "integer" || right.Kind == "float"):
		kind = Counter
	case n.Kind == "assignment" && !prop && right != nil && right.Kind == "boolean_operator" && strings.TrimSpace(w.f.text(right.field("left"))) == root:
		kind = LazyInit // x = x or v
	}
	w.facts.ModuleState = append(w.facts.ModuleState, StateWrite{Name: root, How: how, Kind: kind, Phase: ctx.phase, Pos: w.f.pos(n)})
}

// pyMutators are the methods that change the list, dict or set they are
// called on; keyed ones store under a key, lazy ones only when absent.
var pyMutators = map[string]StateKind{"append": "", "extend": "", "insert": "", "update": "", "add": Keyed, "setdefault": LazyInit}

// pyMutation records x.append(v), x.update(v), x.add(v) on module-level
// state.
func (w *pyWalker) pyMutation(n *pyNode, ctx pyCtx) {
	if ctx.phase != PerInvocation {
		return
	}
	fn := n.field("function")
	if fn == nil || fn.Kind != "attribute" {
		return
	}
	method := w.f.text(fn.field("attribute"))
	fixed, ok := pyMutators[method]
	if !ok {
		return
	}
	root, keyed, _ := w.pyRoot(fn.field("object"), ctx, true)
	if root == "" {
		return
	}
	kind := w.pyClassify(root, keyed || fixed == Keyed, ctx, n.field("arguments"))
	if fixed == LazyInit {
		kind = LazyInit
	}
	w.facts.ModuleState = append(w.facts.ModuleState, StateWrite{Name: root, How: method, Kind: kind, Phase: ctx.phase, Pos: w.f.pos(n)})
}

// pyAnyArgWrites are calls that write a file named by one of their
// arguments: boto3's download_file (Bucket.download_file(Key, Filename),
// client.download_file(Bucket, Key, Filename)), urlretrieve, and the
// pandas, numpy and matplotlib writers.
var pyAnyArgWrites = map[string]bool{"download_file": true, "urlretrieve": true, "to_csv": true, "to_parquet": true, "to_json": true,
	"to_excel": true, "to_pickle": true, "to_feather": true, "savefig": true, "save": true, "savez": true, "savetxt": true}

// pyOpeners open a file by name with a mode (open(file, mode)): the
// builtin and the standard library's compressed and archive formats.
var pyOpeners = map[string]bool{"open": true, "io.open": true, "codecs.open": true, "gzip.open": true, "bz2.open": true,
	"lzma.open": true, "tarfile.open": true}

// pyTempWrite records a call that writes a fixed path in the temp folder:
// open() for writing, pathlib's write_text / write_bytes / open("w"),
// shutil's copies and moves, and the writers of pyAnyArgWrites.
func (w *pyWalker) pyTempWrite(n *pyNode, ctx pyCtx) {
	fn, args := n.field("function"), n.field("arguments")
	if fn == nil || args == nil {
		return
	}
	callee := w.f.dotted(fn)
	last := callee[strings.LastIndex(callee, ".")+1:]
	if fn.Kind == "attribute" {
		last = w.f.text(fn.field("attribute"))
	}
	var positional []*pyNode
	keywords := map[string]*pyNode{}
	for _, a := range args.named() {
		if a.Kind == "keyword_argument" {
			keywords[w.f.text(a.field("name"))] = a.field("value")
		} else {
			positional = append(positional, a)
		}
	}
	arg := func(i int, kw string) *pyNode {
		if v, ok := keywords[kw]; ok {
			return v
		}
		if i < len(positional) {
			return positional[i]
		}
		return nil
	}
	writes := func(mode *pyNode) bool {
		if mode == nil {
			return false
		}
		s, ok := w.pyConst(mode, ctx, 0)
		return ok && strings.ContainsAny(s, "wax+")
	}
	var target *pyNode
	switch {
	case pyOpeners[callee]:
		if writes(arg(1, "mode")) {
			target = arg(0, "file")
			if target == nil {
				target = arg(0, "filename")
			}
		}
	case fn.Kind == "attribute" && (last == "write_text" || last == "write_bytes" || last == "touch"):
		target = fn.field("object")
	case fn.Kind == "attribute" && last == "open":
		if writes(arg(0, "mode")) {
			target = fn.field("object")
		}
	case strings.HasPrefix(callee, "shutil.") && (last == "copy" || last == "copy2" || last == "copyfile" || last == "move" || last == "copytree"):
		target = arg(1, "dst")
	case pyAnyArgWrites[last]:
		for _, a := range append(positional, keywords["Filename"], keywords["filename"], keywords["path_or_buf"], keywords["path"], keywords["fname"], keywords["file"]) {
			if p, ok := w.pyConst(a, ctx, 0); ok && fixedTemp(p) {
				target = a
				break
			}
		}
	}
	if target == nil {
		return
	}
	if p, ok := w.pyConst(target, ctx, 0); ok && fixedTemp(p) {
		name := callee
		if name == "" {
			name = last
		}
		w.facts.TempFiles = append(w.facts.TempFiles, TempWrite{Path: path.Clean(p), Call: name, Phase: ctx.phase, Pos: w.f.pos(n)})
	}
}

// pyConst folds a string or path expression built only from constants:
// literals (f-strings whose every part folds), +, os.path.join,
// pathlib.Path(...) and its / operator, tempfile.gettempdir() ("/tmp" on
// Lambda), and names assigned once (in the function, else at module
// level) to such a value.
func (w *pyWalker) pyConst(n *pyNode, ctx pyCtx, depth int) (string, bool) {
	if n == nil || depth > 8 {
		return "", false
	}
	switch n.Kind {
	case "string":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Kind {
			case "string_content", "escape_sequence":
				b.WriteString(w.f.text(c))
			case "interpolation":
				s, ok := w.pyConst(c.field("expression"), ctx, depth+1)
				if !ok {
					return "", false
				}
				b.WriteString(s)
			}
		}
		return b.String(), true
	case "concatenated_string":
		var b strings.Builder
		for _, c := range n.named() {
			s, ok := w.pyConst(c, ctx, depth+1)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case "parenthesized_expression":
		if inner := n.named(); len(inner) == 1 {
			return w.pyConst(inner[0], ctx, depth+1)
		}
	case "binary_operator":
		x, ok := w.pyConst(n.field("left"), ctx, depth+1)
		if !ok {
			return "", false
		}
		y, ok := w.pyConst(n.field("right"), ctx, depth+1)
		if !ok {
			return "", false
		}
		switch w.f.text(n.field("operator")) {
		case "+":
			return x + y, true
		case "/":
			return path.Join(x, y), true
		}
	case "call":
		callee := w.f.dotted(n.field("function"))
		args := n.field("arguments")
		if args == nil {
			return "", false
		}
		var parts []string
		for _, a := range args.named() {
			s, ok := w.pyConst(a, ctx, depth+1)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		last := callee[strings.LastIndex(callee, ".")+1:]
		switch {
		case last == "gettempdir" && len(parts) == 0:
			return "/tmp", true
		case (strings.HasSuffix(callee, "path.join") || last == "Path" || last == "PurePath" || last == "PosixPath") && len(parts) > 0:
			return path.Join(parts...), true
		case (callee == "str" || callee == "os.fspath") && len(parts) == 1:
			return parts[0], true
		}
	case "identifier":
		name := w.f.text(n)
		if ctx.scope != nil {
			if v, ok := ctx.scope.values[name]; ok {
				return w.pyConst(v, pyCtx{phase: ctx.phase, scope: ctx.scope}, depth+1)
			}
			if ctx.scope.locals[name] {
				return "", false // a parameter, or assigned more than once
			}
		}
		if v, ok := w.moduleValues()[name]; ok {
			return w.pyConst(v, pyCtx{phase: Init}, depth+1)
		}
	}
	return "", false
}

// moduleValues are the module-level names assigned exactly once, with
// their values.
func (w *pyWalker) moduleValues() map[string]*pyNode {
	if w.modValues != nil {
		return w.modValues
	}
	w.modValues = map[string]*pyNode{}
	count := map[string]int{}
	for _, s := range w.f.root.named() {
		if s.Kind != "expression_statement" {
			continue
		}
		for _, c := range s.named() {
			if c.Kind != "assignment" && c.Kind != "augmented_assignment" {
				continue
			}
			left := c.field("left")
			if left == nil || left.Kind != "identifier" {
				continue
			}
			name := w.f.text(left)
			count[name]++
			if c.Kind == "assignment" && c.field("right") != nil {
				w.modValues[name] = c.field("right")
			}
		}
	}
	for name, n := range count {
		if n != 1 {
			delete(w.modValues, name)
		}
	}
	return w.modValues
}
