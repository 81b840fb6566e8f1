package audit

import (
	"fmt"
	"strings"
)

// sdkBundleMeasurement is lambdaperf's make bench of 2026-12-03
// (BenchmarkNodeColdStart, medians of 41 paired runs; docs/benchmarks.md).
const sdkBundleMeasurement = "measured on lambdaperf's reference handlers, a minified, tree-shaken bundle that includes the SDK loads in 0.72-0.78x the time of the same handler with @aws-sdk left to the runtime's node_modules"

// ruleNodeBundlesSDK agrees with optimizedfn's default (SDKBundled): a
// minified, tree-shaken bundle that carries the SDK loads faster than one
// that leaves it to the runtime; what is slow is the SDK as node_modules
// files, resolved and read one by one, or a bundle of it left unminified.
var ruleNodeBundlesSDK = &Rule{
	ID:       "node-bundles-aws-sdk",
	Severity: Warning,
	Summary:  "a Node.js package that carries the AWS SDK unbundled (node_modules/@aws-sdk) or in an unminified bundle",
	Source:   "https://aws.amazon.com/blogs/developer/reduce-lambda-cold-start-times-migrate-to-aws-sdk-for-javascript-v3/ (bundle the SDK, barebones clients and commands); lambdaperf make bench (BenchmarkNodeColdStart): " + sdkBundleMeasurement,
	Fix:      "Bundle the handler with the SDK in it, minified and tree-shaken (optimizedfn's default), importing barebones clients and commands.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if f.Asset == nil || f.Asset.BundledSDK == "" || !strings.HasPrefix(f.RuntimeName(), "nodejs") {
				continue
			}
			if f.Asset.BundledSDK == "node_modules/@aws-sdk" {
				c.report(f.Resource,
					fmt.Sprintf("%s ships the AWS SDK for JavaScript as node_modules/@aws-sdk: Node.js resolves and reads it file by file at every cold start (%s).", name(f.Resource), sdkBundleMeasurement),
					"Bundle the handler with the SDK in it (esbuild --bundle --minify, --main-fields=module,main; optimizedfn's default), or mark @aws-sdk/* external to use the runtime's copy.")
				continue
			}
			for _, js := range f.Asset.JS {
				if js.BundlesSDK && !js.Minified {
					c.report(f.Resource,
						fmt.Sprintf("%s carries the AWS SDK for JavaScript in %s, which is not minified (%d characters a line): all of it is parsed at cold start (%s).", name(f.Resource), js.Path, js.AvgLineLen, sdkBundleMeasurement),
						"Minify the bundle (esbuild --minify, CDK NodejsFunction Bundling{Minify: true}) and import barebones clients and commands so tree shaking drops the rest.")
					break
				}
			}
		}
	},
}
