package audit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// TestErrorRulesEvaluateFnIf hides every property of every firing fixture
// of every error rule behind Fn::If: the unconditional run cannot see the
// values, so the rule must still fire on a branch and name the condition.
func TestErrorRulesEvaluateFnIf(t *testing.T) {
	for _, rule := range Rules() {
		if rule.Severity != Error || rule.ID == suppressionRuleID {
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
