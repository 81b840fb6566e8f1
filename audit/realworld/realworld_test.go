package realworld

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/internal/nodebin"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// auditDate pins the date runtime lifecycles are judged on: the day the
// judgements were written.
var auditDate = time.Date(2026, time.December, 6, 0, 0, 0, 0, time.UTC)

// handler is one entry of testdata/handlers.json.
type handler struct {
	Fixture string `json:"fixture"`
	Runtime string `json:"runtime"`
	Handler string `json:"handler"`
	// File is where the handler file lies in the code asset.
	File string `json:"file"`
	// Modules are the npm packages the repository's build installs (or
	// bundles): empty packages under node_modules stand for them.
	Modules []string `json:"modules"`
	// Stubs are other files of the asset the handler loads (a sibling
	// module, a package.json with "type": "module"): their content is not
	// judged.
	Stubs  map[string]string `json:"stubs"`
	Layers bool              `json:"layers"`
	Source source            `json:"source"`
	Wired  string            `json:"wired"`
	// Expect maps each rule id the judgement says must fire to why.
	Expect map[string]string `json:"expect"`
	// Unparseable says why the file is not valid for its runtime, when it
	// is not: the audit must then list it as not inspected.
	Unparseable string `json:"unparseable"`
	Judgement   string `json:"judgement"`
	// Repository, Path and Commit say where the file was read; Licence is
	// the repository's.
	Repository string `json:"repository"`
	Path       string `json:"path"`
	Commit     string `json:"commit"`
	Licence    string `json:"licence"`
}

type source struct {
	// Kind: sqs, kinesis, dynamodb, async, api or none.
	Kind            string `json:"kind"`
	Partial         bool   `json:"partial"`
	Batch           int    `json:"batch"`
	OnFailure       bool   `json:"onFailure"`
	MaxReceiveCount int    `json:"maxReceiveCount"`
	// Invoker is the service principal of an asynchronous invoker.
	Invoker string `json:"invoker"`
}

// codeWarnings are the warning rules that judge handler code: a finding of
// one of them that the judgement does not list is a false warning. Other
// warnings come from the synthesized template (log retention, memory,
// architecture, deprecated runtime) or from shipping sources unbundled
// (node-not-minified) and are not judged here.
var codeWarnings = map[string]bool{
	"client-in-handler":         true,
	"node-callback-deprecated":  true,
	"batch-failures-unreported": true,
	"parallel-under-2-vcpu":     true,
}

func loadHandlers(t *testing.T) []handler {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "handlers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var hs []handler
	if err := json.Unmarshal(b, &hs); err != nil {
		t.Fatal(err)
	}
	return hs
}

// outcome is what the audit said of one handler.
type outcome struct {
	h           handler
	mode        string // "deployed" or "raw .ts"
	inspected   bool
	funcFound   bool // the reader resolved the handler to its function
	notRead     []string
	errors      map[string]audit.Finding
	warnings    map[string]audit.Finding
	falseErrors []string
	falseWarns  []string
	missed      []string
	found       []string
}

// fixturesEnv names the folder that holds the handler files of
// testdata/handlers.json (each named as its "fixture", fetched from its
// repository at its commit). They are public code of other projects, so
// they are not committed here: the measurement runs where they are.
const fixturesEnv = "LAMBDAPERF_REALWORLD_DIR"

// fixtureDir is the folder of the handler files, or "" when not given.
func fixtureDir() string { return os.Getenv(fixturesEnv) }

func TestHandlersAreIdentified(t *testing.T) {
	hs := loadHandlers(t)
	if len(hs) < 40 {
		t.Fatalf("%d handlers in testdata/handlers.json, want at least 40", len(hs))
	}
	for _, h := range hs {
		if h.Repository == "" || h.Path == "" || len(h.Commit) != 40 || h.Licence == "" || h.Judgement == "" {
			t.Errorf("%s: repository, path, 40-hex commit, licence and judgement are all needed to fetch and judge it again: %+v", h.Fixture, h)
		}
	}
}

func TestRealWorldHandlers(t *testing.T) {
	hs := loadHandlers(t)
	if fixtureDir() == "" {
		t.Skipf("set %s to a folder of the %d handler files testdata/handlers.json names (repository, path and commit each); they are other projects' code and not committed", fixturesEnv, len(hs))
	}
	var all []outcome
	for _, h := range hs {
		t.Run(h.Fixture, func(t *testing.T) {
			o := run(t, h, false)
			check(t, o)
			all = append(all, o)
			if strings.HasSuffix(h.Fixture, ".ts") {
				raw := run(t, h, true)
				for _, id := range slices.Sorted(maps.Keys(raw.errors)) {
					if _, ok := h.Expect[id]; !ok {
						t.Errorf("raw .ts: false error %s: %s", id, raw.errors[id].Message)
					}
				}
				all = append(all, raw)
			}
		})
	}
	t.Log("\n" + summary(all))
}

// check asserts the judgement on one outcome.
func check(t *testing.T, o outcome) {
	t.Helper()
	h := o.h
	switch {
	case h.Unparseable == "" && !o.inspected:
		t.Errorf("handler code not inspected: %s", strings.Join(o.notRead, "; "))
	case h.Unparseable != "" && o.inspected:
		t.Errorf("judged unparseable (%s), but the audit read it", h.Unparseable)
	case o.inspected && !o.funcFound:
		t.Errorf("the handler's function was not found (a wrapper hides it?)")
	}
	for _, id := range o.falseErrors {
		t.Errorf("false error %s: %s", id, o.errors[id].Message)
	}
	for _, id := range o.falseWarns {
		t.Errorf("false warning %s: %s", id, o.warnings[id].Message)
	}
	for _, id := range o.missed {
		t.Errorf("missed %s: %s", id, h.Expect[id])
	}
	// A finding on code points into the handler's own source: the file
	// as shipped, or the TypeScript the source map names.
	want := h.File + ":"
	if strings.HasSuffix(h.Fixture, ".ts") {
		want = "src/" + want
	}
	for _, f := range append(values(o.errors), values(o.warnings)...) {
		if codeRules[f.Rule] && !strings.Contains(f.Message, want) {
			t.Errorf("%s does not point into %s: %s", f.Rule, want, f.Message)
		}
	}
}

// codeRules are the rules whose findings name a place in the handler code.
var codeRules = map[string]bool{
	"handler-missing": false, "node-module-missing": true, "node-callback-handler": true, "node-context-methods-removed": true,
	"batch-first-record-only": true, "batch-failures-ignored": true, "swallowed-errors": true,
	"client-in-handler": true, "node-callback-deprecated": true,
}

func values(m map[string]audit.Finding) []audit.Finding {
	var out []audit.Finding
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// run audits one handler, deployed (TypeScript compiled) or, for
// TypeScript, raw as .ts on nodejs24.x.
func run(t *testing.T, h handler, rawTS bool) outcome {
	t.Helper()
	dir := t.TempDir()
	asset := filepath.Join(dir, "asset.fn")
	src := filepath.Join(fixtureDir(), h.Fixture)
	file, runtime, handlerName := h.File, h.Runtime, h.Handler
	mode := "deployed"
	switch {
	case rawTS:
		mode, runtime = "raw .ts", "nodejs24.x"
		testfiles.CopyFile(t, src, filepath.Join(asset, file))
	case strings.HasSuffix(h.Fixture, ".ts"):
		// The source lies in the project beside cdk.out, as a bundler
		// sees it: the source map names src/<file>.
		ts := filepath.Join(dir, "src", file)
		testfiles.CopyFile(t, src, ts)
		js := strings.TrimSuffix(file, path.Ext(file)) + ".js"
		compileTS(t, ts, filepath.Join(asset, js))
	default:
		testfiles.CopyFile(t, src, filepath.Join(asset, file))
	}
	for name, content := range h.Stubs {
		testfiles.Write(t, filepath.Join(asset, name), content)
	}
	for _, m := range h.Modules {
		testfiles.Write(t, filepath.Join(asset, "node_modules", m, "package.json"), fmt.Sprintf(`{"name": %q, "main": "index.js"}`, m))
		testfiles.Write(t, filepath.Join(asset, "node_modules", m, "index.js"), "")
	}
	tmpl := template(h, runtime, handlerName)
	b, err := json.MarshalIndent(tmpl, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	testfiles.Write(t, filepath.Join(dir, "Stack.template.json"), string(b))
	m, err := assembly.ReadTemplateFile(filepath.Join(dir, "Stack.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep := audit.Run(m, audit.Options{Now: auditDate})
	o := outcome{h: h, mode: mode, inspected: true, errors: map[string]audit.Finding{}, warnings: map[string]audit.Finding{}}
	for _, st := range m.Stacks {
		for _, f := range st.Functions {
			o.funcFound = o.funcFound || f.LogicalID == "Fn" && f.Code != nil && f.Code.Func != nil
		}
	}
	for _, n := range rep.NotInspected {
		if n.Resource == "Fn" {
			o.inspected = false
			o.notRead = append(o.notRead, n.Reason)
		}
	}
	for _, f := range rep.Findings {
		if f.Resource != "Fn" {
			continue
		}
		switch f.Severity {
		case audit.Error:
			o.errors[f.Rule] = f
		case audit.Warning:
			o.warnings[f.Rule] = f
		}
	}
	if rawTS {
		return o
	}
	for _, id := range slices.Sorted(maps.Keys(o.errors)) {
		if _, ok := h.Expect[id]; !ok {
			o.falseErrors = append(o.falseErrors, id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(o.warnings)) {
		if _, ok := h.Expect[id]; !ok && codeWarnings[id] {
			o.falseWarns = append(o.falseWarns, id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(h.Expect)) {
		_, isErr := o.errors[id]
		_, isWarn := o.warnings[id]
		switch {
		case isErr, isWarn && !breaking(id):
			o.found = append(o.found, id)
		default:
			o.missed = append(o.missed, id)
		}
	}
	return o
}

// breaking reports whether a rule id is one whose findings must be errors.
func breaking(id string) bool {
	for _, r := range audit.Rules() {
		if r.ID == id {
			return r.Severity == audit.Error
		}
	}
	return true // a judged mistake no rule knows yet breaks something
}

// template is the smallest CloudFormation template that wires the
// function to its event source as its repository does.
func template(h handler, runtime, handlerName string) map[string]any {
	fn := map[string]any{
		"Runtime": runtime,
		"Handler": handlerName,
		"Role":    "arn:aws:iam::123456789012:role/fn",
		"Code":    map[string]any{"S3Bucket": "assets", "S3Key": "fn.zip"},
	}
	if h.Layers {
		fn["Layers"] = []any{"arn:aws:lambda:us-east-1:123456789012:layer:libs:1"}
	}
	res := map[string]any{
		"Fn": map[string]any{"Type": "AWS::Lambda::Function", "Metadata": map[string]any{"aws:asset:path": "asset.fn"}, "Properties": fn},
	}
	s := h.Source
	mapping := func(arn any, extra map[string]any) {
		p := map[string]any{"FunctionName": map[string]any{"Ref": "Fn"}, "EventSourceArn": arn}
		if s.Batch > 0 {
			p["BatchSize"] = s.Batch
		}
		if s.Partial {
			p["FunctionResponseTypes"] = []any{"ReportBatchItemFailures"}
		}
		if s.OnFailure {
			p["DestinationConfig"] = map[string]any{"OnFailure": map[string]any{"Destination": "arn:aws:sqs:us-east-1:123456789012:failures"}}
		}
		for k, v := range extra {
			p[k] = v
		}
		res["Mapping"] = map[string]any{"Type": "AWS::Lambda::EventSourceMapping", "Properties": p}
	}
	switch s.Kind {
	case "sqs":
		q := map[string]any{"VisibilityTimeout": 300}
		if s.MaxReceiveCount > 0 {
			res["DeadLetters"] = map[string]any{"Type": "AWS::SQS::Queue"}
			q["RedrivePolicy"] = map[string]any{"deadLetterTargetArn": map[string]any{"Fn::GetAtt": []any{"DeadLetters", "Arn"}}, "maxReceiveCount": s.MaxReceiveCount}
		}
		res["Queue"] = map[string]any{"Type": "AWS::SQS::Queue", "Properties": q}
		mapping(map[string]any{"Fn::GetAtt": []any{"Queue", "Arn"}}, nil)
	case "kinesis":
		res["Stream"] = map[string]any{"Type": "AWS::Kinesis::Stream", "Properties": map[string]any{"ShardCount": 1}}
		mapping(map[string]any{"Fn::GetAtt": []any{"Stream", "Arn"}}, map[string]any{"StartingPosition": "LATEST"})
	case "dynamodb":
		res["Table"] = map[string]any{"Type": "AWS::DynamoDB::Table", "Properties": map[string]any{
			"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
			"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
			"BillingMode":          "PAY_PER_REQUEST",
			"StreamSpecification":  map[string]any{"StreamViewType": "NEW_AND_OLD_IMAGES"},
		}}
		mapping(map[string]any{"Fn::GetAtt": []any{"Table", "StreamArn"}}, map[string]any{"StartingPosition": "TRIM_HORIZON"})
	case "async":
		res["Invoke"] = map[string]any{"Type": "AWS::Lambda::Permission", "Properties": map[string]any{
			"Action": "lambda:InvokeFunction", "FunctionName": map[string]any{"Fn::GetAtt": []any{"Fn", "Arn"}}, "Principal": s.Invoker,
		}}
		if s.OnFailure {
			res["InvokeConfig"] = map[string]any{"Type": "AWS::Lambda::EventInvokeConfig", "Properties": map[string]any{
				"FunctionName": map[string]any{"Ref": "Fn"}, "Qualifier": "$LATEST",
				"DestinationConfig": map[string]any{"OnFailure": map[string]any{"Destination": "arn:aws:sqs:us-east-1:123456789012:failures"}},
			}}
		}
	case "api":
		res["Invoke"] = map[string]any{"Type": "AWS::Lambda::Permission", "Properties": map[string]any{
			"Action": "lambda:InvokeFunction", "FunctionName": map[string]any{"Fn::GetAtt": []any{"Fn", "Arn"}}, "Principal": "apigateway.amazonaws.com",
		}}
	case "none":
	default:
		panic("unknown source kind " + s.Kind)
	}
	return map[string]any{"Resources": res}
}

// compileTS compiles a TypeScript handler to CommonJS as a bundler ships
// it, with a source map beside it: the pinned esbuild transforms the text
// (it runs none of it), with decorators as the Powertools samples' tsconfig
// declares them.
func compileTS(t *testing.T, from, to string) {
	t.Helper()
	esbuild, err := nodebin.Find("esbuild")
	if err != nil {
		t.Fatalf("esbuild is needed to compile the TypeScript handlers (run make deps): %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(esbuild, from, "--loader:.ts=ts", "--format=cjs", "--platform=node", "--target=node20",
		"--sourcemap", `--tsconfig-raw={"compilerOptions":{"experimentalDecorators":true}}`, "--outfile="+to, "--log-level=warning")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("esbuild %s: %v\n%s", from, err, out)
	}
}

// summary renders the figures docs/advisor.md reports.
func summary(all []outcome) string {
	var (
		handlers, parsed, funcs, unparseable, truth, found, breakingTrue, breakingFound, falseErr, falseWarn int
		rawTS, rawParsed                                                                                     int
		repos                                                                                                = map[string]bool{}
	)
	var rows []string
	for _, o := range all {
		if o.mode == "raw .ts" {
			rawTS++
			if o.inspected {
				rawParsed++
			}
			continue
		}
		handlers++
		repos[strings.Join(strings.SplitN(o.h.Fixture, "__", 3)[:2], "/")] = true
		if o.inspected {
			parsed++
		}
		if o.funcFound {
			funcs++
		}
		if o.h.Unparseable != "" {
			unparseable++
		}
		truth += len(o.h.Expect)
		found += len(o.found)
		for id := range o.h.Expect {
			if breaking(id) {
				breakingTrue++
				if _, ok := o.errors[id]; ok {
					breakingFound++
				}
			}
		}
		falseErr += len(o.falseErrors)
		falseWarn += len(o.falseWarns)
		if len(o.h.Expect)+len(o.falseErrors)+len(o.falseWarns) > 0 || !o.inspected {
			rows = append(rows, fmt.Sprintf("  %-60.60s expect=%v found=%v missed=%v falseErr=%v falseWarn=%v inspected=%v",
				o.h.Fixture, slices.Sorted(maps.Keys(o.h.Expect)), o.found, o.missed, o.falseErrors, o.falseWarns, o.inspected))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "handlers %d from %d repositories; parsed %d (%d judged unparseable); handler function found in %d\n", handlers, len(repos), parsed, unparseable, funcs)
	fmt.Fprintf(&b, "true mistakes %d, found %d; breaking %d, found as errors %d\n", truth, found, breakingTrue, breakingFound)
	fmt.Fprintf(&b, "false errors %d, false warnings (code rules) %d\n", falseErr, falseWarn)
	fmt.Fprintf(&b, "TypeScript shipped raw on nodejs24.x: %d of %d parsed\n", rawParsed, rawTS)
	b.WriteString(strings.Join(rows, "\n"))
	return b.String()
}
