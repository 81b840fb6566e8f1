package optimizedfn

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdanodejs"
	"github.com/aws/jsii-runtime-go"
)

// esmRequireBanner gives ESM bundles a `require` for the CommonJS
// dependencies esbuild cannot convert.
const esmRequireBanner = "import{createRequire}from'module';const require=createRequire(import.meta.url);"

// nodeBundling is the esbuild configuration of the playbook: one minified,
// tree-shaken file for the runtime's Node.js version, `@aws-sdk/*` left to
// the SDK the runtime ships (smaller bundle, nothing to keep patched), no
// source map unless asked, ESM-first package entry points so tree shaking
// has something to shake.
func nodeBundling(p *Plan) *awslambdanodejs.BundlingOptions {
	b := &awslambdanodejs.BundlingOptions{
		Minify:              jsii.Bool(true),
		SourceMap:           jsii.Bool(p.SourceMap),
		Target:              jsii.String(p.EsbuildTarget),
		ExternalModules:     jsii.Strings("@aws-sdk/*"),
		MainFields:          jsii.Strings("module", "main"),
		ForceDockerBundling: jsii.Bool(false),
		LogLevel:            awslambdanodejs.LogLevel_WARNING,
		Format:              awslambdanodejs.OutputFormat_CJS,
	}
	if p.SourceMap {
		b.SourceMapMode = awslambdanodejs.SourceMapMode_DEFAULT
		b.SourcesContent = jsii.Bool(false)
	}
	if p.Format == ESM {
		b.Format = awslambdanodejs.OutputFormat_ESM
		b.Banner = jsii.String(esmRequireBanner)
	}
	return b
}

func nodeProjectRoot(p *Plan) string { return filepath.Dir(p.LockFile) }
