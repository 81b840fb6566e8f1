package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// The advisor's rule table in docs/advisor.md sits between these markers.
const (
	advisorGuide = "docs/advisor.md"
	rulesBegin   = "<!-- rules:begin -->\n"
	rulesEnd     = "<!-- rules:end -->"
)

// rulesTable renders every rule of audit.Rules(), in its order (errors,
// warnings, info).
func rulesTable(rules []*audit.Rule) string {
	cell := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	var b strings.Builder
	fmt.Fprintf(&b, "%d rules.\n\n", len(rules))
	b.WriteString("| Rule | Severity | What it finds | Source |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, r.Severity, cell(r.Summary), cell(r.Source))
	}
	return b.String()
}

// TestAdvisorRulesTableIsTheRules: the table in docs/advisor.md is
// audit.Rules(), rule for rule; -update rewrites it.
func TestAdvisorRulesTableIsTheRules(t *testing.T) {
	file := filepath.Join(repoDir(), filepath.FromSlash(advisorGuide))
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i, j := strings.Index(text, rulesBegin), strings.Index(text, rulesEnd)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q and %q around the rule table", advisorGuide, strings.TrimSpace(rulesBegin), rulesEnd)
	}
	got := text[i+len(rulesBegin) : j]
	want := rulesTable(audit.Rules())
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(file, []byte(text[:i+len(rulesBegin)]+want+text[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the rule table is not audit.Rules(); run: go test ./test/docs -run TestAdvisorRulesTableIsTheRules -update\n%s",
		advisorGuide, snapshot.Diff(got, want))
}

// TestRulesTableNamesEveryRule: the rendering itself, on two rules.
func TestRulesTableNamesEveryRule(t *testing.T) {
	table := rulesTable([]*audit.Rule{
		{ID: "a-rule", Severity: audit.Error, Summary: "x | y", Source: "https://example.com/a"},
		{ID: "b-rule", Severity: audit.Warning, Summary: "z", Source: "https://example.com/b"},
	})
	for _, want := range []string{"2 rules.", "| `a-rule` | error | x \\| y | https://example.com/a |", "| `b-rule` | warning | z |"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}
