package optimizedfn

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/lambdaperf/lambdaperf/internal/nodebin"
)

func execLookPath(name string) (string, error) { return exec.LookPath(name) }

// resolveToolchain checks up front that the local build tools exist, so a
// missing tool is a clear error instead of CDK falling back to Docker.
func resolveToolchain(p *Plan, fail func(string, ...any)) {
	switch p.Kind {
	case KindNode:
		resolveEsbuild(p, fail)
	case KindGo:
		if _, err := lookPath("go"); err != nil {
			fail("the Go toolchain (`go`) is not on PATH, and Go handlers are built locally: install Go 1.26+ and put it on PATH")
		}
	case KindJava:
		resolveJavac(p, fail)
	}
}

// resolveEsbuild finds esbuild as CDK's NodejsFunction does: in
// node_modules/.bin at or above the entry (the project's `npm ci`), then at
// or above the working directory, then on PATH. Plain `go test ./...` in a
// project whose package.json has esbuild needs no PATH change.
func resolveEsbuild(p *Plan, fail func(string, ...any)) {
	bin, err := findNodeBin("esbuild", p.Entry)
	if err == nil {
		p.Esbuild = bin
		return
	}
	project := filepath.Dir(p.Entry)
	if p.LockFile != "" {
		project = filepath.Dir(p.LockFile)
	}
	fail("%v, and Node.js bundling is local only (no Docker): run `npm install --save-dev --save-exact esbuild@%s` in %s (then `npm ci` installs it), or put esbuild on PATH",
		err, nodebin.EsbuildVersion, project)
}

// resolveGoPackage finds the module that holds the entry folder and checks
// that the folder is a main package.
func resolveGoPackage(p *Plan, entryArg string, fail func(string, ...any)) {
	goMod := findUp(p.Entry, "go.mod")
	if goMod == "" {
		fail("Entry %q is not inside a Go module: add a go.mod in it or a parent folder (`go mod init`)", entryArg)
		return
	}
	p.GoModuleRoot = filepath.Dir(goMod)
	rel, _ := filepath.Rel(p.GoModuleRoot, p.Entry)
	p.GoPackage = "./" + filepath.ToSlash(rel)

	files, _ := filepath.Glob(filepath.Join(p.Entry, "*.go"))
	var pkgs []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.PackageClauseOnly)
		if err != nil {
			fail("Entry %q: %s does not parse: %v", entryArg, filepath.Base(f), err)
			return
		}
		pkgs = append(pkgs, af.Name.Name)
	}
	if len(pkgs) == 0 {
		fail("%s", noHandlerFolder(entryArg))
		return
	}
	for _, name := range pkgs {
		if name != "main" {
			fail("Entry %q is package %s, not a main package: point Entry at the folder whose package main calls lambda.Start", entryArg, name)
			return
		}
	}
}
