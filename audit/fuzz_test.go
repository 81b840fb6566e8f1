package audit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// FuzzParseTemplate feeds templates of any shape through the reader and
// every rule: whatever the JSON holds, the audit reports or skips, and
// never panics. The seeds are the rule fixtures plus odd shapes.
func FuzzParseTemplate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "rules", "*", "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, seed := range []string{
		`{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Architectures": "arm64", "Layers": {"Ref": "L"}, "Environment": [], "MemorySize": true, "SnapStart": "on", "EphemeralStorage": 1, "LoggingConfig": {"LogGroup": {"Fn::Join": []}}}}}}`,
		`{"Resources": {"A": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Fn::GetAtt": "F"}, "FunctionVersion": {"Fn::GetAtt": ["V"]}, "ProvisionedConcurrencyConfig": 5, "RoutingConfig": {"AdditionalVersionWeights": {}}}}}}`,
		`{"Resources": {"S": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ScalableDimension": "lambda:function:ProvisionedConcurrency", "ResourceId": {"Fn::Join": ["", []]}, "MinCapacity": "x"}}}}`,
		`{"Resources": {"S": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ScalableDimension": "lambda:function:ProvisionedConcurrency", "ResourceId": {"Fn::Sub": ["function:${F}:${Q}", {}]}}}}}`,
		`{"Resources": {"L": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/${F}"}}}, "F": {"Type": "AWS::Lambda::Function", "Metadata": {"lambdaperf": {"suppress": [1, {"id": 2}]}}}}}`,
		`{"Resources": {"X": 1, "Y": {"Type": 3}}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := assembly.ParseTemplate("F", data, assembly.TemplateOptions{})
		if err != nil {
			return
		}
		Run(&Model{Stacks: []*Stack{st}}, Options{})
	})
}
