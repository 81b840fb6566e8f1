package api

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Undocumented lists the exported identifiers of the public packages under
// root (as Exported walks them) that have no doc comment, as
// file:line: folder.Name. A struct field counts as documented by a comment
// above it or at the end of its line; a constant or variable in a
// parenthesized group (types too), by its own comment or the group's.
func Undocumented(root string) ([]string, error) {
	var out []string
	err := walkPublic(root, func(rel string, fset *token.FileSet, f *ast.File) {
		miss := func(pos token.Pos, names ...string) {
			p := fset.Position(pos)
			file, _ := filepath.Rel(root, p.Filename)
			out = append(out, fmt.Sprintf("%s:%d: %s.%s", filepath.ToSlash(file), p.Line, rel, strings.Join(names, ".")))
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || d.Doc != nil {
					continue
				}
				if d.Recv == nil {
					miss(d.Pos(), d.Name.Name)
				} else if recv := receiverType(d.Recv.List[0].Type); ast.IsExported(recv) {
					miss(d.Pos(), recv, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.ValueSpec:
						documented := s.Doc != nil || s.Comment != nil || d.Doc != nil
						for _, n := range s.Names {
							if n.IsExported() && !documented {
								miss(n.Pos(), n.Name)
							}
						}
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						if s.Doc == nil && s.Comment == nil && d.Doc == nil {
							miss(s.Pos(), s.Name.Name)
						}
						for _, m := range undocumentedMembers(s.Type) {
							miss(m.Pos(), s.Name.Name, m.Name)
						}
					}
				}
			}
		}
	})
	sort.Strings(out)
	return out, err
}

// undocumentedMembers are the exported fields of a struct (and methods of
// an interface) without a comment above them or at the end of their line.
func undocumentedMembers(typ ast.Expr) []*ast.Ident {
	var out []*ast.Ident
	for _, f := range fieldList(typ) {
		if f.Doc != nil || f.Comment != nil {
			continue
		}
		for _, n := range f.Names {
			if n.IsExported() {
				out = append(out, n)
			}
		}
	}
	return out
}

// TestEveryExportedIdentifierIsDocumented: go doc shows every exported
// identifier of the public packages with a comment that says what it is,
// struct fields of resolved plans included.
func TestEveryExportedIdentifierIsDocumented(t *testing.T) {
	missing, err := Undocumented(repoDir(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Errorf("%s has no doc comment", m)
	}
}
