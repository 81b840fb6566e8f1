package audit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lambdaperf/lambdaperf/lambda"
)

const connectionReuseVar = "AWS_NODEJS_CONNECTION_REUSE_ENABLED"

var ruleNodeConnectionReuse = &Rule{
	ID:       "node-connection-reuse-ignored",
	Severity: Warning,
	Summary:  "AWS_NODEJS_CONNECTION_REUSE_ENABLED on a Node.js runtime whose SDK v3 ignores it",
	Source:   "https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-reusing-connections.html (SDK v3 reuses connections by default; the variable is read by SDK v2 only); Node.js 18 and later runtimes include SDK v3 only",
	Fix:      "Remove AWS_NODEJS_CONNECTION_REUSE_ENABLED: SDK v3 reuses connections by default.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if _, set := f.Env[connectionReuseVar]; !set || !sdkV3Only(f.RuntimeName()) || f.Asset == nil {
				continue
			}
			if readsConnectionReuse(f.Asset) {
				continue // the package bundles SDK v2, which reads it
			}
			c.report(f.Resource,
				fmt.Sprintf("%s sets %s on %s: its AWS SDK for JavaScript v3 reuses connections by default and never reads the variable, and the package bundles no SDK v2 that would.", name(f.Resource), connectionReuseVar, f.RuntimeName()),
				"Remove the variable (CDK NodejsFunction: awsSdkConnectionReuse: false, or drop it from environment); it only makes readers think SDK v2 is in use.")
		}
	},
}

// sdkV3Only: Node.js 18 and later runtimes include only SDK v3.
func sdkV3Only(rt string) bool { return lambda.SDKv3Only(rt) }

// readsConnectionReuse reports whether any of the function's own
// JavaScript files mentions the variable (SDK v2 does), or the package
// ships SDK v2 in node_modules.
func readsConnectionReuse(a *CodeAsset) bool {
	if info, err := os.Stat(filepath.Join(a.Path, "node_modules", "aws-sdk")); err == nil && info.IsDir() {
		return true
	}
	for _, js := range a.JS {
		data, err := os.ReadFile(filepath.Join(a.Path, filepath.FromSlash(js.Path)))
		if err != nil {
			return true // a zip or an unreadable file: assume it might
		}
		if bytes.Contains(data, []byte(connectionReuseVar)) {
			return true
		}
	}
	return false
}
