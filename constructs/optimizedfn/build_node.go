package optimizedfn

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// nodeBundler runs esbuild on this machine (the plan's Esbuild, with
// esbuildArgs). It implements awscdk.ILocalBundling so CDK never reaches
// for Docker. NodejsFunction cannot split code (it gives esbuild one
// --outfile), hence a bundler of our own for every format.
type nodeBundler struct {
	plan    *Plan
	failure *bundleFailure
}

// TryBundle runs esbuild into outputDir. A failed build leaves esbuild's
// output, with its file:line locations, in b.failure, which stops
// synthesis once CDK returns (never a panic inside this jsii callback).
// A SplitESM build then gives each import() of a CommonJS module its
// named exports (fixCJSImports, from esbuild's metafile).
func (b *nodeBundler) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	fail := func(format string, args ...any) *bool {
		return b.failure.fail(*outputDir, fmt.Errorf("%s: "+format, append([]any{problems.Prefix("optimizedfn", b.plan.Path)}, args...)...))
	}
	args := esbuildArgs(b.plan, *outputDir)
	var metafile string
	if b.plan.Format == SplitESM {
		// Outside the output folder: it is not part of the asset.
		dir, err := os.MkdirTemp("", "lambdaperf-esbuild-")
		if err != nil {
			return fail("%v", err)
		}
		defer os.RemoveAll(dir)
		metafile = filepath.Join(dir, "meta.json")
		args = append(args, "--metafile="+metafile)
	}
	cmd := exec.Command(b.plan.Esbuild, args...)
	cmd.Dir = nodeProjectRoot(b.plan)
	if out, err := cmd.CombinedOutput(); err != nil {
		return b.failure.fail(*outputDir, toolError(b.plan.Path, "esbuild "+entryName(b.plan.Entry), err, cmd.Dir, out))
	}
	if b.plan.Format == SplitESM {
		meta, err := os.ReadFile(metafile)
		if err != nil {
			return fail("%v", err)
		}
		if err := fixCJSImports(*outputDir, meta); err != nil {
			return fail("CommonJS interop in %s: %v", b.plan.Entry, err)
		}
		if err := stableChunkNames(*outputDir); err != nil {
			return fail("naming the chunks of %s: %v", b.plan.Entry, err)
		}
	}
	return jsii.Bool(true)
}

// nodeCode returns the function code for a Node.js plan: the project root
// as the asset source, bundled locally, hashed by its output (esbuild
// writes the same bytes for the same sources and lock file anywhere). A
// failed build is left in failure.
func nodeCode(p *Plan, failure *bundleFailure) awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(nodeProjectRoot(p)), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_OUTPUT,
		Bundling: &awscdk.BundlingOptions{
			// Never pulled: Local always bundles or fails with esbuild's error.
			Image: awscdk.DockerImage_FromRegistry(jsii.String("lambdaperf/local-bundling-only")),
			Local: &nodeBundler{plan: p, failure: failure},
			// Part of CDK's in-process bundling cache key: two functions of
			// one project with other entries or options must not share a bundle.
			Command: jsii.Strings(esbuildArgs(p, "/asset-output")...),
		},
	})
}

func nodeProjectRoot(p *Plan) string { return filepath.Dir(p.LockFile) }
