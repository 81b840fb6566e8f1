package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

func init() {
	commands["audit"] = runAudit
	summaries["audit"] = "check synthesized stacks (cdk.out or a template) against the performance playbook"
}

// exitFindings is the exit status when the audit finds an error.
const exitFindings = 1

func runAudit(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// Input the reader did not foresee must end in a message, not a crash.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "lambdaperf audit: internal error reading the input: %v\n", r)
			code = exitUsage
		}
	}()
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text, json, sarif (SARIF 2.1.0, for GitHub code scanning)\n    \tor codequality (a GitLab Code Quality report)")
	budget := fs.Int("budget-kb", audit.DefaultBudgetKB, "largest zipped code package, in `KiB`, before a bundle-over-budget warning")
	account := fs.Int("account-concurrency", 1000, "the account's concurrency quota `N` per region, for reserved-starves-pool")
	costOptions := costAssumptionFlags(fs)
	setUsage(fs, "[flags] PATH",
		"Checks Lambda functions in synthesized CloudFormation against the lambdaperf\n"+
			"performance playbook. PATH is a cloud assembly folder (cdk.out, with its code\n"+
			"assets) or a single template file. Exit status: 1 when any unsuppressed error\n"+
			"is found, 0 otherwise (warnings and info alone), 2 for bad flags or unreadable\n"+
			"input; the same for every --format.\n\n"+
			"Acknowledge a finding on a resource with template metadata\n"+
			"  {\"lambdaperf\": {\"suppress\": [{\"id\": \"RULE\", \"reason\": \"why, 10+ characters\"}]}}\n"+
			"(advisor.Suppress in a CDK Go app).")

	rest, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	bad := func(format string, a ...any) int { return usageError(stderr, "audit", format, a...) }
	switch {
	case len(rest) == 0:
		return bad("missing PATH: a cloud assembly folder (cdk.out) or a template file")
	case len(rest) > 1:
		return bad("unexpected argument %q: audit takes one PATH", rest[1])
	case *format != "text" && *format != "json" && *format != "sarif" && *format != "codequality":
		return bad("--format must be text, json, sarif or codequality, got %q", *format)
	case *budget <= 0:
		return bad("--budget-kb must be more than 0, got %d", *budget)
	case *account <= 0:
		return bad("--account-concurrency must be more than 0, got %d", *account)
	}
	opts, problem := costOptions()
	if problem != "" {
		return bad("%s", problem)
	}

	model, err := assembly.Read(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "lambdaperf audit: %s\n", untrusted.Printable(err.Error()))
		return exitUsage
	}
	opts.BudgetKB, opts.AccountConcurrency = *budget, *account
	rep := audit.Run(model, opts)

	switch *format {
	case "json", "sarif", "codequality":
		templates := map[string]string{}
		for _, st := range model.Stacks {
			templates[st.Name] = st.TemplateFile
		}
		var doc any
		switch *format {
		case "sarif":
			doc = auditSARIF(rep, rest[0], templates)
		case "codequality":
			doc = auditCodeQuality(rep, rest[0], templates)
		default:
			doc = auditJSON(rep)
		}
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			fmt.Fprintf(stderr, "lambdaperf audit: %v\n", err)
			return exitUsage
		}
		stdout.Write(untrusted.JSONForTerminal(out.Bytes()))
	default:
		writeAuditText(stdout, rest[0], rep)
	}
	if rep.Count(audit.Error) > 0 {
		return exitFindings
	}
	return 0
}

// auditOutput is the JSON contract: what was read, then the findings.
type auditOutput struct {
	Summary struct {
		Stacks         int                  `json:"stacks"`
		Functions      int                  `json:"functions"`
		CodeAssetsRead int                  `json:"codeAssetsRead"`
		Suppressed     int                  `json:"suppressed"`
		NotInspected   []audit.NotInspected `json:"notInspected"`
	} `json:"summary"`
	Findings []audit.Finding `json:"findings"`
}

func auditJSON(rep *audit.Report) auditOutput {
	var out auditOutput
	out.Summary.Stacks, out.Summary.Functions, out.Summary.CodeAssetsRead = rep.Stacks, rep.Functions, rep.Assets
	out.Summary.Suppressed = len(rep.Suppressed)
	out.Summary.NotInspected = append([]audit.NotInspected{}, rep.NotInspected...)
	out.Findings = append([]audit.Finding{}, rep.Findings...)
	return out
}

// writeAuditText prints the report as a table: one row per finding
// (severity, rule, stack, resource), with its message, fix and source
// wrapped beneath. Text from the input (names, paths, values) is printed
// with its control and invisible characters escaped (untrusted.Printable).
func writeAuditText(w io.Writer, path string, rep *audit.Report) {
	p := untrusted.Printable
	path = p(path)
	fmt.Fprintf(w, "lambdaperf audit %s: %s, %s (%s read): %s, %s, %s",
		path, plural(rep.Stacks, "stack"), plural(rep.Functions, "function"), plural(rep.Assets, "code asset"),
		plural(rep.Count(audit.Error), "error"), plural(rep.Count(audit.Warning), "warning"), plural(rep.Count(audit.Info), "info"))
	if n := len(rep.Suppressed); n > 0 {
		fmt.Fprintf(w, " (%d suppressed)", n)
	}
	fmt.Fprintln(w)
	if n := len(rep.NotInspected); n > 0 {
		fmt.Fprintf(w, "Code not inspected (%s):\n", plural(n, "function"))
		for _, f := range rep.NotInspected {
			fmt.Fprintf(w, "  %s/%s: %s\n", p(f.Stack), p(f.Resource), p(f.Reason))
		}
	}
	if len(rep.Findings) == 0 {
		fmt.Fprintln(w, "No findings.")
	} else {
		header := []string{"SEVERITY", "RULE", "STACK", "RESOURCE"}
		widths := make([]int, len(header))
		for i, h := range header {
			widths[i] = len(h)
		}
		findings := make([]audit.Finding, len(rep.Findings))
		for i, f := range rep.Findings {
			f.Stack, f.Resource, f.Message, f.Fix = p(f.Stack), p(f.Resource), p(f.Message), p(f.Fix)
			findings[i] = f
			for i, cell := range []string{f.Severity.String(), f.Rule, f.Stack} {
				widths[i] = max(widths[i], len(cell))
			}
		}
		row := func(cells ...string) {
			var b strings.Builder
			for i, cell := range cells {
				if i < len(cells)-1 {
					fmt.Fprintf(&b, "%-*s  ", widths[i], cell)
				} else {
					b.WriteString(cell)
				}
			}
			fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		}
		indent := strings.Repeat(" ", widths[0]+2)
		fmt.Fprintln(w)
		row(header...)
		for _, f := range findings {
			row(f.Severity.String(), f.Rule, f.Stack, f.Resource)
			for _, line := range wrap(f.Message, 96) {
				fmt.Fprintln(w, indent+line)
			}
			for i, line := range wrap("fix: "+f.Fix, 96) {
				if i > 0 {
					line = "     " + line
				}
				fmt.Fprintln(w, indent+line)
			}
			for i, line := range wrap("source: "+f.Source, 96) {
				if i > 0 {
					line = "        " + line
				}
				fmt.Fprintln(w, indent+line)
			}
		}
	}
	if len(rep.Suppressed) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Suppressed:")
		for _, f := range rep.Suppressed {
			fmt.Fprintf(w, "  %s on %s/%s: %s\n", f.Rule, p(f.Stack), p(f.Resource), p(f.SuppressedBy))
		}
	}
}

// wrap breaks text into lines of at most width characters at spaces; a
// word longer than that stays on its own line, or after a short label.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) > width && len(line) > 12:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// plural renders "1 error", "2 errors"; "info" stays "info".
func plural(n int, noun string) string {
	if n == 1 || noun == "info" {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
