package assembly

import "testing"

func TestReaderReadsTheDeclaredLoad(t *testing.T) {
	st, err := ParseTemplate("S", []byte(`{"Resources": {
  "Api": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs22.x"},
    "Metadata": {"lambdaperf": {"expectedDurationMs": 80, "expectedRequestsPerSecond": 250.5, "expectedCpuShare": 0.2}}},
  "Quiet": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs22.x"},
    "Metadata": {"lambdaperf": {"expectedRequestsPerSecond": {"Ref": "Rate"}}}},
  "Plain": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs22.x"}}
}}`), TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Function{}
	for _, f := range st.Functions {
		by[f.LogicalID] = f
	}
	if f := by["Api"]; f.ExpectedRequestsPerSecond != KnownValue(250.5) || f.ExpectedCPUShare != KnownValue(0.2) || f.ExpectedDurationMs != KnownValue(80) {
		t.Errorf("Api declares %+v req/s, %+v on CPU, %+v ms", f.ExpectedRequestsPerSecond, f.ExpectedCPUShare, f.ExpectedDurationMs)
	}
	if f := by["Quiet"]; !f.ExpectedRequestsPerSecond.Unknown {
		t.Errorf("an intrinsic rate reads as %+v, want unknown", f.ExpectedRequestsPerSecond)
	}
	if f := by["Plain"]; f.ExpectedRequestsPerSecond.Set || f.ExpectedCPUShare.Set {
		t.Errorf("no metadata reads as %+v / %+v", f.ExpectedRequestsPerSecond, f.ExpectedCPUShare)
	}
}
