package audit

import (
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

func TestEnvSizeCountsUnknownValuesAsEmpty(t *testing.T) {
	f := &Function{Env: map[string]string{"B": "<&>", "A": "é"}, EnvUnknown: []string{"C"}}
	// {"A":"é","B":"<&>","C":""}: no HTML escaping, é is two bytes.
	if got, want := envSize(f), len(`{"A":"é","B":"<&>","C":""}`); got != want {
		t.Errorf("envSize = %d, want %d", got, want)
	}
}

func TestDeclaredDurationPricesTheFunction(t *testing.T) {
	st, err := assembly.ParseTemplate("S", []byte(`{"Resources": {
	  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs24.x", "Architectures": ["arm64"], "MemorySize": 1024},
	         "Metadata": {"lambdaperf": {"expectedDurationMs": 250}}}
	}}`), assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := st.Functions[0].ExpectedDurationMs; !d.Known() || d.V != 250 {
		t.Fatalf("expected duration %+v, want 250", d)
	}
	rep := Run(&Model{Stacks: []*Stack{st}}, Options{})
	for _, f := range rep.Findings {
		if f.Rule == "cost-per-million" && !strings.Contains(f.Message, "250 ms each (declared)") {
			t.Errorf("cost estimate ignores the declared duration: %s", f.Message)
		}
	}
}

func TestStackRegion(t *testing.T) {
	for env, want := range map[string]string{"aws://111111111111/eu-west-1": "eu-west-1", "aws://unknown-account/unknown-region": "", "": ""} {
		if got := stackRegion(&Stack{Environment: env}); got != want {
			t.Errorf("stackRegion(%q) = %q, want %q", env, got, want)
		}
	}
}
