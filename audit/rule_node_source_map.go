package audit

import (
	"fmt"
	"strings"
)

var ruleNodeSourceMap = &Rule{
	ID:       "node-source-map",
	Severity: Warning,
	Summary:  "a Node.js bundle that ships a source map, or enables source maps without shipping one",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/typescript-exceptions.html and https://nodejs.org/api/cli.html#--enable-source-maps (source maps are read only with NODE_OPTIONS=--enable-source-maps, at a cost on every stack trace)",
	Fix:      "Keep source maps and --enable-source-maps out of production bundles unless mapped stack traces are worth their cost, and then ship both together.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if f.Asset == nil || !strings.HasPrefix(f.RuntimeName(), "nodejs") {
				continue
			}
			a := f.Asset
			opts, optsKnown := f.Env["NODE_OPTIONS"]
			enabled := strings.Contains(opts, "--enable-source-maps")
			maps := append(append([]string{}, a.SourceMaps...), a.InlineSourceMaps...)
			switch {
			case len(maps) > 0 && enabled:
				c.report(f.Resource,
					fmt.Sprintf("%s ships source maps (%s) and turns them on with NODE_OPTIONS=--enable-source-maps: the package is larger and every error stack trace is mapped, which is slow.", name(f.Resource), first(maps)),
					"Drop source maps from production bundles (esbuild sourcemap off) and map stack traces offline, or keep them only where the debugging is worth the cost.")
			case len(maps) > 0 && (optsKnown || !contains(f.EnvUnknown, "NODE_OPTIONS")):
				c.report(f.Resource,
					fmt.Sprintf("%s ships source maps (%s) without NODE_OPTIONS=--enable-source-maps: Node.js never reads them, so they only make the package larger.", name(f.Resource), first(maps)),
					"Turn source maps off in the bundler (CDK NodejsFunction Bundling{SourceMap: false}); if you need mapped stack traces, accept their cost and set NODE_OPTIONS=--enable-source-maps.")
			case len(maps) == 0 && enabled:
				c.report(f.Resource,
					fmt.Sprintf("%s sets NODE_OPTIONS=--enable-source-maps but its package has no source map: the flag only slows error handling.", name(f.Resource)),
					"Remove --enable-source-maps from NODE_OPTIONS.")
			}
		}
	},
}

func first(list []string) string {
	if len(list) > 1 {
		return fmt.Sprintf("%s and %d more", list[0], len(list)-1)
	}
	return list[0]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
