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
	escape := t.TempDir()
	jsonFile(t, filepath.Join(escape, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"Evil": map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": "../../etc/passwd"}}}})
	badManifest := t.TempDir()
	testfiles.Write(t, filepath.Join(badManifest, "manifest.json"), "{")
	tests := []struct{ name, path, want string }{
		{"a missing path", filepath.Join(t.TempDir(), "cdk.out"), "no such file or directory"},
		{"a folder without templates", t.TempDir(), "holds no CloudFormation templates"},
		{"a manifest that is not JSON", badManifest, "manifest.json is not valid JSON"},
		{"a template file outside the assembly", escape, "is outside the assembly"},
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
	m, err := ReadAssembly(filepath.Join(dir, "cdk.out"))
	if err != nil {
		t.Fatal(err)
	}
	if f := m.Stacks[0].Functions[0]; f.AssetPath != "" || f.Asset != nil {
		t.Errorf("asset %q outside the assembly was read", f.AssetPath)
	}
}
