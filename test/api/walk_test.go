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
