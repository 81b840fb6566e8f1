package assembly

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

func jsonFile(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	testfiles.Write(t, path, string(data))
}

// assemblyFunction is a minimal function resource with a construct path.
func assemblyFunction(path string) map[string]any {
	return map[string]any{"Type": "AWS::Lambda::Function",
		"Properties": map[string]any{"Runtime": "nodejs24.x", "Architectures": []any{"arm64"}, "MemorySize": 1024},
		"Metadata":   map[string]any{"aws:cdk:path": path}}
}

func TestReadAssembly(t *testing.T) {
	dir := t.TempDir()
	jsonFile(t, filepath.Join(dir, "manifest.json"), map[string]any{"version": "48.0.0", "artifacts": map[string]any{
		"Api": map[string]any{"type": "aws:cloudformation:stack", "environment": "aws://111111111111/eu-west-1",
			"properties": map[string]any{"templateFile": "Api.template.json"}, "additionalMetadataFile": "Api.metadata.json"},
		"Prod": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "assembly-Prod"}},
		"Tree": map[string]any{"type": "cdk:tree", "properties": map[string]any{"file": "tree.json"}},
	}})
	jsonFile(t, filepath.Join(dir, "Api.template.json"), map[string]any{"Resources": map[string]any{
		"Fn":      assemblyFunction("Api/Fn/Resource"),
		"Handler": assemblyFunction("Api/Tools/Handler/Resource"),
		"Inner":   map[string]any{"Type": "AWS::CloudFormation::Stack", "Properties": map[string]any{}},
	}})
	jsonFile(t, filepath.Join(dir, "Api.metadata.json"), map[string]any{
		"/Api/Tools": []any{map[string]any{"type": "aws:cdk:is-custom-resource-handler-singleton", "data": true}},
	})
	jsonFile(t, filepath.Join(dir, "ApiInnerNestedStackInnerNestedStackResource12345678.nested.template.json"), map[string]any{"Resources": map[string]any{
		"NestedFn": assemblyFunction("Api/Inner/NestedFn/Resource"),
	}})
	jsonFile(t, filepath.Join(dir, "assembly-Prod", "manifest.json"), map[string]any{"artifacts": map[string]any{
		"ProdApi": map[string]any{"type": "aws:cloudformation:stack", "displayName": "Prod/Api", "environment": "aws://unknown-account/unknown-region",
			"properties": map[string]any{"templateFile": "ProdApi.template.json"}},
	}})
	jsonFile(t, filepath.Join(dir, "assembly-Prod", "ProdApi.template.json"), map[string]any{"Resources": map[string]any{
		"Fn": assemblyFunction("Prod/Api/Fn/Resource"),
	}})

	m, err := ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range m.Stacks {
		names = append(names, st.Name)
	}
	if got, want := strings.Join(names, ","), "Api,Prod/Api,ApiInnerNestedStackInnerNestedStackResource12345678.nested"; got != want {
		t.Errorf("stacks %s, want %s", got, want)
	}
	api := m.Stacks[0]
	if api.Environment != "aws://111111111111/eu-west-1" || m.Stacks[1].Environment != "aws://unknown-account/unknown-region" {
		t.Errorf("environment %q; environment of an environment-agnostic stack %q", api.Environment, m.Stacks[1].Environment)
	}
	for _, f := range api.Functions {
		if want := f.LogicalID == "Handler"; f.Framework != want {
			t.Errorf("%s: framework %v, want %v (marked in Api.metadata.json)", f.LogicalID, f.Framework, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	badManifest := t.TempDir()
	testfiles.Write(t, filepath.Join(badManifest, "manifest.json"), "{")
	tests := []struct{ name, path, want string }{
		{"a missing path", filepath.Join(t.TempDir(), "cdk.out"), "no such file or directory"},
		{"a folder without templates", t.TempDir(), "holds no CloudFormation templates"},
		{"a manifest that is not JSON", badManifest, "manifest.json is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Read(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestAssetPathsStayInTheAssembly(t *testing.T) {
	dir := t.TempDir()
	testfiles.Write(t, filepath.Join(dir, "outside", "index.js"), "exports.handler=1\n")
	fn := assemblyFunction("S/Fn/Resource")
	fn["Metadata"].(map[string]any)["aws:asset:path"] = "../outside"
	jsonFile(t, filepath.Join(dir, "cdk.out", "S.template.json"), map[string]any{"Resources": map[string]any{"Fn": fn}})
	jsonFile(t, filepath.Join(dir, "cdk.out", "manifest.json"), stackManifest("S"))
	m, err := ReadAssembly(filepath.Join(dir, "cdk.out"))
	if err != nil {
		t.Fatal(err)
	}
	if f := m.Stacks[0].Functions[0]; f.AssetPath != "" || f.Asset != nil || !strings.Contains(f.AssetProblem, "outside the assembly folder") {
		t.Errorf("asset %q outside the assembly was read (problem %q)", f.AssetPath, f.AssetProblem)
	}
}

// app.synth() and `cdk synth --no-asset-metadata` write no aws:asset:path:
// the stack's asset manifest maps the Code.S3Key to the staged folder.
func TestAssetsFoundThroughTheAssetManifest(t *testing.T) {
	dir := t.TempDir()
	jsonFile(t, filepath.Join(dir, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"S":        map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": "S.template.json"}, "dependencies": []any{"S.assets"}},
		"S.assets": map[string]any{"type": "cdk:asset-manifest", "properties": map[string]any{"file": "S.assets.json"}},
	}})
	files := map[string]any{}
	for hash, src := range map[string]string{"aaa": "asset.aaa", "bbb": "/usr/share", "ccc": "asset.ccc.zip", "ddd": "asset.ddd"} {
		files[hash] = map[string]any{"source": map[string]any{"path": src, "packaging": "zip"},
			"destinations": map[string]any{"current_account-current_region": map[string]any{"bucketName": "b", "objectKey": hash + ".zip"}}}
	}
	jsonFile(t, filepath.Join(dir, "S.assets.json"), map[string]any{"version": "48.0.0", "files": files})
	testfiles.Write(t, filepath.Join(dir, "asset.aaa", "index.js"), "exports.handler=async()=>1\n")
	testfiles.Write(t, filepath.Join(dir, "asset.ccc.zip"), "PK\x03\x04 not a zip")
	resources := map[string]any{}
	for _, id := range []string{"aaa", "bbb", "ccc", "ddd", "eee"} {
		fn := assemblyFunction("S/" + id + "/Resource")
		fn["Properties"].(map[string]any)["Code"] = map[string]any{"S3Bucket": "b", "S3Key": id + ".zip"}
		resources[id] = fn
	}
	inline := assemblyFunction("S/inline/Resource")
	inline["Properties"].(map[string]any)["Code"] = map[string]any{"ZipFile": "exports.handler=1"}
	resources["inline"] = inline
	jsonFile(t, filepath.Join(dir, "S.template.json"), map[string]any{"Resources": resources})
	m, err := ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"aaa":    "",
		"bbb":    `code asset "/usr/share" (from the asset manifest) is outside the assembly folder; it was not read`,
		"ccc":    "not a folder nor a zip archive",
		"ddd":    `code asset "asset.ddd" is not in the assembly folder`,
		"eee":    "code in an S3 object that is not an asset of this assembly",
		"inline": "inline code (ZipFile)",
	}
	for _, f := range m.Stacks[0].Functions {
		ok, why := f.Inspected()
		if ok != (want[f.LogicalID] == "") || !strings.Contains(why, want[f.LogicalID]) {
			t.Errorf("%s: inspected %v (%q), want %q", f.LogicalID, ok, why, want[f.LogicalID])
		}
	}
}
