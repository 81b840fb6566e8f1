package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Severity says how bad a finding is.
type Severity int

// Severities, least severe first.
const (
	// Info is for reference: estimates, not problems.
	Info Severity = iota
	// Warning: slower or costlier than it needs to be.
	Warning
	// Error: the deploy will fail or the function will behave wrongly.
	Error
)

// String is the severity's name: "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// MarshalText renders the severity as "error", "warning" or "info".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one rule matching one resource.
type Finding struct {
	// Rule is the ID of the rule that matched.
	Rule string `json:"rule"`
	// Severity is the rule's.
	Severity Severity `json:"severity"`
	// Stack is the name of the stack that holds the resource.
	Stack string `json:"stack"`
	// Resource is the resource's logical ID.
	Resource string `json:"resource"`
	// Path is the resource's construct path, when the template records it.
	Path string `json:"path,omitempty"`
	// Message says what is wrong, with the resource's values.
	Message string `json:"message"`
	// Fix says how to resolve it for this resource.
	Fix string `json:"fix"`
	// Source is the rule's cited document.
	Source string `json:"source"`
	// SuppressedBy is the reason of the suppression that acknowledged it.
	SuppressedBy string `json:"-"`
}

// Rule is one playbook check.
type Rule struct {
	// ID names the rule in findings, suppressions and output
	// (e.g. "default-memory"); stable across versions.
	ID string
	// Severity of every finding of the rule.
	Severity Severity
	// Summary says in one line what the rule looks for.
	Summary string
	// Source is the document (or playbook line) the rule comes from: a
	// cited AWS documentation URL, then what it says.
	Source string
	// Fix says in general how to resolve the rule's findings; each
	// finding's Fix says it for its resource, with its values.
	Fix   string
	check func(c *checker)
}

// Options tune an audit run.
type Options struct {
	// BudgetKB is the largest zipped code package, in KiB, before the
	// bundle-over-budget warning. Default: 5120 (5 MiB).
	BudgetKB int
	// AccountConcurrency is the account's concurrency quota per region.
	// Default: 1000 (the Lambda default).
	AccountConcurrency int
	// Now is the date runtime deprecations are compared with.
	// Default: time.Now().
	Now time.Time
	// DurationMs is the average invocation duration assumed by the cost
	// estimates, in milliseconds. Default: 100.
	DurationMs int
	// Where the findings are read, so fixes name the setting there.
	// Default: InCLI (command-line flags).
	Where Where
	// InitDurationMs is the INIT phase of a cold start assumed by the cost
	// estimates, in milliseconds. Default: 1000 (DefaultInitDurationMs).
	InitDurationMs int
	// ColdStartRate is the share 0..1 of on-demand invocations the cost
	// estimates assume to be cold starts. Default: 0.01
	// (costmodel.TypicalColdStartRate).
	ColdStartRate float64
}

// Defaults for Options.
const (
	DefaultBudgetKB   = 5120
	DefaultDurationMs = 100
)

func (o Options) withDefaults() Options {
	if o.BudgetKB <= 0 {
		o.BudgetKB = DefaultBudgetKB
	}
	if o.AccountConcurrency <= 0 {
		o.AccountConcurrency = lambda.DefaultAccountConcurrency
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.DurationMs <= 0 {
		o.DurationMs = DefaultDurationMs
	}
	if o.InitDurationMs <= 0 {
		o.InitDurationMs = DefaultInitDurationMs
	}
	if o.ColdStartRate <= 0 || o.ColdStartRate > 1 {
		o.ColdStartRate = costmodel.TypicalColdStartRate
	}
	return o
}

// Report is the outcome of an audit.
type Report struct {
	// Findings are the findings no suppression acknowledged, most severe
	// first.
	Findings []Finding
	// Suppressed are the findings acknowledged with a reason.
	Suppressed []Finding
	// Stacks is the number of stacks read.
	Stacks int
	// Functions is the number of Lambda functions in them.
	Functions int
	// Assets counts the functions whose code asset was inspected.
	Assets int
	// NotInspected lists the functions whose code was not read, and why:
	// the code-asset rules could not judge them.
	NotInspected []NotInspected
}

// NotInspected is a function whose code the audit did not read.
type NotInspected struct {
	// Stack is the name of the stack that holds the function.
	Stack string `json:"stack"`
	// Resource is the function's logical ID.
	Resource string `json:"resource"`
	// Path is the function's construct path, when known.
	Path string `json:"path,omitempty"`
	// Reason says why its code was not read.
	Reason string `json:"reason"`
}

// Count returns how many unsuppressed findings have the severity.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// minReasonLen is the shortest reason a suppression may give (as cdk-nag).
const minReasonLen = 10

// Run applies every rule to the model.
func Run(m *Model, opts Options) *Report {
	opts = opts.withDefaults()
	rep := &Report{Stacks: len(m.Stacks)}
	for _, st := range m.Stacks {
		rep.Functions += len(st.Functions)
		for _, f := range st.Functions {
			if ok, why := f.Inspected(); ok {
				rep.Assets++
			} else {
				rep.NotInspected = append(rep.NotInspected, NotInspected{Stack: st.Name, Resource: f.LogicalID, Path: f.Path, Reason: why})
			}
			if why := codeNotRead(f); why != "" {
				rep.NotInspected = append(rep.NotInspected, NotInspected{Stack: st.Name, Resource: f.LogicalID, Path: f.Path, Reason: why})
			}
		}
	}
	rules := Rules()
	ids := map[string]bool{}
	for _, r := range rules {
		ids[r.ID] = true
	}
	var all []Finding
	for _, r := range rules {
		c := &checker{rule: r, model: m, opts: opts, ruleIDs: ids}
		r.check(c)
		all = append(all, c.findings...)
	}
	all = append(all, conditionFindings(m, rules, opts, ids, all)...)
	index := suppressionIndex(m)
	for _, f := range all {
		if reason, ok := index.suppressed(f); ok {
			f.SuppressedBy = reason
			rep.Suppressed = append(rep.Suppressed, f)
		} else {
			rep.Findings = append(rep.Findings, f)
		}
	}
	sortFindings(rep.Findings)
	sortFindings(rep.Suppressed)
	return rep
}

func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Stack, b.Stack),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
}

// suppressions holds every resource's suppressions by stack and logical
// id, built once per run.
type suppressions map[[2]string][]Suppression

func suppressionIndex(m *Model) suppressions {
	idx := suppressions{}
	for _, st := range m.Stacks {
		for _, res := range resources(st) {
			if len(res.Suppressions) > 0 {
				k := [2]string{st.Name, res.LogicalID}
				idx[k] = append(idx[k], res.Suppressions...)
			}
		}
	}
	return idx
}

// suppressed finds a valid suppression of the finding on its resource.
func (idx suppressions) suppressed(f Finding) (string, bool) {
	if f.Rule == suppressionRuleID {
		return "", false
	}
	for _, s := range idx[[2]string{f.Stack, f.Resource}] {
		if s.ID == f.Rule && len(strings.TrimSpace(s.Reason)) >= minReasonLen {
			return s.Reason, true
		}
	}
	return "", false
}

// resources lists every modelled resource of the stack.
func resources(st *Stack) []Resource {
	var out []Resource
	for _, f := range st.Functions {
		out = append(out, f.Resource)
	}
	for _, v := range st.Versions {
		out = append(out, v.Resource)
	}
	for _, a := range st.Aliases {
		out = append(out, a.Resource)
	}
	for _, s := range st.ScalableTargets {
		out = append(out, s.Resource)
	}
	for _, p := range st.ScalingPolicies {
		out = append(out, p.Resource)
	}
	for _, in := range st.APIIntegrations {
		out = append(out, in.Resource)
	}
	for _, d := range st.Dashboards {
		out = append(out, d.Resource)
	}
	for _, l := range st.LogGroups {
		out = append(out, l.Resource)
	}
	return out
}

// checker collects one rule's findings.
type checker struct {
	ruleIDs  map[string]bool // every rule that a suppression may name
	rule     *Rule
	model    *Model
	opts     Options
	findings []Finding
}

// report records a finding on res; message and fix are format strings
// only through reportf.
func (c *checker) report(res Resource, message, fix string) {
	stack := ""
	if res.Stack != nil {
		stack = res.Stack.Name
	}
	c.findings = append(c.findings, Finding{
		Rule:     c.rule.ID,
		Severity: c.rule.Severity,
		Stack:    stack,
		Resource: res.LogicalID,
		Path:     res.Path,
		Message:  message,
		Fix:      fix,
		Source:   c.rule.Source,
	})
}

// functions lists every function of every stack.
func (c *checker) functions() []*Function {
	var out []*Function
	for _, st := range c.model.Stacks {
		out = append(out, st.Functions...)
	}
	return out
}

// userFunctions lists the functions a user can change: not the handlers of
// CDK's own custom resources.
func (c *checker) userFunctions() []*Function {
	var out []*Function
	for _, f := range c.functions() {
		if !f.Framework {
			out = append(out, f)
		}
	}
	return out
}

// name is how messages refer to a resource: its construct path when the
// template has one, else its logical id.
func name(res Resource) string {
	if res.Path != "" {
		return strings.TrimSuffix(res.Path, "/Resource")
	}
	return res.LogicalID
}

// mib renders a byte count in KiB or MiB.
func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
