package audit

import (
	"fmt"
	"strings"
)

var ruleNodeNotMinified = &Rule{
	ID:       "node-not-minified",
	Severity: Warning,
	Summary:  "a Node.js bundle that is not minified",
	Source:   "https://aws.amazon.com/blogs/compute/optimizing-node-js-dependencies-in-aws-lambda/ (bundle and minify with esbuild: less code to load and parse at cold start)",
	Fix:      "Bundle with esbuild and minify (lambdaperf's optimizedfn does by default).",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if f.Asset == nil || !strings.HasPrefix(f.RuntimeName(), "nodejs") {
				continue
			}
			var worst *JSFile
			for i, js := range f.Asset.JS {
				// With the handler read, only its own file: a folder shared
				// by several functions holds the others' files too.
				if f.Code != nil && f.Code.File != "" && js.Path != f.Code.File {
					continue
				}
				if !js.Minified && (worst == nil || js.Bytes > worst.Bytes) {
					worst = &f.Asset.JS[i]
				}
			}
			if worst == nil {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s ships %s unminified (%s, %d characters a line on average).", name(f.Resource), worst.Path, mib(worst.Bytes), worst.AvgLineLen),
				"Bundle with esbuild and minify: CDK NodejsFunction Bundling{Minify: true} (lambdaperf's optimizedfn does it by default).")
		}
	},
}
