package handlercode

import (
	"fmt"
	"path"
	"strings"
)

// pyNode is a node of a Python syntax tree, copied out of the parser.
type pyNode struct {
	Kind     string
	Field    string // the field name in its parent ("name", "body"), if any
	Named    bool
	Start    int
	End      int
	Line     int
	Children []*pyNode
}

// field returns the first child in the field.
func (n *pyNode) field(name string) *pyNode {
	for _, c := range n.Children {
		if c.Field == name {
			return c
		}
	}
	return nil
}

// named returns the named children.
func (n *pyNode) named() []*pyNode {
	var out []*pyNode
	for _, c := range n.Children {
		if c.Named && c.Kind != "comment" {
			out = append(out, c)
		}
	}
	return out
}

func (n *pyNode) has(kind string) bool {
	for _, c := range n.Children {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

// walk visits n and its descendants; fn returns false to skip children.
func (n *pyNode) walk(fn func(*pyNode) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range n.Children {
		c.walk(fn)
	}
}

type pyResult struct {
	file *pyFile
	err  error
}

// pyFile is a parsed Python module.
type pyFile struct {
	name string
	src  []byte
	root *pyNode
	// aliases maps a name bound by an import to its dotted origin
	// ("b3" -> "boto3", "client" -> "boto3.client").
	aliases map[string]string
	// defs are the module-level functions by name.
	defs map[string]*pyNode
	// names are every module-level binding; open: a star import or
	// globals() may bind names not written here.
	names map[string]*pyNode
	open  bool
	// decorated are the functions under a decorator: the runtime calls
	// what the decorator returns.
	decorated map[*pyNode]bool
}

func (f *pyFile) text(n *pyNode) string {
	if n == nil || n.Start < 0 || n.End > len(f.src) || n.Start > n.End {
		return ""
	}
	return string(f.src[n.Start:n.End])
}

func (f *pyFile) pos(n *pyNode) Pos { return Pos{File: f.name, Line: n.Line} }

func newPyFile(name string, src []byte, root *pyNode) *pyFile {
	f := &pyFile{name: name, src: src, root: root, aliases: map[string]string{}, defs: map[string]*pyNode{}, names: map[string]*pyNode{}, decorated: map[*pyNode]bool{}}
	var module func(stmts []*pyNode)
	module = func(stmts []*pyNode) {
		for _, s := range stmts {
			switch s.Kind {
			case "function_definition":
				f.def(s)
			case "decorated_definition":
				if d := s.field("definition"); d != nil {
					if d.Kind == "function_definition" {
						f.def(d)
						f.decorated[d] = true
					} else if n := d.field("name"); n != nil {
						f.names[f.text(n)] = d
					}
				}
			case "class_definition":
				if n := s.field("name"); n != nil {
					f.names[f.text(n)] = s
				}
			case "import_statement", "import_from_statement":
				f.imports(s)
			case "expression_statement":
				for _, c := range s.named() {
					if c.Kind == "assignment" || c.Kind == "augmented_assignment" {
						f.assigned(c.field("left"), c)
					}
				}
			case "if_statement", "try_statement", "with_statement", "block", "else_clause", "elif_clause", "except_clause", "finally_clause":
				module(s.named()) // definitions under if/try at module level still bind
			case "global_statement":
			}
		}
	}
	module(root.named())
	// globals()["x"] = ... or setattr on the module bind names unseen.
	root.walk(func(n *pyNode) bool {
		if n.Kind == "call" {
			switch f.text(n.field("function")) {
			case "globals", "setattr", "exec", "__getattr__":
				f.open = true
			}
		}
		if n.Kind == "function_definition" && f.text(n.field("name")) == "__getattr__" {
			f.open = true
		}
		return true
	})
	return f
}

func (f *pyFile) def(d *pyNode) {
	if n := d.field("name"); n != nil {
		f.defs[f.text(n)] = d
		f.names[f.text(n)] = d
	}
}

func (f *pyFile) assigned(left, stmt *pyNode) {
	if left == nil {
		return
	}
	switch left.Kind {
	case "identifier":
		f.names[f.text(left)] = stmt
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list":
		for _, c := range left.named() {
			f.assigned(c, stmt)
		}
	}
}

func (f *pyFile) imports(s *pyNode) {
	module := ""
	if m := s.field("module_name"); m != nil {
		module = f.text(m)
	}
	if s.has("wildcard_import") {
		f.open = true
	}
	for _, c := range s.Children {
		if c.Field != "name" {
			continue
		}
		var full, bound string
		switch c.Kind {
		case "dotted_name":
			full = f.text(c)
			bound = strings.Split(full, ".")[0]
			if module == "" {
				f.aliases[bound] = bound
			}
		case "aliased_import":
			full = f.text(c.field("name"))
			bound = f.text(c.field("alias"))
			if module == "" {
				f.aliases[bound] = full
			}
		}
		if module != "" {
			f.aliases[bound] = strings.TrimLeft(module, ".") + "." + full
		}
		if bound != "" {
			f.names[bound] = s
		}
	}
}

// dotted renders a callee as a dotted name with import aliases resolved
// ("b3.client" -> "boto3.client"), or "".
func (f *pyFile) dotted(n *pyNode) string {
	switch n.Kind {
	case "identifier":
		s := f.text(n)
		if a, ok := f.aliases[s]; ok {
			return a
		}
		return s
	case "attribute":
		x := f.dotted(n.field("object"))
		if x == "" {
			return ""
		}
		return x + "." + f.text(n.field("attribute"))
	case "call":
		// boto3.session.Session().client(...)
		return f.dotted(n.field("function"))
	}
	return ""
}

func (r *Reader) parsePy(name string) *pyResult {
	if res, ok := r.py[name]; ok {
		return res
	}
	res := &pyResult{}
	r.py[name] = res
	data, err := r.source(name)
	if err != nil {
		res.err = err
		return res
	}
	root, err := parsePython(data)
	if err != nil {
		res.err = err
		return res
	}
	res.file = newPyFile(name, data, root)
	return res
}

// python resolves the handler as the Python runtime does
// (awslambdaric's bootstrap: handler.rsplit(".", 1), then
// importlib.import_module of the module with "/" read as "."), and reads
// its facts.
func (r *Reader) python(handler string) *Facts {
	facts := &Facts{Language: Python, Handler: handler}
	i := strings.LastIndex(handler, ".")
	if i <= 0 || i == len(handler)-1 {
		facts.Missing = &Missing{What: "file", Detail: fmt.Sprintf("the handler %q is not module.function (Runtime.MalformedHandlerName)", handler)}
		return facts
	}
	modname, fname := handler[:i], handler[i+1:]
	facts.Export = fname
	stem := strings.ReplaceAll(strings.ReplaceAll(modname, "/", "."), ".", "/")
	file := ""
	for _, cand := range []string{stem + ".py", stem + "/__init__.py"} {
		if r.files.IsFile(cand) {
			file = cand
			break
		}
	}
	if file == "" {
		if r.files.IsFile(stem+".pyc") || r.files.IsDir(stem) {
			facts.File = stem
			facts.NotInspected = append(facts.NotInspected, Skipped{File: stem, Reason: "a compiled module or a namespace package, not Python source"})
			return facts
		}
		facts.Missing = &Missing{What: "file", Detail: fmt.Sprintf("the asset has no %s.py nor %s/__init__.py", stem, stem)}
		return facts
	}
	facts.File = file
	res := r.parsePy(file)
	if res.err != nil {
		facts.NotInspected = append(facts.NotInspected, Skipped{File: file, Reason: res.err.Error()})
		return facts
	}
	facts.Files = len(r.py)
	f := res.file
	def, ok := f.defs[fname]
	if !ok {
		if _, bound := f.names[fname]; !bound && !f.open {
			facts.Missing = &Missing{What: "export", Detail: fmt.Sprintf("%s defines no %s at module level", path.Base(file), fname)}
		}
		pyFacts(f, nil, facts, r.deadline)
		return facts
	}
	facts.Func = pyFunction(f, def)
	if f.decorated[def] {
		facts.Func.ParamsKnown = false
		facts.Func.Wrapper = "a decorator"
	}
	pyFacts(f, def, facts, r.deadline)
	return facts
}

// pyFunction describes a function definition.
func pyFunction(f *pyFile, def *pyNode) *Function {
	fn := &Function{Pos: f.pos(def), ParamsKnown: true, Async: def.has("async")}
	if params := def.field("parameters"); params != nil {
		for _, p := range params.named() {
			switch p.Kind {
			case "identifier", "typed_parameter":
				if p.Kind == "typed_parameter" && (p.has("list_splat_pattern") || p.has("dictionary_splat_pattern")) {
					fn.ParamsKnown = false
					continue
				}
				fn.Params++
			case "list_splat_pattern", "dictionary_splat_pattern":
				fn.ParamsKnown = false
			}
		}
	}
	return fn
}
