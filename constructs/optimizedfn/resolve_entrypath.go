package optimizedfn

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// kindInfo is how messages name a kind of handler and the Entry it takes.
type kindInfo struct {
	kind  Kind
	name  string // as people write it: Node.js, .NET
	entry string // what Entry points at
	files string // what marks a folder entry as this kind
}

// nodeExtensions are the handler files esbuild bundles for Node.js.
var nodeExtensions = []string{".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"}

// handlerKinds are the kinds of handler the construct builds, in the order
// messages list them. Every message that names a kind or lists the
// entries the construct takes derives from this table.
var handlerKinds = []kindInfo{
	{KindNode, "Node.js", "a Node.js handler file (" + orList(nodeExtensions) + ")", ""},
	{KindGo, "Go", "a Go main package folder (in a module with go.mod)", ".go files"},
	{KindPython, "Python", "a Python module folder (dependencies vendored into it)", ".py files"},
	{KindJava, "Java", "a Java source folder (a source root or a project with src/main/java)", ".java files"},
	{KindDotnet, ".NET", "a .NET `dotnet publish` output folder", "a *.runtimeconfig.json"},
}

// String is the kind's name as people write it (Node.js, Go, Python, Java,
// .NET), for messages.
func (k Kind) String() string {
	for _, i := range handlerKinds {
		if i.kind == k {
			return i.name
		}
	}
	return string(k)
}

// entry is what Entry points at for the kind.
func (k Kind) entry() string {
	for _, i := range handlerKinds {
		if i.kind == k {
			return i.entry
		}
	}
	return string(k)
}

// entryKinds lists what Entry may point at, one kind after another.
func entryKinds() string {
	var entries []string
	for _, i := range handlerKinds {
		entries = append(entries, i.entry)
	}
	return orList(entries)
}

// folderKinds names the kinds whose Entry is a folder: "Go, Python, ...".
func folderKinds() string {
	var names []string
	for _, i := range handlerKinds {
		if i.kind != KindNode {
			names = append(names, i.name)
		}
	}
	return orList(names)
}

// noHandlerFolder says that a folder entry holds none of the files that
// mark a kind of handler.
func noHandlerFolder(entry string) string {
	var files, entries []string
	for _, i := range handlerKinds {
		if i.files != "" {
			files = append(files, i.files)
			entries = append(entries, i.entry)
		}
	}
	return fmt.Sprintf("Entry %q has no %s: point it at %s", entry, orList(files), orList(entries))
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// missingEntry says where an Entry was looked for: the absolute path tried
// and, for a relative Entry, the folder it was resolved against and how to
// anchor it to the source instead.
func missingEntry(entry, abs string) string {
	if filepath.IsAbs(entry) {
		return fmt.Sprintf("Entry %q does not exist: fix the path", entry)
	}
	wd, _ := os.Getwd()
	return fmt.Sprintf("Entry %q does not exist: looked for %s (relative to the working directory %s): fix the path, or write optimizedfn.SourceRelative(%q) to resolve it against the Go file that declares it", entry, abs, wd, entry)
}

// SourceRelative returns path resolved against the folder of the Go source
// file that calls it, so an Entry written next to the stack's code is
// found whatever the working directory: `cdk synth` at the project root,
// `go test` in any package. An absolute path is returned cleaned.
//
//	Entry: optimizedfn.SourceRelative("../handlers/checkout/index.ts"),
//
// It reads the caller's file name from runtime.Caller, which is the path
// the code was compiled from: call it in the file whose folder you mean
// (not in a helper in another package), and do not build with -trimpath,
// which leaves no folder to resolve against (SourceRelative panics then,
// saying so).
func SourceRelative(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	_, file, _, ok := runtime.Caller(1)
	if !ok || !filepath.IsAbs(file) {
		panic(fmt.Sprintf("optimizedfn.SourceRelative(%q): the calling source file is unknown (%q), as in a binary built with -trimpath: build without -trimpath or pass an absolute path", path, file))
	}
	return filepath.Join(filepath.Dir(file), path)
}

func setOf(items []string) map[string]bool {
	m := map[string]bool{}
	for _, i := range items {
		m[i] = true
	}
	return m
}
