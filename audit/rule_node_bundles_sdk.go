package audit

import (
	"fmt"
	"strings"
)

var ruleNodeBundlesSDK = &Rule{
	ID:       "node-bundles-aws-sdk",
	Severity: Warning,
	Summary:  "a Node.js package that carries the AWS SDK the runtime already provides",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (the Node.js runtimes include the AWS SDK for JavaScript v3); playbook: keep @aws-sdk external",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if f.Asset == nil || f.Asset.BundledSDK == "" || !strings.HasPrefix(f.RuntimeName(), "nodejs") {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s packages the AWS SDK for JavaScript (found in %s): the runtime already has it, and the copy adds hundreds of KB to load at every cold start.", name(f.Resource), f.Asset.BundledSDK),
				"Mark @aws-sdk/* external in the bundler (CDK NodejsFunction Bundling{ExternalModules: [\"@aws-sdk/*\"]}, its default on Node.js 18+), or pin the SDK deliberately and suppress with the reason.")
		}
	},
}
