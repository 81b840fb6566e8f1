package assembly

import (
	"strings"
	"testing"
)

func TestQualifierOfAProvisionedConcurrencyResourceId(t *testing.T) {
	tests := []struct {
		name    string
		rid     any
		want    string
		unknown bool
	}{
		{"a literal with an alias", "function:orders:live", "live", false},
		{"a literal without a qualifier", "function:orders", "", false},
		{"CDK's alias scaling target", map[string]any{"Fn::Join": []any{"", []any{"function:", map[string]any{"Fn::Select": []any{6.0, map[string]any{"Fn::Split": []any{":", map[string]any{"Ref": "FnAliaslive"}}}}}, ":live"}}}, "live", false},
		{"a Fn::Sub naming the function", map[string]any{"Fn::Sub": "function:${Fn}:$LATEST"}, "$LATEST", false},
		{"a join without a qualifier", map[string]any{"Fn::Join": []any{"", []any{"function:", map[string]any{"Ref": "Fn"}}}}, "", false},
		{"a qualifier from a version attribute", map[string]any{"Fn::Join": []any{":", []any{"function", map[string]any{"Ref": "Fn"}, map[string]any{"Fn::GetAtt": []any{"V", "Version"}}}}}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := qualifierOf(tt.rid)
			if got.Unknown != tt.unknown || (!tt.unknown && got.V != tt.want) {
				t.Errorf("qualifierOf = %+v, want %q (unknown %v)", got, tt.want, tt.unknown)
			}
		})
	}
}

func TestTemplateLinksAliasesVersionsAndScaling(t *testing.T) {
	st, err := ParseTemplate("S", []byte(`{"Resources": {
	  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "MemorySize": "512", "Architectures": ["arm64"],
	         "Environment": {"Variables": {"A": "1", "T": {"Ref": "Table"}}}}},
	  "V": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
	  "Live": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Fn"}, "Name": "live",
	           "FunctionVersion": {"Fn::GetAtt": ["V", "Version"]},
	           "RoutingConfig": {"AdditionalVersionWeights": [{"FunctionVersion": "1", "FunctionWeight": 0.1}]}}},
	  "Scale": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ScalableDimension": "lambda:function:ProvisionedConcurrency",
	            "ResourceId": {"Fn::Sub": "function:${Fn}:live"}, "MinCapacity": 2, "MaxCapacity": {"Ref": "Max"}}},
	  "Other": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ScalableDimension": "dynamodb:table:ReadCapacityUnits"}}
	}}`), TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Functions) != 1 || len(st.Versions) != 1 || len(st.Aliases) != 1 || len(st.ScalableTargets) != 1 {
		t.Fatalf("read %d functions, %d versions, %d aliases, %d Lambda scalable targets; want 1 each",
			len(st.Functions), len(st.Versions), len(st.Aliases), len(st.ScalableTargets))
	}
	f, a, s := st.Functions[0], st.Aliases[0], st.ScalableTargets[0]
	if m, ok := f.Memory(); !ok || m != 512 {
		t.Errorf("MemorySize \"512\" read as %d (known %v)", m, ok)
	}
	if f.Env["A"] != "1" || len(f.EnvUnknown) != 1 || f.EnvUnknown[0] != "T" {
		t.Errorf("environment %v, unknown %v", f.Env, f.EnvUnknown)
	}
	if a.Function != f || a.Version != st.Versions[0] || a.Version.Function != f || !a.Weighted {
		t.Errorf("alias not linked: function %v version %v weighted %v", a.Function, a.Version, a.Weighted)
	}
	if s.Alias != a || !s.Min.Known() || s.Min.V != 2 || !s.Max.Unknown {
		t.Errorf("scalable target %+v", s)
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, tt := range []struct{ name, json, want string }{
		{"not JSON", `{"Resources": `, "is not CloudFormation JSON"},
		{"no Resources", `{"version": "48.0.0"}`, "has no Resources section"},
		{"Resources is a list", `{"Resources": []}`, "Resources is missing or not an object"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTemplate("T", []byte(tt.json), TemplateOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestFrameworkHandlersAreRecognized(t *testing.T) {
	tests := []struct {
		name, path, logicalID string
		opts                  TemplateOptions
		want                  bool
	}{
		{"CDK's log retention handler by path", "App/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource", "X", TemplateOptions{}, true},
		{"a custom resource provider by path", "App/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler", "X", TemplateOptions{}, true},
		{"a marked path from the manifest", "App/Tools/Handler/Resource", "X", TemplateOptions{FrameworkPaths: []string{"/App/Tools"}}, true},
		{"AwsCustomResource by logical id", "", "AWS679f53fac002430cb0da5b7982bd2287A1B2C3D4", TemplateOptions{}, true},
		{"a user's function", "App/Api/Function/Resource", "ApiFunction", TemplateOptions{FrameworkPaths: []string{"/App/Tools"}}, false},
		{"a user's function named like a prefix of a marked path", "App/ToolsApi/Resource", "X", TemplateOptions{FrameworkPaths: []string{"/App/Tools"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.opts.isFramework(tt.path, tt.logicalID); got != tt.want {
				t.Errorf("isFramework = %v, want %v", got, tt.want)
			}
		})
	}
}
