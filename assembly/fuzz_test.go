package assembly

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// The fuzz targets of the readers: whatever the bytes, the reader returns
// a model or an error, never panics, reads nothing outside the assembly
// and stays within its caps. `make fuzz-short` runs each for a few
// seconds; the seeds run with every go test.

// FuzzReadAssembly writes a manifest, a template and an asset manifest
// into an assembly folder beside another assembly (Leak) that nothing may
// read, and reads it.
func FuzzReadAssembly(f *testing.F) {
	man := func(v any) []byte { b, _ := json.Marshal(v); return b }
	tpl := man(map[string]any{"Resources": map[string]any{"Fn": map[string]any{"Type": "AWS::Lambda::Function",
		"Properties": map[string]any{"MemorySize": "lots", "Code": map[string]any{"S3Bucket": "b", "S3Key": "k.zip"}}}}})
	assets := man(map[string]any{"files": map[string]any{"h": map[string]any{"source": map[string]any{"path": "asset.h"},
		"destinations": map[string]any{"d": map[string]any{"objectKey": "k.zip"}}}}})
	for _, m := range []any{
		stackManifest("S"),
		map[string]any{"artifacts": map[string]any{"S": map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": "../leak/Leak.template.json"}}}},
		map[string]any{"artifacts": map[string]any{"N": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "../leak"}}}},
		map[string]any{"artifacts": map[string]any{"N": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "."}}}},
		map[string]any{"artifacts": map[string]any{"S": map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": "S.template.json"},
			"additionalMetadataFile": "../leak/manifest.json", "metadata": map[string]any{"/S": []any{map[string]any{"type": "aws:cdk:is-custom-resource-handler-x"}}}}}},
	} {
		f.Add(man(m), tpl, assets)
	}
	f.Add([]byte(`{"artifacts": {`), []byte(`{"Resources": []}`), []byte(`{"files": 1}`))
	f.Add([]byte(`{"artifacts": {"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "/etc/passwd"}}}}`), []byte(strings.Repeat("[", 10001)), []byte(`[]`))
	f.Fuzz(func(t *testing.T, manifestJSON, templateJSON, assetsJSON []byte) {
		base := t.TempDir()
		leak := filepath.Join(base, "leak")
		os.MkdirAll(leak, 0o755)
		os.WriteFile(filepath.Join(leak, "manifest.json"), man(stackManifest("Leak")), 0o644)
		os.WriteFile(filepath.Join(leak, "Leak.template.json"), man(map[string]any{"Resources": map[string]any{"Leaked": map[string]any{"Type": "AWS::Lambda::Function"}}}), 0o644)
		dir := filepath.Join(base, "cdk.out")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "manifest.json"), manifestJSON, 0o644)
		os.WriteFile(filepath.Join(dir, "S.template.json"), templateJSON, 0o644)
		os.WriteFile(filepath.Join(dir, "S.assets.json"), assetsJSON, 0o644)
		m, err := ReadAssembly(dir)
		if err != nil {
			return
		}
		for _, st := range m.Stacks {
			if rel, err := filepath.Rel(dir, st.TemplateFile); err != nil || !filepath.IsLocal(rel) {
				t.Fatalf("stack %s was read from %s, outside the assembly", st.Name, st.TemplateFile)
			}
			for _, fn := range st.Functions {
				if fn.LogicalID == "Leaked" {
					t.Fatal("a function of the assembly beside it was read")
				}
			}
		}
	})
}

// FuzzParseTemplate reads templates of any shape: every malformed
// property belongs to a resource of the template.
func FuzzParseTemplate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "audit", "testdata", "rules", "*", "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, seed := range []string{
		`{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": "lots", "Timeout": [1], "Environment": {"Variables": {"A": {"B": 1}}}}}}}`,
		`{"Resources": {"S": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ScheduledActions": [1, {"ScalableTargetAction": []}]}}}}`,
		`{"Resources": {"D": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody": "{\"widgets\": [{\"properties\": {\"metrics\": [[\"a\", \"b\"], [\"...\", \"...\"], [\"...\", \"...\"]]}}]}"}}}}`,
		`{"Resources": {"X": 1, "Y": {"Type": 3}, "Z": {"Type": "T", "Properties": []}}} {}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := ParseTemplate("S", data, TemplateOptions{})
		if err != nil {
			return
		}
		var top, resources map[string]json.RawMessage
		if json.Unmarshal(data, &top) != nil || json.Unmarshal(top["Resources"], &resources) != nil {
			t.Fatal("a template whose Resources is no JSON object was read")
		}
		for _, m := range st.Malformed {
			if _, ok := resources[m.LogicalID]; !ok {
				t.Fatalf("malformed %+v names no resource of the template", m)
			}
		}
	})
}

// FuzzIntrinsics feeds any JSON value to the intrinsic-function readers:
// they never panic, and agree on what a plain Ref or GetAtt references.
func FuzzIntrinsics(f *testing.F) {
	for _, seed := range []string{
		`{"Ref": "Fn"}`, `{"Fn::GetAtt": ["Fn", "Arn"]}`, `{"Fn::GetAtt": "Fn.Arn"}`, `{"Ref": "AWS::Region"}`,
		`{"Fn::Join": ["", ["function:", {"Ref": "Fn"}, ":live"]]}`, `{"Fn::Sub": "function:${Fn}:${Alias.Name}"}`,
		`{"Fn::Sub": ["${A}-${!B}", {"A": 1}]}`, `{"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "arm64"]}`,
		`{"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}`, `{"Fn::Join": [",", {"Ref": "L"}]}`, `"128"`, `1e300`, `[[[{"Ref": "X"}]]]`,
	} {
		f.Add([]byte(seed))
	}
	mappings := map[string]any{"M": map[string]any{"eu-west-1": map[string]any{"arm64": "arn:a", "x86_64": "arn:b"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		id, _, ok := RefTarget(v)
		refs := refsIn(v)
		if ok && !slices.Equal(refs, []string{id}) {
			t.Fatalf("RefTarget says %q, refsIn %q", id, refs)
		}
		literalParts(v)
		qualifierOf(v)
		mapCandidates(mappings, v)
		toInt(v)
		toString(v)
		functionOf(v, map[string]any{"Fn": map[string]any{"Type": typeFunction}})
		assume(v, "C", true)
		for _, s := range []shape{wholeNumber, scalar, list, object} {
			fits(v, s)
		}
	})
}

// zipSeeds are archives for the asset fuzz targets: a package, a bomb, an
// entry that declares more than it holds, and names that climb out.
func zipSeeds() [][]byte {
	return [][]byte{
		testfiles.Zip([2]string{"index.mjs", "export const handler = async () => 1;\n//# sourceMappingURL=data:x"}, [2]string{"lib/a.js.map", "{}"},
			[2]string{"node_modules/@aws-sdk/client/index.js", "x"}, [2]string{"bootstrap", "\x7fELF"}),
		testfiles.OverlappingZip(3, 1<<10),
		testfiles.DeclaringZip("index.js", []byte("x"), 1<<40),
		testfiles.Zip([2]string{"../../x.js", "x"}, [2]string{"/abs.py", "import multiprocessing"}, [2]string{"a/", ""}),
	}
}

// FuzzInspectZip inspects any bytes as a .zip asset: within Lambda's
// limit, or refused.
func FuzzInspectZip(f *testing.F) {
	for _, z := range zipSeeds() {
		f.Add(z)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "asset.zip")
		os.WriteFile(p, data, 0o644)
		a, err := InspectAsset(p)
		if err == nil && (a.Bytes > lambda.MaxUnzippedBytes || a.Files > maxAssetEntries) {
			t.Fatalf("an asset of %d files, %d bytes was read", a.Files, a.Bytes)
		}
	})
}

// FuzzInspectFolder unpacks any zip that untrusted.Unzip accepts into a
// folder and inspects the folder.
func FuzzInspectFolder(f *testing.F) {
	for _, z := range zipSeeds() {
		f.Add(z)
	}
	lim := untrusted.Limits{Entries: 100, EntryBytes: 1 << 20, TotalBytes: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := filepath.Join(t.TempDir(), "in.zip")
		os.WriteFile(src, data, 0o644)
		dir := t.TempDir()
		if untrusted.Unzip(src, dir, lim) != nil {
			return
		}
		a, err := InspectAsset(dir)
		if err == nil && a.Files > lim.Entries {
			t.Fatalf("%d files read from a folder of at most %d entries", a.Files, lim.Entries)
		}
	})
}
