package audit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// TestErrorRulesEvaluateFnIf hides every property of every firing fixture
// of every error rule behind Fn::If: the unconditional run cannot see the
// values, so the rule must still fire on a branch and name the condition.
func TestErrorRulesEvaluateFnIf(t *testing.T) {
	// Rules that judge files, not property values: no Fn::If hides them.
	fromFiles := map[string]bool{ruleTemplateUnreadable.ID: true, ruleCodeAssetOverLimit.ID: true}
	for _, rule := range Rules() {
		if rule.Severity != Error || rule.ID == suppressionRuleID || fromFiles[rule.ID] {
			continue
		}
		files, _ := filepath.Glob(filepath.Join("testdata", "rules", rule.ID, "fires-*.json"))
		if len(files) == 0 {
			t.Errorf("%s has no firing fixture", rule.ID)
		}
		for _, file := range files {
			fixture := strings.TrimSuffix(filepath.Base(file), ".json")
			if strings.Contains(fixture, "fn-if") {
				continue // already behind a condition: one condition is assumed at a time
			}
			t.Run(rule.ID+" "+fixture, func(t *testing.T) {
				dir := t.TempDir()
				copyDir(t, filepath.Dir(file), dir)
				if setup := fixtureSetup[rule.ID+"/"+fixture]; setup != nil {
					setup(t, dir)
				}
				data, err := os.ReadFile(filepath.Join(dir, fixture+".json"))
				if err != nil {
					t.Fatal(err)
				}
				var tpl map[string]any
				if err := json.Unmarshal(data, &tpl); err != nil {
					t.Fatal(err)
				}
				resources, _ := tpl["Resources"].(map[string]any)
				for _, r := range resources {
					props, _ := r.(map[string]any)["Properties"].(map[string]any)
					for k, v := range props {
						props[k] = map[string]any{"Fn::If": []any{"Hidden", v, v}}
					}
				}
				st, err := assembly.StackFromTemplate("S", tpl, assembly.TemplateOptions{AssetDir: dir})
				if err != nil {
					t.Fatal(err)
				}
				m := &Model{Stacks: []*Stack{st}}
				m.InspectAssets()
				rep := Run(m, Options{Now: auditDate})
				for _, f := range rep.Findings {
					if f.Rule == rule.ID && strings.HasPrefix(f.Message, "When condition Hidden is ") {
						return
					}
				}
				t.Errorf("no %s finding naming the condition; findings: %v", rule.ID, rep.Findings)
			})
		}
	}
}

// TestConditionsAreDecidedWithinABudget: each decision reads the stack
// again, so thousands of conditions over thousands of resources took
// minutes. Past the budget the audit decides no more and says so.
func TestConditionsAreDecidedWithinABudget(t *testing.T) {
	const n = 1000
	resources := map[string]any{}
	for i := range n {
		resources[fmt.Sprintf("F%04d", i)] = map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
			"Runtime": "nodejs24.x", "Code": map[string]any{"ZipFile": "x"},
			"MemorySize": map[string]any{"Fn::If": []any{fmt.Sprintf("C%04d", i), 64, 1024}}}}
	}
	st, err := assembly.StackFromTemplate("Many", map[string]any{"Resources": resources}, assembly.TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep := Run(&Model{Stacks: []*Stack{st}}, Options{Now: auditDate})
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the audit took %s", d)
	}
	decided, skipped := 0, ""
	for _, f := range rep.Findings {
		switch {
		case f.Rule == ruleMemoryOutOfRange.ID:
			decided++
		case f.Rule == ruleInputSkipped.ID && f.Resource == "Conditions":
			skipped = f.Message
		}
	}
	want := maxConditionReads / (2 * (n + 1))
	if decided != want || !strings.Contains(skipped, fmt.Sprintf("has %d conditions in Fn::If; the error rules ran with the first %d decided both ways, not with C%04d", n, want, want)) {
		t.Errorf("%d conditions decided (want %d); skipped: %q", decided, want, skipped)
	}
}
