package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleNodeModuleMissing = &Rule{
	ID:       "node-module-missing",
	Severity: Error,
	Summary:  "a Node.js handler loads a module that neither its asset nor the runtime provides (aws-sdk v2 on nodejs18.x and later)",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included (Node.js 18 and later runtimes include the AWS SDK for JavaScript v3 only, not v2's aws-sdk; a module that cannot be found fails the init with Runtime.ImportModuleError on every invocation)",
	Fix:      "Bundle every module the handler loads into the asset (CDK NodejsFunction: keep it out of bundling.externalModules; a Function: ship it in node_modules), or provide it in a layer; on nodejs18.x and later, move from the SDK v2 (\"aws-sdk\") to the v3 clients the runtime includes.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			code := code(f)
			if code == nil || len(f.Layers) > 0 || f.LayersUnknown {
				continue // a layer can provide node_modules (/opt/nodejs)
			}
			for _, r := range code.Requires {
				if !r.Always || !r.Unresolved {
					continue
				}
				when := "at init, so every invocation fails with Runtime.ImportModuleError"
				if r.Phase != "init" {
					when = "at the top of the handler, so every invocation fails"
				}
				fix := fmt.Sprintf("Bundle %s into the asset (CDK NodejsFunction: drop it from bundling.externalModules; a Function: ship it in node_modules), or provide it in a layer.", r.Module)
				msg := fmt.Sprintf("%s (%s) of %s loads %q, which neither its code asset nor %s provides: it fails %s.", handlerFile(f), r.Pos, name(f.Resource), r.Module, f.RuntimeName(), when)
				if r.Module == "aws-sdk" && lambda.SDKv3Only(f.RuntimeName()) {
					msg = fmt.Sprintf("%s (%s) of %s loads the AWS SDK for JavaScript v2 (\"aws-sdk\"), which %s does not include (Node.js 18 and later runtimes include SDK v3 only) and the asset does not bundle: every invocation fails with Runtime.ImportModuleError.", handlerFile(f), r.Pos, name(f.Resource), f.RuntimeName())
					fix = "Move to the SDK v3 clients (import { S3Client } from \"@aws-sdk/client-s3\"), which the runtime includes; or bundle aws-sdk (CDK NodejsFunction: remove \"aws-sdk\" from bundling.externalModules), which costs cold-start time."
				}
				c.report(f.Resource, msg, fix)
				break // one module is enough to fail the init
			}
		}
	},
}
