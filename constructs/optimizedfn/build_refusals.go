package optimizedfn

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/nodehandler"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// refuseAtSynth stops synthesis for what only the built function shows:
// an environment token that resolves to a Secrets Manager dynamic
// reference, and a bundle whose handler nodejs24.x would refuse.
func (f *Function) refuseAtSynth() {
	probs := problems.New("optimizedfn", f.plan.Path)
	names := make([]string, 0, len(f.plan.Environment))
	for name := range f.plan.Environment {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if f.tokenHoldsSecretReference(f.plan.Environment[name]) {
			probs.Addf("Environment %s resolves to a Secrets Manager dynamic reference (SecretValue.unsafeUnwrap()): CloudFormation would write the secret into the function's configuration in plain text; %s", name, secretReferenceFix)
		}
	}
	if msg := f.callbackHandler(); msg != "" {
		probs.Addf("%s", msg)
	}
	if err := probs.Err(); err != nil {
		panic(err)
	}
}

// tokenHoldsSecretReference resolves an unresolved token (only those:
// literals are checked in Resolve) and looks for a secret reference.
func (f *Function) tokenHoldsSecretReference(value string) bool {
	if !problems.IsToken(value) {
		return false
	}
	resolved := awscdk.Stack_Of(f).Resolve(jsii.String(value))
	data, err := json.Marshal(resolved)
	return err == nil && lambda.HoldsSecretReference(string(data))
}

// callbackHandler loads the staged Node.js bundle (the AWS SDK stubbed)
// and describes why nodejs24.x and later would fail every invocation of a
// callback-style handler, or returns "". A bundle that cannot be loaded
// (init code that needs its cloud resources, no node) is not judged.
func (f *Function) callbackHandler() string {
	p := f.plan
	if p.Kind != KindNode || !nodehandler.NoCallbacks(string(p.Runtime)) {
		return ""
	}
	// Each jsii read once: every read is a round trip to the kernel.
	asset, ok := f.fn.Node().TryFindChild(jsii.String("Code")).(awss3assets.Asset)
	if !ok {
		return ""
	}
	assetPath := asset.AssetPath()
	if assetPath == nil {
		return ""
	}
	dir := *assetPath
	if !filepath.IsAbs(dir) {
		stage := awscdk.Stage_Of(f)
		if stage == nil {
			return ""
		}
		outdir := stage.Outdir()
		if outdir == nil {
			return ""
		}
		dir = filepath.Join(*outdir, dir)
	}
	env := map[string]string{}
	for k, v := range p.Environment {
		if !problems.IsToken(v) {
			env[k] = v
		}
	}
	h, err := nodehandler.Inspect(dir, "index."+p.Handler, env)
	if err != nil || !h.Callback() {
		return ""
	}
	return fmt.Sprintf("Entry %s exports %s with %d parameters (event, context, callback): %s no longer runs callback-style handlers, so every invocation would fail; make it async and return the result (export const %s = async (event, context) => ...), or set Runtime: NodeJS22 until it is rewritten", p.Entry, p.Handler, h.Params, p.Runtime, p.Handler)
}

// refuseSecretToken is AddEnvironment's check of a token value.
func (f *Function) refuseSecretToken(name, value string) error {
	if !f.tokenHoldsSecretReference(value) {
		return nil
	}
	probs := problems.New("optimizedfn", f.plan.Path)
	probs.Addf("AddEnvironment %s resolves to a Secrets Manager dynamic reference (SecretValue.unsafeUnwrap()): %s", name, secretReferenceFix)
	return probs.Err()
}
