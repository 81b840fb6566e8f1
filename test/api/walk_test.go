package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// walkPublic parses the non-test Go files of the public packages under
// root (the packages Exported lists) and hands each to visit with its
// folder.
func walkPublic(root string, visit func(rel string, fset *token.FileSet, f *ast.File)) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		name := d.Name()
		if rel != "." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "internal" || name == "cdk.out" || exists(filepath.Join(path, "go.mod"))) {
			return filepath.SkipDir
		}
		files, err := filepath.Glob(filepath.Join(path, "*.go"))
		if err != nil {
			return err
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			if f.Name.Name != "main" {
				visit(filepath.ToSlash(rel), fset, f)
			}
		}
		return nil
	})
}

// TestOneWarningType: soft problems have one type, internal/problems'
// Warning; a public package may alias it (type Warning = problems.Warning)
// but not declare a Warning of its own.
func TestOneWarningType(t *testing.T) {
	err := walkPublic(repoDir(t), func(rel string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.TypeSpec); ok && s.Name.Name == "Warning" && !s.Assign.IsValid() {
				t.Errorf("%s: package %s declares a Warning type of its own: alias problems.Warning instead (type Warning = problems.Warning)", fset.Position(s.Pos()), rel)
			}
			return true
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// module is the module path, whose packages' constants are followed.
const module = "github.com/lambdaperf/lambdaperf"

// TestConstantsShowTheirValues: go doc shows a constant as written, so an
// exported constant written as another constant (sources.VisibilityFactor
// = lambda.SQSVisibilityFactor) hides its value. Write the value (a
// literal, or an expression of literals and time units) and tie it to the
// constant it follows with a test in its package. Aliases of enumerations
// (iota) are exempt: their number means nothing.
func TestConstantsShowTheirValues(t *testing.T) {
	root := repoDir(t)
	// enums holds folder.Name of every constant of an iota group.
	enums := map[string]bool{}
	type ref struct {
		pos             token.Position
		name, dir, what string
		target          string // folder.Name
	}
	var refs []ref
	err := walkPublic(root, func(rel string, fset *token.FileSet, f *ast.File) {
		imports := map[string]string{} // local name -> module folder
		for _, im := range f.Imports {
			path := strings.Trim(im.Path.Value, `"`)
			dir, ok := strings.CutPrefix(path, module+"/")
			if !ok {
				continue
			}
			name := filepath.Base(dir)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = dir
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			iota := false
			for _, spec := range g.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					ast.Inspect(v, func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
							iota = true
						}
						return true
					})
				}
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if iota {
						enums[rel+"."+n.Name] = true
					}
					if !n.IsExported() || i >= len(vs.Values) {
						continue
					}
					switch v := vs.Values[i].(type) {
					case *ast.Ident:
						if v.Name != "iota" && v.Name != "true" && v.Name != "false" {
							refs = append(refs, ref{fset.Position(n.Pos()), n.Name, rel, v.Name, rel + "." + v.Name})
						}
					case *ast.SelectorExpr:
						if x, ok := v.X.(*ast.Ident); ok && imports[x.Name] != "" {
							refs = append(refs, ref{fset.Position(n.Pos()), n.Name, rel, x.Name + "." + v.Sel.Name, imports[x.Name] + "." + v.Sel.Name})
						}
					}
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if enums[r.target] {
			continue
		}
		file, _ := filepath.Rel(root, r.pos.Filename)
		t.Errorf("%s:%d: %s.%s = %s: go doc hides the value; write it, and test that it equals %s", file, r.pos.Line, r.dir, r.name, r.what, r.what)
	}
}
