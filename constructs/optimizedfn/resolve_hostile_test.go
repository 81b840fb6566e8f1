package optimizedfn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// nodeProject is a Node.js project with a lock file and the given handler
// files; it returns the folder.
func nodeProject(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range append(files, "package-lock.json") {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("export const handler = async () => 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestNodeHandlerForms: Handler names an export of Entry; Lambda's
// file-qualified form (as Python takes it, and CDK's NodejsFunction
// passes on) means the same export instead of index.index.handler, which
// fails every call.
func TestNodeHandlerForms(t *testing.T) {
	dir := nodeProject(t, "orders.ts", "payments.ts")
	orders := filepath.Join(dir, "orders.ts")
	cases := []struct {
		name, entry, handler string
		export               string // "" when refused
		want                 string // the error, when refused
	}{
		{"the export alone", orders, "handler", "handler", ""},
		{"no handler: the default export name", orders, "", "handler", ""},
		{"the bundle's module and the export", orders, "index.handler", "handler", ""},
		{"the entry's module and the export", orders, "orders.handler", "handler", ""},
		{"the entry's module and a property path", orders, "orders.handlers.create", "handlers.create", ""},
		{"a property path of an export", orders, "handlers.create", "handlers.create", ""},
		{"a module beside the entry", orders, "payments.handler", "",
			`Handler "payments.handler" names payments.ts, a file beside Entry orders.ts, but lambdaperf bundles only Entry, so Lambda would look for exports.payments.handler in it and fail every call: set Entry to ` + filepath.Join(dir, "payments.ts") + ` and Handler to "handler"`},
		{"a call, not a name", orders, "index.handler()", "", `Handler "index.handler()" is not an exported function name`},
		{"a token is left to deployment", orders, "${Token[TOKEN.12]}", "${Token[TOKEN.12]}", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Resolve("S/Fn", &Props{Entry: c.entry, Handler: c.handler})
			switch {
			case c.want != "":
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
				}
			case err != nil:
				t.Fatalf("refused: %v", err)
			case p.Handler != c.export:
				t.Errorf("export %q, want %q", p.Handler, c.export)
			case nodeHandler(p) != "index."+c.export:
				t.Errorf("the function's handler is %q, want index.%s", nodeHandler(p), c.export)
			}
		})
	}
}

// TestEnumsAreCheckedInGo: a value outside CDK's enums is lambdaperf's
// error with the valid values, not jsii's "No such enum member".
func TestEnumsAreCheckedInGo(t *testing.T) {
	cases := []struct {
		name  string
		props Props
		want  string
	}{
		{"a retention in days", Props{LogRetention: "30"},
			`optimizedfn "S/Fn": LogRetention "30" is a number of days, not an awslogs.RetentionDays: use awslogs.RetentionDays_ONE_MONTH (30 days)`},
		{"days CloudWatch does not offer", Props{LogRetention: "31"},
			`LogRetention "31" is not an awslogs.RetentionDays: CloudWatch Logs keeps logs only for these periods; use an awslogs.RetentionDays constant: ONE_DAY, THREE_DAYS, FIVE_DAYS, ONE_WEEK, TWO_WEEKS, ONE_MONTH, TWO_MONTHS`},
		{"a retention by another name", Props{LogRetention: "ONE_DECADE"}, `LogRetention "ONE_DECADE" is not an awslogs.RetentionDays: use an awslogs.RetentionDays constant: ONE_DAY,`},
		{"a lower-case retention", Props{LogRetention: "one_month"}, `LogRetention "one_month" is not an awslogs.RetentionDays`},
		{"an application log level", Props{ApplicationLogLevel: "VERBOSE"}, `ApplicationLogLevel "VERBOSE" is not a log level: use an awslambda.ApplicationLogLevel constant: TRACE, DEBUG, INFO, WARN, ERROR, FATAL`},
		{"a system log level", Props{SystemLogLevel: "ERROR"}, `SystemLogLevel "ERROR" is not a log level: use an awslambda.SystemLogLevel constant: DEBUG, INFO, WARN`},
		{"a tracing mode", Props{Tracing: "ON"}, `Tracing "ON" is not a tracing mode: use an awslambda.Tracing constant: ACTIVE, PASS_THROUGH, DISABLED`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.props.Entry = nodeEntry
			if _, err := Resolve("S/Fn", &c.props); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
		})
	}
	for _, ok := range []Props{
		{LogRetention: awslogs.RetentionDays_INFINITE}, {LogRetention: awslogs.RetentionDays_TEN_YEARS},
		{ApplicationLogLevel: awslambda.ApplicationLogLevel_TRACE}, {SystemLogLevel: awslambda.SystemLogLevel_WARN},
		{Tracing: awslambda.Tracing_PASS_THROUGH},
	} {
		ok.Entry = nodeEntry
		if _, err := Resolve("S/Fn", &ok); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

// TestReservedConcurrencyAgainstQuotas: above what any account can
// reserve, the deploy always fails (an error); above what the default
// quota leaves, it fails unless the quota was raised (a warning).
func TestReservedConcurrencyAgainstQuotas(t *testing.T) {
	warned := func(p *Plan) bool {
		for _, w := range p.Warnings {
			if w.ID == WarnReservedAboveDefaultQuota {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		reserved int
		warn     bool
	}{{0, false}, {900, false}, {901, true}, {lambda.MaxReservableConcurrency, true}} {
		p, err := Resolve("S/Fn", &Props{Entry: nodeEntry, ReservedConcurrency: intp(c.reserved)})
		if err != nil {
			t.Errorf("%d: %v", c.reserved, err)
			continue
		}
		if warned(p) != c.warn {
			t.Errorf("%d: warned %v, want %v (%v)", c.reserved, warned(p), c.warn, p.Warnings)
		}
	}
	p, _ := Resolve("S/Fn", &Props{Entry: nodeEntry, ReservedConcurrency: intp(2000)})
	if msg := p.Warnings[len(p.Warnings)-1].Message; !strings.Contains(msg, `ReservedConcurrency 2000 is above 900: at the default quota of 1000 concurrent executions per Region, Lambda keeps 100 unreserved and the deploy fails. Deploy only where Service Quotas shows a "Concurrent executions" quota of at least 2100`) {
		t.Errorf("warning: %s", msg)
	}
	for _, reserved := range []int{lambda.MaxReservableConcurrency + 1, 1 << 40} {
		_, err := Resolve("S/Fn", &Props{Entry: nodeEntry, ReservedConcurrency: intp(reserved)})
		if err == nil || !strings.Contains(err.Error(), "is above what any account can reserve: concurrency quotas go up to tens of thousands (below 100000) and Lambda keeps 100 unreserved, so the deploy always fails; reserve at most 99899") {
			t.Errorf("%d: %v", reserved, err)
		}
	}
}
