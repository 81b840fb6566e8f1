package optimizedfn

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/handlercode"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// refuseAtSynth stops synthesis for what only the built function shows:
// an environment token that resolves to a Secrets Manager dynamic
// reference, a Handler the bundle does not export, and a bundle whose
// handler nodejs24.x would refuse.
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
	if msg := f.handlerCode(); msg != "" {
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

// handlerCode reads the staged Node.js bundle (parsed, never loaded or
// run: package handlercode) and describes what would fail every
// invocation: a Handler the bundle does not export, or a callback-style
// handler on nodejs24.x and later. It returns "" when the bundle is fine or
// could not be read (no staged folder yet).
func (f *Function) handlerCode() string {
	p := f.plan
	if p.Kind != KindNode {
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
	facts := handlercode.NewReader(handlercode.Dir(dir), handlercode.Limits{}).Handler("index."+p.Handler, string(p.Runtime))
	switch {
	case facts == nil:
		return ""
	case facts.Missing != nil && facts.Missing.What == "export":
		return handlerNotExported(p.Handler, p.Entry, facts.Missing.Detail)
	case lambda.CallbacksRemoved(string(p.Runtime)) && facts.Func.Callback():
		return fmt.Sprintf("Entry %s exports %s with %d parameters (event, context, callback): %s no longer runs callback-style handlers, so every invocation would fail; make it async and return the result (export const %s = async (event, context) => ...), or set Runtime: NodeJS22 until it is rewritten", p.Entry, p.Handler, facts.Func.Params, p.Runtime, p.Handler)
	}
	return ""
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

// handlerNotExported is the refusal of a Handler the entry does not export.
func handlerNotExported(handler, entry, detail string) string {
	return fmt.Sprintf("Handler %q names no export of the bundle built from Entry %s (%s), so every invocation would fail with Runtime.HandlerNotFound; set Handler to the name the entry exports, or export a function named %s from Entry", handler, entry, detail, handler)
}

// jsEntryLacksExport reads a JavaScript entry (.js, .mjs, .cjs; parsed,
// never loaded) and says why it does not export handler, or "" when it
// does, may, or is TypeScript (checked in the bundle once built).
func jsEntryLacksExport(entry, handler string) string {
	ext := filepath.Ext(entry)
	switch ext {
	case ".js", ".mjs", ".cjs":
	default:
		return ""
	}
	facts := handlercode.NewReader(handlercode.Dir(filepath.Dir(entry)), handlercode.Limits{}).NodeModule(filepath.Base(entry), handler, string(NodeJS24))
	if facts == nil || facts.Missing == nil || facts.Missing.What != "export" {
		return ""
	}
	return facts.Missing.Detail
}
