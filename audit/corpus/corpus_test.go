package corpus

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
)

var (
	regenerate = flag.Bool("regenerate", false, "synthesize every app again, with the cdk CLI and with app.synth(), into testdata")
	only       = flag.String("app", "", "with -regenerate: only this app")
)

// auditDate pins runtime deprecations.
var auditDate = time.Date(2026, time.November, 26, 0, 0, 0, 0, time.UTC)

// Ways an app is synthesized.
var ways = []string{"cli", "synth"}

// expected lists, per app, every finding as "severity rule resource".
// Reviewed against each app's source: each line is something a senior
// serverless engineer would agree with on reading it.
var expected = map[string][]string{
	// Sizes switched by a condition: each invalid branch is an error that
	// names the condition; the steady function, valid both ways, only gets
	// its estimate (the worker's memory is unknown until deploy: none).
	"conditional": {
		"error env-too-large Worker11F36D0F",         // IsProd true: a 5 KB CA_BUNDLE
		"error memory-out-of-range Worker11F36D0F",   // IsProd false: 64 MiB
		"error snapstart-unsupported Worker11F36D0F", // IsProd true: SnapStart on Node.js
		"error timeout-out-of-range Worker11F36D0F",  // IsProd false: 1000 s
		"info cost-per-million Steady9ACF8465",
	},
	// A truncated zip from a CI cache is a finding on its function; the
	// other two are still audited (and have nothing to fix).
	"legacy-jobs": {
		"warning code-asset-unreadable NightlyC44EE0A7", // not a zip archive
		"info cost-per-million NightlyC44EE0A7",
		"info cost-per-million CleanupD4E4842E",
		"info cost-per-million Notify29C25B1B",
	},
	"orders-api": {
		"error env-secret-reference ExportOrders52AF1E6E",            // DB_PASSWORD: unsafeUnwrap()
		"error node-callback-handler AuthorizeD8507075",              // (event, context, callback) on nodejs24.x
		"warning apigw-timeout-exceeded OrdersApiexportGETC7E0C596",  // 120 s behind the REST integration
		"warning apigw-timeout-exceeded TokenAuth686B7A2D",           // 120 s behind the authorizer
		"warning dashboard-duration-average OrdersDashboard8BC6DED8", // metricDuration() defaults to Average
		"warning node-connection-reuse-ignored ExportOrders52AF1E6E", // set by hand on SDK v3
		"warning default-memory ExportOrders52AF1E6E",                // NodejsFunction defaults
		"warning x86-where-arm64 ExportOrders52AF1E6E",               // NodejsFunction defaults
		"warning no-log-retention ExportOrders52AF1E6E",              // no log group of its own
		"warning no-log-retention AuthorizeD8507075",                 //
		"info cost-per-million ExportOrders52AF1E6E",                 //
		"info cost-per-million AuthorizeD8507075",                    //
	},
	"reporting": {
		"error pc-schedule-invalid ExporterScaling09FFDA38",                  // cron(0 11 ? * MON-FRI *))
		"error pc-scaling-metric-unknown ExporterScalingUtilization2B5FBA9B", // Resource fn:'provisioned
		"error pc-target-unordered ExporterScaling09FFDA38",                  // function:reporting-export:live, no dependency
		"warning pc-static-and-scaled SummaryAliaslive859254A6",              // alias PC 1 and addAutoScaling
		"info pc-breakeven ExporterScaling09FFDA38",                          // its schedule cannot be priced
		"info pc-breakeven SummaryAliasliveAliasScalingTarget9F140EC3",       // 22 environment-hours a month
		"warning no-log-retention Exporter5EE693A2",                          //
		"warning no-log-retention Summary68521F81",                           //
		"info cost-per-million Exporter5EE693A2",                             //
		"info cost-per-million Summary68521F81",                              //
	},
	// Plain JavaScript handlers with Code.fromAsset behind S3 notifications:
	// the SDK v2 port fails every call and swallows its errors; its twin is
	// clean; CDK's own bucket-notification handler gets no finding.
	"image-pipeline": {
		"error node-module-missing Resize57196AE7", // require('aws-sdk') on nodejs22.x, nothing bundled
		"error swallowed-errors Resize57196AE7",    // catch, log, return {status: 'error'}: S3 sees success
		"info cost-per-million Resize57196AE7",
		"info cost-per-million ThumbnailFBDDEB86",
	},
	// SQS workers: one reads Records[0] of a batch of 10, one returns
	// batchItemFailures to a mapping that ignores them; the twin is clean.
	"order-queue": {
		"error batch-failures-ignored ProcessPaymentD2586985",    // no reportBatchItemFailures on the mapping
		"error batch-first-record-only ProcessOrder10906E0C",     // JSON.parse(event.Records[0].body), batch of 10
		"warning no-partial-batch-response ProcessOrder10906E0C", //
		"warning no-partial-batch-response ProcessPaymentD2586985",
		"warning sqs-redrive-policy ProcessOrder10906E0C", // Orders has no dead-letter queue
		"info cost-per-million ProcessOrder10906E0C",
		"info cost-per-million ProcessPaymentD2586985",
		"info cost-per-million ProcessRefundFF519B91",
	},
	// Handlers moved from a Serverless Framework service.
	"legacy-api": {
		"error handler-missing Users0A0EEA89",              // handler: "main", the file exports handler
		"error node-callback-handler Health02A586CD",       // callback style on nodejs24.x
		"warning node-callback-deprecated Profile6F32097C", // callback style on nodejs22.x
		"info cost-per-million Health02A586CD",
		"info cost-per-million Profile6F32097C",
		"info cost-per-million Status274336EC",
		"info cost-per-million Users0A0EEA89",
	},
	// A Python Kinesis ETL (tree-sitter-parsed handlers).
	"python-etl": {
		"error batch-first-record-only Ingest4069586C",     // event["Records"][0], batches of 100
		"error handler-missing TransformC0C45E96",          // app.lambda_handler, the file defines handler
		"error runtime-create-blocked ArchiveDA4CB258",     // python3.7: creation blocked since 2024-01-09
		"warning client-in-handler Ingest4069586C",         // boto3.resource in the handler
		"warning no-partial-batch-response Ingest4069586C", //
		"info cost-per-million ArchiveDA4CB258",
		"info cost-per-million Ingest4069586C",
		"info cost-per-million Load52B57D89",
		"info cost-per-million TransformC0C45E96",
	},
	// Minified TypeScript bundles with source maps (positions in the .ts).
	"events-ts": {
		"error node-module-missing WebhookB701416B",            // externalModules: ["aws-sdk"] on nodejs20.x
		"error swallowed-errors WelcomeDA599CD8",               // EventBridge target logs and returns
		"warning client-in-handler AuditLogA5B7094E",           // DynamoDBDocumentClient.from(new DynamoDBClient()) per call
		"warning async-no-failure-destination WebhookB701416B", // the rule target's DLQ is not the function's
		"warning async-no-failure-destination WelcomeDA599CD8", //
		"warning deprecated-runtime WebhookB701416B",           // nodejs20.x, creation blocked from 2027-02-01
		"warning node-source-map AuditLogA5B7094E",             // sourceMap: true without --enable-source-maps
		"warning node-source-map WebhookB701416B",              //
		"warning node-source-map WelcomeDA599CD8",              //
		"info cost-per-million AuditLogA5B7094E",
		"info cost-per-million WebhookB701416B",
		"info cost-per-million WelcomeDA599CD8",
	},
	// Functions on a capacity provider (Lambda Managed Instances): two
	// Node.js handlers and a Python one carried over from on-demand Lambda,
	// their clean twins, and the old checkout still on demand.
	"orders-instances": {
		"warning managed-instances-module-state CheckoutB7CD3E82",     // currentOrder, session.customer, lines.push per request
		"warning managed-instances-fixed-tmp-path Receipts59C0D3E0",   // /tmp/receipt.txt on every invocation
		"warning managed-instances-fixed-tmp-path Thumbnails115905A6", // /tmp/model.onnx at init in every process (a global per request: silent)
		"warning node-source-map CheckoutB7CD3E82",                    // sourceMap: true without --enable-source-maps
		"warning node-source-map Pricing947E6495",                     //
		"warning node-source-map LegacyCheckout6F6ABA8B",              //
		"info cost-per-million LegacyCheckout6F6ABA8B",                // on demand; the capacity provider's functions are priced by the hour
	},
	// Three handlers sharing one folder asset without its node_modules.
	"sessions": {
		"error node-module-missing LoginDDE9992A",      // require('ioredis'), node_modules not shipped
		"error node-module-missing Refresh684FB233",    //
		"warning client-in-handler LoginDDE9992A",      // new Redis(...) per call (Refresh caches it: silent)
		"warning parallel-under-2-vcpu Export16632B07", // export.js spawns gzip at 512 MiB; login.js and refresh.js do not
		"info cost-per-million Export16632B07",
		"info cost-per-million LoginDDE9992A",
		"info cost-per-million Refresh684FB233",
	},
}

// expectedAssets is how many functions' code each app's audit reads: the
// NodejsFunction bundles, found through aws:asset:path by the CLI's
// assembly and through the asset manifest by app.synth()'s.
var expectedAssets = map[string]int{"conditional": 0, "legacy-jobs": 1, "orders-api": 2, "reporting": 2,
	"image-pipeline": 2, "order-queue": 3, "legacy-api": 4, "python-etl": 4, "events-ts": 3, "sessions": 3,
	"orders-instances": 7}

// TestScheduledBreakevenIsPricedByTheSchedule: one environment held for
// the 08:00 stand-up hour under target tracking costs 22 environment-hours
// a month, not 730.
func TestScheduledBreakevenIsPricedByTheSchedule(t *testing.T) {
	rep, _ := findings(t, filepath.Join("testdata", "reporting", "synth"))
	for _, f := range rep.Findings {
		if f.Rule == "pc-breakeven" && f.Resource == "SummaryAliasliveAliasScalingTarget9F140EC3" {
			if !strings.Contains(f.Message, "0.03 environments on average, 22 environment-hours a month") {
				t.Errorf("breakeven %q", f.Message)
			}
			return
		}
	}
	t.Error("no pc-breakeven finding on the scheduled alias")
}

func TestMain(m *testing.M) {
	flag.Parse()
	if *regenerate {
		if err := synthesizeAll(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

func apps(t *testing.T) []string {
	t.Helper()
	dirs, err := os.ReadDir("apps")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range dirs {
		if d.IsDir() {
			out = append(out, d.Name())
		}
	}
	return out
}

// findings audits one committed assembly as `lambdaperf audit` does.
func findings(t *testing.T, dir string) (*audit.Report, []string) {
	t.Helper()
	m, err := assembly.ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep := audit.Run(m, audit.Options{Now: auditDate})
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Resource))
	}
	sort.Strings(got)
	return rep, got
}

func TestCorpus(t *testing.T) {
	for _, app := range apps(t) {
		t.Run(app, func(t *testing.T) {
			want := append([]string(nil), expected[app]...)
			sort.Strings(want)
			var reports [2]*audit.Report
			for i, way := range ways {
				rep, got := findings(t, filepath.Join("testdata", app, way))
				reports[i] = rep
				for _, w := range want {
					if !slices.Contains(got, w) {
						t.Errorf("%s: missing finding %s", way, w)
					}
				}
				for _, g := range got {
					if !slices.Contains(want, g) {
						t.Errorf("%s: unexpected finding %s: %s", way, g, message(rep, g))
					}
				}
				if rep.Assets != expectedAssets[app] {
					t.Errorf("%s: %d code assets read, want %d; not inspected: %+v", way, rep.Assets, expectedAssets[app], rep.NotInspected)
				}
			}
			// app.synth() writes no aws:asset:path and no construct paths:
			// the audit is the same all the same.
			if reports[0].Assets != reports[1].Assets || reports[0].Functions != reports[1].Functions {
				t.Errorf("cli read %d of %d functions' code, app.synth() %d of %d", reports[0].Assets, reports[0].Functions, reports[1].Assets, reports[1].Functions)
			}
		})
	}
}

// message finds the text of a finding named "severity rule resource".
func message(rep *audit.Report, key string) string {
	for _, f := range rep.Findings {
		if fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Resource) == key {
			return f.Message
		}
	}
	return ""
}

// synthesizeAll synthesizes every app both ways into testdata and strips
// what the advisor does not read (tree, metadata with local paths,
// performance counters).
func synthesizeAll() error {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return err
	}
	bin := filepath.Join(root, "node_modules", ".bin")
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "CDK_DISABLE_VERSION_CHECK=1")
	dirs, err := os.ReadDir("apps")
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if !d.IsDir() || *only != "" && d.Name() != *only {
			continue
		}
		app, _ := filepath.Abs(filepath.Join("apps", d.Name()))
		command, err := appCommand(app)
		if err != nil {
			return err
		}
		for _, way := range ways {
			out, _ := filepath.Abs(filepath.Join("testdata", d.Name(), way))
			if err := os.RemoveAll(out); err != nil {
				return err
			}
			var cmd *exec.Cmd
			if way == "cli" {
				cmd = exec.Command(filepath.Join(bin, "cdk"), "synth", "--quiet", "--output", out)
			} else {
				cmd = exec.Command("sh", "-c", command)
				cmd.Env = append(cmd.Env, "CORPUS_OUTDIR="+out)
			}
			cmd.Dir = app
			cmd.Env = append(env, cmd.Env...)
			b, err := cmd.CombinedOutput()
			os.Remove(filepath.Join(app, ".app.cjs"))
			if err != nil {
				return fmt.Errorf("%s %s: %v\n%s", d.Name(), way, err, b)
			}
			if err := strip(out); err != nil {
				return err
			}
		}
	}
	return nil
}

// appCommand is the "app" of an app's cdk.json: esbuild compiles app.ts
// to .app.cjs beside it (so __dirname still finds src) and node runs it,
// as a team without ts-node runs its TypeScript app. The cdk CLI runs it
// from cdk.json; the app.synth() way runs the same command itself.
func appCommand(app string) (string, error) {
	b, err := os.ReadFile(filepath.Join(app, "cdk.json"))
	if err != nil {
		return "", err
	}
	var cfg struct {
		App string `json:"app"`
	}
	if err := json.Unmarshal(b, &cfg); err != nil || cfg.App == "" {
		return "", fmt.Errorf("%s: no \"app\" command in cdk.json (%v)", app, err)
	}
	return cfg.App, nil
}

func strip(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if n == "tree.json" || n == "cdk.out" || n == "performance-counters.json" || n == "validation-report.json" ||
			strings.HasSuffix(n, ".metadata.json") || strings.HasSuffix(n, ".map") {
			if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// mistake is one mistake planted in an app, as a reviewer would list it,
// and the finding that reports it.
type mistake struct {
	finding  string // "severity rule resource"
	breaking bool   // breaks the deploy, fails every call, or loses or blocks records
}

// planted lists the mistakes of the apps written for issue 22 (code read
// statically) and for issue 24's rules on Managed Instances handlers. TestPlantedMistakes derives the figures docs/advisor.md
// reports: every breaking mistake must be an error, and every error must be
// a breaking mistake (no false errors).
var planted = map[string][]mistake{
	"image-pipeline": {
		{"error node-module-missing Resize57196AE7", true},
		{"error swallowed-errors Resize57196AE7", true},
	},
	"order-queue": {
		{"error batch-first-record-only ProcessOrder10906E0C", true},
		{"error batch-failures-ignored ProcessPaymentD2586985", true},
		{"warning sqs-redrive-policy ProcessOrder10906E0C", false},
		{"warning no-partial-batch-response ProcessOrder10906E0C", false},
	},
	"legacy-api": {
		{"error handler-missing Users0A0EEA89", true},
		{"error node-callback-handler Health02A586CD", true},
		{"warning node-callback-deprecated Profile6F32097C", false},
	},
	"python-etl": {
		{"error batch-first-record-only Ingest4069586C", true},
		{"error handler-missing TransformC0C45E96", true},
		{"error runtime-create-blocked ArchiveDA4CB258", true},
		{"warning client-in-handler Ingest4069586C", false},
		{"warning no-partial-batch-response Ingest4069586C", false},
	},
	"events-ts": {
		{"error node-module-missing WebhookB701416B", true},
		{"error swallowed-errors WelcomeDA599CD8", true},
		{"warning client-in-handler AuditLogA5B7094E", false},
		{"warning async-no-failure-destination WebhookB701416B", false},
		{"warning async-no-failure-destination WelcomeDA599CD8", false},
		{"warning deprecated-runtime WebhookB701416B", false},
		{"warning node-source-map AuditLogA5B7094E", false},
		{"warning node-source-map WebhookB701416B", false},
		{"warning node-source-map WelcomeDA599CD8", false},
	},
	"orders-instances": {
		{"warning managed-instances-module-state CheckoutB7CD3E82", false},
		{"warning managed-instances-fixed-tmp-path Receipts59C0D3E0", false},
		{"warning managed-instances-fixed-tmp-path Thumbnails115905A6", false},
		{"warning node-source-map CheckoutB7CD3E82", false},
		{"warning node-source-map Pricing947E6495", false},
		{"warning node-source-map LegacyCheckout6F6ABA8B", false},
	},
	"sessions": {
		{"error node-module-missing LoginDDE9992A", true},
		{"error node-module-missing Refresh684FB233", true},
		{"warning client-in-handler LoginDDE9992A", false},
		{"warning parallel-under-2-vcpu Export16632B07", false},
	},
}

// TestPlantedMistakes checks the goal of issue 22 on the corpus: every
// breaking mistake found as an error, no error that is not one, and every
// planted mistake found; it logs the figures.
func TestPlantedMistakes(t *testing.T) {
	var breaking, breakingFound, falseErrors, all, found int
	for app, list := range planted {
		for _, way := range ways {
			_, got := findings(t, filepath.Join("testdata", app, way))
			isPlanted := map[string]bool{}
			for _, m := range list {
				isPlanted[m.finding] = m.breaking
				if way != "cli" {
					continue
				}
				all++
				if m.breaking {
					breaking++
				}
				if slices.Contains(got, m.finding) {
					found++
					if m.breaking && strings.HasPrefix(m.finding, "error ") {
						breakingFound++
					}
				} else {
					t.Errorf("%s: planted mistake not found: %s", app, m.finding)
				}
				if m.breaking != strings.HasPrefix(m.finding, "error ") {
					t.Errorf("%s: %s: a breaking mistake must be an error, and only one", app, m.finding)
				}
			}
			for _, g := range got {
				if strings.HasPrefix(g, "error ") && !isPlanted[g] {
					t.Errorf("%s %s: false error %s", app, way, g)
					if way == "cli" {
						falseErrors++
					}
				}
			}
		}
	}
	t.Logf("%d apps: %d breaking mistakes planted, %d found as errors, %d false errors; %d mistakes in all, %d found", len(planted), breaking, breakingFound, falseErrors, all, found)
}

// TestManagedInstancesFindingsNameTheHandlersOwnLines: each finding of the
// rules on concurrent invocations names the function's own file and line
// (the TypeScript source through the bundle's source map, the unminified
// bundle, the Python module), and what it wrote there.
func TestManagedInstancesFindingsNameTheHandlersOwnLines(t *testing.T) {
	want := map[string][]string{
		"managed-instances-module-state CheckoutB7CD3E82":     {"`currentOrder`", "src/checkout.ts:19", "2 more such writes"},
		"managed-instances-fixed-tmp-path Receipts59C0D3E0":   {"/tmp/receipt.txt", "writeFile at index.js:", "on every invocation"},
		"managed-instances-fixed-tmp-path Thumbnails115905A6": {"/tmp/model.onnx", "s3.download_file at app.py:9", "at init, which each process", "2 more fixed paths"},
	}
	for _, way := range ways {
		rep, _ := findings(t, filepath.Join("testdata", "orders-instances", way))
		for key, parts := range want {
			msg := message(rep, "warning "+key)
			if msg == "" {
				t.Errorf("%s: no finding %s", way, key)
			}
			for _, p := range parts {
				if !strings.Contains(msg, p) {
					t.Errorf("%s: %s: %q does not say %q", way, key, msg, p)
				}
			}
		}
	}
}
