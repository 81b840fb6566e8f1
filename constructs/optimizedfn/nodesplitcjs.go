package optimizedfn

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// WarnSplitCJSImport: a SplitESM bundle loads a CommonJS module with
// import(), which yields only its default export there (esbuild#3245).
const WarnSplitCJSImport = "lambdaperf:optimizedfn:split-cjs-import"

// cjsImport is one import() in a SplitESM bundle whose target esbuild
// read as CommonJS: esbuild puts that module in a chunk of its own that
// exports only `default` (module.exports), since ESM has no run-time named
// exports (https://github.com/evanw/esbuild/issues/3245). Node.js itself,
// and esbuild's CommonJS and unsplit ESM output, also give the named exports.
type cjsImport struct {
	Importer  string // input file with the import(), relative to the project root
	Specifier string // as written in the import()
	Module    string // the CommonJS file it resolved to
}

// splitCJSImports lists the import() calls of CommonJS modules in an
// esbuild metafile, sorted, one per importer and module. esbuild's own
// inputs (the runtime's helpers) and externals have no format and never match.
func splitCJSImports(metafile []byte) ([]cjsImport, error) {
	var meta struct {
		Inputs map[string]struct {
			Format  string `json:"format"`
			Imports []struct {
				Path     string `json:"path"`
				Kind     string `json:"kind"`
				Original string `json:"original"`
				External bool   `json:"external"`
			} `json:"imports"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal(metafile, &meta); err != nil {
		return nil, fmt.Errorf("reading esbuild's metafile: %v", err)
	}
	seen := map[cjsImport]bool{}
	var out []cjsImport
	for importer, in := range meta.Inputs {
		for _, imp := range in.Imports {
			if imp.Kind != "dynamic-import" || imp.External || meta.Inputs[imp.Path].Format != "cjs" {
				continue
			}
			c := cjsImport{Importer: importer, Specifier: imp.Original, Module: imp.Path}
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Importer < b.Importer || a.Importer == b.Importer && (a.Module < b.Module || a.Module == b.Module && a.Specifier < b.Specifier)
	})
	return out, nil
}

// splitCJSWarning is the warning of one such import() in the function at path.
// The bundle does not say whether the code reads `.default` (which works)
// or a named export (undefined at run time), so every such import warns.
func splitCJSWarning(path string, c cjsImport) Warning {
	return Warning{WarnSplitCJSImport, fmt.Sprintf(
		"optimizedfn %q: %s loads the CommonJS module %q (%s) with import(); under Format SplitESM (the default) that gives only its default export "+
			"(esbuild#3245), so a named export such as `const { x } = await import(%q)` is undefined at run time, although Node.js and "+
			"Format ESM or CommonJS provide it. Fix: read it as `(await import(%q)).default.x`, import it statically, or set Format: optimizedfn.ESM "+
			"or optimizedfn.CommonJS. lambdaperf cannot tell `.default` from a named export in the bundle: if the code reads only `.default`, acknowledge this warning.",
		path, c.Importer, c.Specifier, c.Module, c.Specifier, c.Specifier)}
}

// nodeBuilds holds what each SplitESM build found, by bundleKey: CDK
// bundles an asset once per process and reuses the output for every
// function with the same source and command, without calling TryBundle again.
var nodeBuilds sync.Map // bundleKey -> []cjsImport

// bundleKey says which builds CDK treats as one (nodeCode's Command and
// source folder).
func bundleKey(p *Plan) string {
	return nodeProjectRoot(p) + "\x00" + strings.Join(esbuildArgs(p, "/asset-output"), "\x00")
}

// bundleWarnings are the warnings of the function at p.Path from its
// bundle's build: none when CDK skipped bundling (a stack not selected).
func bundleWarnings(p *Plan) []Warning {
	found, _ := nodeBuilds.Load(bundleKey(p))
	imports, _ := found.([]cjsImport)
	var ws []Warning
	for _, c := range imports {
		ws = append(ws, splitCJSWarning(p.Path, c))
	}
	return ws
}
