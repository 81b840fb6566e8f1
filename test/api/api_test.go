// Package api guards lambdaperf's exported Go API for importers: every
// exported identifier of every public package is listed in
// testdata/exported.txt, and one that disappears fails the test unless
// CHANGELOG.md names it. Additions never fail: `go test ./test/api
// -update` records them.
package api

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/snapshot"
)

func init() { snapshot.DefineUpdateFlag() }

// repoDir is the module root, two folders above this file.
func repoDir(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository from runtime.Caller")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// Exported lists the exported identifiers of the module's public packages
// under root, one per line as folder.Name, folder.Type.Method or
// folder.Type.Field, sorted. Public packages are the non-main packages
// outside internal/, testdata/, node_modules/ and nested modules (their
// own go.mod: handlers, examples, tools); _test.go files do not count.
func Exported(root string) ([]string, error) {
	var out []string
	err := walkPublic(root, func(rel string, _ *token.FileSet, f *ast.File) {
		out = append(out, exportedIn(rel, f)...)
	})
	sort.Strings(out)
	return out, err
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func exportedIn(dir string, f *ast.File) []string {
	var out []string
	add := func(names ...string) { out = append(out, dir+"."+strings.Join(names, ".")) }
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			if d.Recv == nil {
				add(d.Name.Name)
			} else if recv := receiverType(d.Recv.List[0].Type); ast.IsExported(recv) {
				add(recv, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							add(n.Name)
						}
					}
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					add(s.Name.Name)
					for _, member := range members(s.Type) {
						add(s.Name.Name, member)
					}
				}
			}
		}
	}
	return out
}

// members are the exported fields of a struct or methods of an interface,
// embedded ones by their type's name.
func members(typ ast.Expr) []string {
	var out []string
	for _, f := range fieldList(typ) {
		if len(f.Names) == 0 {
			if n := receiverType(f.Type); ast.IsExported(n) {
				out = append(out, n)
			}
		}
		for _, n := range f.Names {
			if n.IsExported() {
				out = append(out, n.Name)
			}
		}
	}
	return out
}

// fieldList is the fields of a struct type or the methods of an interface
// type; nil for other types.
func fieldList(typ ast.Expr) []*ast.Field {
	switch t := typ.(type) {
	case *ast.StructType:
		return t.Fields.List
	case *ast.InterfaceType:
		return t.Methods.List
	}
	return nil
}

// receiverType is the name of a (possibly pointer, generic or qualified)
// type expression.
func receiverType(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return receiverType(t.X)
	case *ast.IndexExpr:
		return receiverType(t.X)
	case *ast.IndexListExpr:
		return receiverType(t.X)
	case *ast.SelectorExpr:
		return t.Sel.Name
	case *ast.Ident:
		return t.Name
	}
	return ""
}

// TestNoExportedIdentifierDisappearsSilently compares the exported API
// with testdata/exported.txt. A removed identifier fails unless
// CHANGELOG.md names it (as package.Name, e.g. `cdktest.Check`, or
// package.Type.Member); additions are only logged. -update rewrites the
// file, and refuses to while a removal is unexplained.
func TestNoExportedIdentifierDisappearsSilently(t *testing.T) {
	root := repoDir(t)
	current, err := Exported(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(current) < 100 {
		t.Fatalf("only %d exported identifiers found under %s: the walk is broken", len(current), root)
	}
	listed := filepath.Join("testdata", "exported.txt")
	b, err := os.ReadFile(listed)
	if err != nil && !snapshot.Updating() {
		t.Fatalf("%v (create it with: go test ./test/api -update)", err)
	}
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		t.Fatalf("CHANGELOG.md: %v", err)
	}
	var before []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if id := strings.TrimSpace(sc.Text()); id != "" {
			before = append(before, id)
		}
	}
	for _, id := range unexplained(before, current, changelog) {
		t.Errorf("%s is gone from the exported API, and CHANGELOG.md does not say so: add `%s` under Removed (or Changed) in its Unreleased section", id, short(id))
	}
	added := missing(current, before)
	switch {
	case snapshot.Updating() && !t.Failed():
		if err := os.WriteFile(listed, []byte(strings.Join(current, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	case len(added) > 0:
		t.Logf("%d new exported identifiers (record them with go test ./test/api -update): %s", len(added), strings.Join(added, ", "))
	}
}

// unexplained are the identifiers of before that current lacks and the
// changelog does not name: by themselves, or by their type (naming
// `audit.Alias` explains its fields and methods too).
func unexplained(before, current []string, changelog []byte) []string {
	var out []string
	for _, id := range missing(before, current) {
		name := short(id)
		parts := strings.SplitN(name, ".", 3)
		named := mentions(changelog, name)
		if len(parts) == 3 {
			named = named || mentions(changelog, parts[0]+"."+parts[1])
		}
		// A package that moved whole is named by its folder, in backticks
		// (`constructs/extensions/layercatalog`).
		if slash := strings.LastIndex(id, "/"); slash >= 0 {
			if dot := strings.Index(id[slash:], "."); dot > 0 {
				named = named || bytes.Contains(changelog, []byte("`"+id[:slash+dot]+"`"))
			}
		}
		if !named {
			out = append(out, id)
		}
	}
	return out
}

// mentions reports whether text names the identifier as a whole, not as
// the start of a longer one (cdktest.Check is not named by
// cdktest.CheckAll, nor optimizedfn.Props by optimizedfn.Props.Entry).
func mentions(text []byte, ident string) bool {
	return regexp.MustCompile(`(^|[^A-Za-z0-9_.])` + regexp.QuoteMeta(ident) + `($|[^A-Za-z0-9_.]|\.[^A-Za-z_])`).Match(text)
}

// missing are the items of a that b lacks.
func missing(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// short is an identifier as CHANGELOG.md names it: the package's name
// instead of its folder (constructs/optimizedfn.Props.Entry becomes
// optimizedfn.Props.Entry).
func short(id string) string {
	if i := strings.LastIndex(id[:strings.Index(id, ".")], "/"); i >= 0 {
		return id[i+1:]
	}
	return id
}

func TestRemovalsNeedAChangelogEntry(t *testing.T) {
	before := []string{"cdktest.Check", "cdktest.Template", "constructs/optimizedfn.Props", "constructs/optimizedfn.Props.Entry",
		"audit.Alias", "audit.Alias.Name", "audit.Options.Where", "snapshot.Golden"}
	current := []string{"cdktest.Template", "cdktest.Synth", "snapshot.Golden", "audit.Options"}
	changelog := []byte("## [Unreleased]\n### Removed\n- `optimizedfn.Props.Entry`: use Source.\n- `cdktest.CheckAll`.\n" +
		"### Changed\n- `audit.Alias` moved to assembly.\n- audit.Options.Where. Gone.\n")
	got := unexplained(before, current, changelog)
	if strings.Join(got, " ") != "cdktest.Check constructs/optimizedfn.Props" {
		t.Errorf("unexplained = %v, want cdktest.Check (CheckAll is another name) and optimizedfn.Props (a field does not name its type)", got)
	}
}

func TestExportedListsEveryKindOfIdentifier(t *testing.T) {
	dir := t.TempDir()
	src := `package shop

type Cart struct {
	Items []string
	hidden int
	Embedded
}
type Embedded struct{}
type Store interface{ Load() error }
type internalOnly struct{ Field int }

const Max, min = 10, 1

var Default = Cart{}

func New() *Cart { return nil }
func (c *Cart) Add(string) {}
func (c *Cart) drop() {}
func (internalOnly) Get() {}
`
	if err := os.MkdirAll(filepath.Join(dir, "shop"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shop", "shop.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Exported(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "shop.Cart shop.Cart.Add shop.Cart.Embedded shop.Cart.Items shop.Default shop.Embedded shop.Max shop.New shop.Store shop.Store.Load"
	if strings.Join(got, " ") != want {
		t.Errorf("Exported =\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}
