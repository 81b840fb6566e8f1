package snapshot

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

func TestDiffShowsChangesWithContext(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10"
	b := "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10"
	want := " 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n"
	if got := Diff(a, b); got != want {
		t.Errorf("Diff:\n%s\nwant:\n%s", got, want)
	}
	if got := Diff(a, a); got != "" {
		t.Errorf("Diff of equal texts = %q, want empty", got)
	}
	far := Diff("a\n1\n2\n3\n4\n5\n6\n7\n8\nb", "A\n1\n2\n3\n4\n5\n6\n7\n8\nB")
	if strings.Count(far, "@@") != 1 {
		t.Errorf("two distant changes want two hunks separated by @@:\n%s", far)
	}
}

func TestNormalize(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	tpl := map[string]any{
		"Parameters": map[string]any{"BootstrapVersion": map[string]any{}},
		"Rules":      map[string]any{"CheckBootstrapVersion": map[string]any{}},
		"Resources": map[string]any{
			"CDKMetadata": map[string]any{"Type": "AWS::CDK::Metadata"},
			"FnCurrentVersion1A2B3C4D" + strings.Repeat("0f", 16): map[string]any{"Type": "AWS::Lambda::Version"},
			"Fn": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
				"Code": map[string]any{"S3Key": hash + ".zip"}},
				"Metadata": map[string]any{"aws:cdk:path": "S/Fn/Resource", "aws:asset:path": "asset." + hash}},
			"Topic": map[string]any{"Type": "AWS::SNS::Topic", "Metadata": map[string]any{"aws:cdk:path": "S/Topic/Resource"}},
		},
	}
	got := Normalize(tpl)
	if _, ok := got["Parameters"]; ok {
		t.Error("BootstrapVersion parameter kept")
	}
	if _, ok := got["Rules"]; ok {
		t.Error("CheckBootstrapVersion rule kept")
	}
	res := got["Resources"].(map[string]any)
	if _, ok := res["CDKMetadata"]; ok {
		t.Error("CDKMetadata kept")
	}
	if _, ok := res["FnCurrentVersion1A2B3C4D"]; !ok {
		t.Errorf("CurrentVersion hash suffix not dropped: %v", keys(res))
	}
	if key := props(res["Fn"].(map[string]any))["Code"].(map[string]any)["S3Key"]; key != "<asset-hash>.zip" {
		t.Errorf("S3Key = %v, want <asset-hash>.zip", key)
	}
	if meta := res["Fn"].(map[string]any)["Metadata"]; fmt.Sprint(meta) != "map[aws:asset:path:asset.<asset-hash>]" {
		t.Errorf("Fn metadata = %v, want the construct path dropped and the asset path kept", meta)
	}
	if _, ok := res["Topic"].(map[string]any)["Metadata"]; ok {
		t.Error("Metadata left empty after dropping aws:cdk:path: want it removed")
	}
	if _, ok := tpl["Parameters"]; !ok {
		t.Error("Normalize modified its input")
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func props(resource map[string]any) map[string]any {
	p, _ := resource["Properties"].(map[string]any)
	return p
}
