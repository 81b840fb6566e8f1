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

// GoBuildFlags are the flags of the lean `bootstrap` build: no debug
// symbols or DWARF (-s -w) and no RPC shim that provided.al2023 never uses
// (lambda.norpc), and no machine paths or VCS stamps (-trimpath,
// -buildvcs=false) so the same sources build the same bytes anywhere.
var GoBuildFlags = []string{"-trimpath", "-buildvcs=false", "-tags", "lambda.norpc", "-ldflags", "-s -w"}

// goBundler builds a Go main package into `bootstrap` on this machine. It
// implements awscdk.ILocalBundling so CDK never reaches for Docker.
type goBundler struct {
	path       string // construct path, for messages
	moduleRoot string
	pkg        string // relative to moduleRoot, e.g. ./cmd/api
	goarch     string
	failure    *bundleFailure
}

// TryBundle runs `go build` into outputDir. A failed build leaves the
// compiler's output, with its file:line locations, in b.failure, which
// stops synthesis once CDK returns (never a panic inside this jsii
// callback).
func (b *goBundler) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	out, err := b.build(filepath.Join(*outputDir, "bootstrap"))
	if err != nil {
		return b.failure.fail(*outputDir, toolError(b.path, fmt.Sprintf("go build %s (GOARCH=%s)", entryName(filepath.Join(b.moduleRoot, b.pkg)), b.goarch), err, b.moduleRoot, out))
	}
	return jsii.Bool(true)
}

func (b *goBundler) build(output string) ([]byte, error) {
	args := append([]string{"build"}, GoBuildFlags...)
	args = append(args, "-o", output, b.pkg)
	cmd := exec.Command("go", args...)
	cmd.Dir = b.moduleRoot
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+b.goarch, "CGO_ENABLED=0")
	return cmd.CombinedOutput()
}

// goarch maps a Lambda architecture to GOARCH.
func goarch(a Architecture) string {
	if a == X86_64 {
		return "amd64"
	}
	return "arm64"
}

// goCode returns the function code for a Go plan: the package folder as the
// asset source, bundled locally, hashed by its output. Hashing the built
// binary covers everything the build depends on (go.mod, go.sum, every
// compiled package, the Go version), and -trimpath keeps it independent of
// where the repository lives.
func goCode(p *Plan, failure *bundleFailure) awslambda.Code {
	b := &goBundler{path: p.Path, moduleRoot: p.GoModuleRoot, pkg: p.GoPackage, goarch: goarch(p.Architecture), failure: failure}
	return awslambda.Code_FromAsset(jsii.String(p.Entry), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_OUTPUT,
		Bundling: &awscdk.BundlingOptions{
			// Never pulled: Local always bundles or fails with the build error.
			Image: awscdk.DockerImage_FromRegistry(jsii.String("lambdaperf/local-bundling-only")),
			Local: b,
			// Part of CDK's in-process bundling cache key: without it two
			// functions built from one package for two architectures
			// would share one binary.
			Environment: &map[string]*string{
				"GOOS": jsii.String("linux"), "GOARCH": jsii.String(b.goarch), "CGO_ENABLED": jsii.String("0"),
			},
		},
	})
}

// GoSourceMetadata is the construct metadata type under which a Go
// function records its build, on its AWS::Lambda::Function node, for
// `lambdaperf invoke|load|serve --cross-arch rebuild` (localinvoke reads the
// same type from the cloud assembly's manifest): the module folder, the
// main package, GOARCH and GoBuildFlags. It stays out of the template.
const GoSourceMetadata = "lambdaperf:go-source"

// recordGoSource writes a Go function's GoSourceMetadata on its resource.
func recordGoSource(res awscdk.CfnResource, p *Plan) {
	res.Node().AddMetadata(jsii.String(GoSourceMetadata), map[string]any{
		"moduleRoot": p.GoModuleRoot, "package": p.GoPackage, "goarch": goarch(p.Architecture), "flags": GoBuildFlags,
	}, nil)
}
