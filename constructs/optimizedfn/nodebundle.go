package optimizedfn

import (
	"path/filepath"
	"strings"
)

// esmRequireBanner gives ESM bundles a `require` for the CommonJS
// dependencies esbuild cannot convert.
const esmRequireBanner = "import{createRequire}from'module';const require=createRequire(import.meta.url);"

// resolveNodeBundle applies the Node.js bundle defaults (SplitESM, the SDK
// bundled) and refuses bundle options on other runtimes.
func resolveNodeBundle(p *Plan, props *Props, kind Kind, fail func(string, ...any)) {
	p.Format = props.Format
	switch p.Format {
	case "":
		p.Format = SplitESM
	case CommonJS, ESM, SplitESM:
	default:
		fail("Format %q is not a bundle format: use optimizedfn.SplitESM, optimizedfn.ESM or optimizedfn.CommonJS", p.Format)
	}
	p.SDK = props.SDK
	switch p.SDK {
	case "":
		p.SDK = SDKBundled
	case SDKBundled, SDKFromRuntime:
	default:
		fail("SDK %q is not an SDK source: use optimizedfn.SDKBundled or optimizedfn.SDKFromRuntime", p.SDK)
	}
	p.SourceMap = props.SourceMap
	if kind != KindNode && (props.SourceMap || props.Format != "" || props.SDK != "") {
		fail("SourceMap, Format and SDK apply to Node.js bundles, but Entry %q is a %s handler: leave them unset", props.Entry, kind)
	}
	if kind != KindNode {
		p.Format, p.SDK = "", ""
	}
}

// NodeEntryFile is the file a Node.js bundle of this format starts at:
// index.js for CommonJS, index.mjs for ESM and SplitESM.
func NodeEntryFile(f Format) string {
	if f == CommonJS {
		return "index.js"
	}
	return "index.mjs"
}

// esbuildArgs are the arguments of the playbook's esbuild run into
// outDir: one minified, tree-shaken bundle for the runtime's Node.js
// version (plus chunks for lazily imported modules with SplitESM),
// ESM-first package entry points so tree shaking has something to shake,
// `@aws-sdk/*` bundled unless left to the runtime, no source map unless
// asked. The same flags NodejsFunction passes for CommonJS and ESM.
func esbuildArgs(p *Plan, outDir string) []string {
	args := []string{
		p.Entry, "--bundle", "--platform=node", "--target=" + p.EsbuildTarget,
		"--minify", "--main-fields=module,main", "--log-level=warning",
	}
	switch p.Format {
	case CommonJS:
		args = append(args, "--format=cjs", "--outfile="+filepath.Join(outDir, NodeEntryFile(p.Format)))
	case ESM:
		args = append(args, "--format=esm", "--outfile="+filepath.Join(outDir, NodeEntryFile(p.Format)), "--banner:js="+esmRequireBanner)
	case SplitESM:
		// Chunks are named by content hash, so the same sources give the
		// same files (and asset hash) on every machine.
		args = append(args, "--format=esm", "--splitting", "--outdir="+outDir, "--entry-names=index",
			"--chunk-names=[name]-[hash]", "--out-extension:.js=.mjs", "--banner:js="+esmRequireBanner)
	}
	if p.SDK == SDKFromRuntime {
		args = append(args, "--external:@aws-sdk/*")
	}
	if p.SourceMap {
		args = append(args, "--sourcemap", "--sources-content=false")
	}
	return args
}

// nodeHandler is the handler setting for a bundle: index.<export>.
func nodeHandler(p *Plan) string {
	return strings.TrimSuffix(NodeEntryFile(p.Format), filepath.Ext(NodeEntryFile(p.Format))) + "." + p.Handler
}
