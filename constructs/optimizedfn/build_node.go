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
)

// nodeBundler runs esbuild on this machine (the plan's Esbuild, with
// esbuildArgs). It implements awscdk.ILocalBundling so CDK never reaches
// for Docker. NodejsFunction cannot split code (it gives esbuild one
// --outfile), hence a bundler of our own for every format.
type nodeBundler struct{ plan *Plan }

// TryBundle runs esbuild into outputDir. A failed build panics with
// esbuild's output: jsii turns it into a synthesis error naming the asset.
// A SplitESM build then gives each import() of a CommonJS module its
// named exports (fixCJSImports, from esbuild's metafile).
func (b *nodeBundler) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	args := esbuildArgs(b.plan, *outputDir)
	var metafile string
	if b.plan.Format == SplitESM {
		// Outside the output folder: it is not part of the asset.
		dir, err := os.MkdirTemp("", "lambdaperf-esbuild-")
		if err != nil {
			panic(fmt.Errorf("optimizedfn %q: %v", b.plan.Path, err))
		}
		defer os.RemoveAll(dir)
		metafile = filepath.Join(dir, "meta.json")
		args = append(args, "--metafile="+metafile)
	}
	cmd := exec.Command(b.plan.Esbuild, args...)
	cmd.Dir = nodeProjectRoot(b.plan)
	if out, err := cmd.CombinedOutput(); err != nil {
		panic(fmt.Errorf("optimizedfn %q: esbuild %s failed: %v\n%s", b.plan.Path, b.plan.Entry, err, out))
	}
	if b.plan.Format == SplitESM {
		meta, err := os.ReadFile(metafile)
		if err != nil {
			panic(fmt.Errorf("optimizedfn %q: %v", b.plan.Path, err))
		}
		if err := fixCJSImports(*outputDir, meta); err != nil {
			panic(fmt.Errorf("optimizedfn %q: CommonJS interop in %s: %v", b.plan.Path, b.plan.Entry, err))
		}
		if err := stableChunkNames(*outputDir); err != nil {
			panic(fmt.Errorf("optimizedfn %q: naming the chunks of %s: %v", b.plan.Path, b.plan.Entry, err))
		}
	}
	return jsii.Bool(true)
}

// nodeCode returns the function code for a Node.js plan: the project root
// as the asset source, bundled locally, hashed by its output (esbuild
// writes the same bytes for the same sources and lock file anywhere).
func nodeCode(p *Plan) awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(nodeProjectRoot(p)), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_OUTPUT,
		Bundling: &awscdk.BundlingOptions{
			// Never pulled: Local always bundles or fails with esbuild's error.
			Image: awscdk.DockerImage_FromRegistry(jsii.String("lambdaperf/local-bundling-only")),
			Local: &nodeBundler{plan: p},
			// Part of CDK's in-process bundling cache key: two functions of
			// one project with other entries or options must not share a bundle.
			Command: jsii.Strings(esbuildArgs(p, "/asset-output")...),
		},
	})
}

func nodeProjectRoot(p *Plan) string { return filepath.Dir(p.LockFile) }
