package handlercode

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// asset writes files into a fresh folder and returns their Files.
func asset(t *testing.T, files map[string]string) (Files, string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Dir(dir), dir
}

func read(t *testing.T, files map[string]string, handler, runtime string) *Facts {
	t.Helper()
	fs, _ := asset(t, files)
	return NewReader(fs, Limits{}).Handler(handler, runtime)
}

// webpackBundle is webpack 5's output shape for a commonjs2 library with
// one module (minified names as webpack writes them).
const webpackBundle = `(()=>{"use strict";var e={d:(o,t)=>{for(var n in t)e.o(t,n)&&!e.o(o,n)&&Object.defineProperty(o,n,{enumerable:!0,get:t[n]})},o:(e,o)=>Object.prototype.hasOwnProperty.call(e,o),r:e=>{Object.defineProperty(e,"__esModule",{value:!0})}},o={};e.r(o),e.d(o,{handler:()=>t});const t=async(e,o)=>({statusCode:200,body:JSON.stringify(e)});module.exports=o})();`

// esbuildCJS is esbuild's CommonJS output of `export const handler`.
const esbuildCJS = `var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __toCommonJS = (mod) => mod;
var src_exports = {};
__export(src_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(src_exports);
var handler = async (event, context, callback) => callback(null, 1);
0 && (module.exports = {
  handler
});
`

func TestResolvesTheHandlerAsTheRuntimeDoes(t *testing.T) {
	for _, c := range []struct {
		name     string
		files    map[string]string
		handler  string
		runtime  string
		file     string
		missing  string // "", "file" or "export"
		params   int
		callback bool
	}{
		{"exports.handler", map[string]string{"index.js": "exports.handler = async (event) => 1;"}, "index.handler", "nodejs22.x", "index.js", "", 1, false},
		{"an ESM export", map[string]string{"index.mjs": "export const handler = async (event, context) => 1;"}, "index.handler", "nodejs22.x", "index.mjs", "", 2, false},
		{"export { a as handler }", map[string]string{"app.mjs": "const main = async (e) => e;\nexport { main as handler };"}, "app.handler", "nodejs22.x", "app.mjs", "", 1, false},
		{"module.exports = { handler }", map[string]string{"index.js": "function handler(event, context, callback) { callback(null, 1); }\nmodule.exports = { handler };"}, "index.handler", "nodejs22.x", "index.js", "", 3, true},
		{"an esbuild CommonJS bundle", map[string]string{"index.js": esbuildCJS}, "index.handler", "nodejs24.x", "index.js", "", 3, true},
		{"a minified esbuild ESM bundle", map[string]string{"index.mjs": `var d=new Map;var m=async(n,t,r)=>r(null,n);export{m as handler};`}, "index.handler", "nodejs24.x", "index.mjs", "", 3, true},
		{"a webpack bundle", map[string]string{"main.js": webpackBundle}, "main.handler", "nodejs22.x", "main.js", "", 2, false},
		{"a nested export path", map[string]string{"index.js": "exports.api = { get: (event, context, cb) => cb(null, 1) };"}, "index.api.get", "nodejs22.x", "index.js", "", 3, true},
		{"a default export object", map[string]string{"index.mjs": "export default { handler: async (e) => e };"}, "index.handler", "nodejs22.x", "index.mjs", "", 1, false},
		{"a folder with index.js", map[string]string{"src/index.js": "exports.handler = async () => 1;"}, "src/index.handler", "nodejs22.x", "src/index.js", "", 0, false},
		{".js before .mjs, as the runtime interface client tries them", map[string]string{"index.js": "exports.handler = async (a, b, c) => 1;", "index.mjs": "export const other = 1;"}, "index.handler", "nodejs22.x", "index.js", "", 3, true},
		{"a missing export", map[string]string{"index.mjs": "export const handle = async () => 1;"}, "index.handler", "nodejs22.x", "index.mjs", "export", 0, false},
		{"a missing file", map[string]string{"app.js": "exports.handler = async () => 1;"}, "index.handler", "nodejs22.x", "", "file", 0, false},
		{"TypeScript only on nodejs22.x", map[string]string{"index.ts": "export const handler = async (e: unknown) => 1;"}, "index.handler", "nodejs22.x", "", "file", 0, false},
		{"exports built at run time are not judged", map[string]string{"index.js": "module.exports = build();"}, "index.handler", "nodejs22.x", "index.js", "", 0, false},
		{"a re-export followed into its file", map[string]string{"index.js": "module.exports = require('./lib/handler');", "lib/handler.js": "exports.handler = async (a, b, c) => 1;"}, "index.handler", "nodejs22.x", "index.js", "", 3, true},
		{"a handler with '..' is refused by the runtime", map[string]string{"index.js": "exports.handler = 1;"}, "../index.handler", "nodejs22.x", "", "file", 0, false},
		{"Python: a module function", map[string]string{"app.py": "def handler(event, context):\n    return 1\n"}, "app.handler", "python3.13", "app.py", "", 2, false},
		{"Python: a package module", map[string]string{"pkg/orders/__init__.py": "def handle(event, context):\n    return 1\n"}, "pkg/orders.handle", "python3.13", "pkg/orders/__init__.py", "", 2, false},
		{"Python: a missing function", map[string]string{"app.py": "def handler(event, context):\n    return 1\n"}, "app.lambda_handler", "python3.13", "app.py", "export", 0, false},
		{"Python: a name bound by an import", map[string]string{"app.py": "from lib import handler\n"}, "app.handler", "python3.13", "app.py", "", 0, false},
		{"Python: a missing module", map[string]string{"app.py": "x = 1\n"}, "main.handler", "python3.13", "", "file", 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := read(t, c.files, c.handler, c.runtime)
			if f.File != c.file {
				t.Errorf("file %q, want %q (not inspected: %v)", f.File, c.file, f.NotInspected)
			}
			switch {
			case c.missing == "" && f.Missing != nil:
				t.Fatalf("missing %s: %s", f.Missing.What, f.Missing.Detail)
			case c.missing != "" && (f.Missing == nil || f.Missing.What != c.missing):
				t.Fatalf("missing %+v, want %s", f.Missing, c.missing)
			case c.missing != "":
				return
			}
			if c.params > 0 {
				if f.Func == nil {
					t.Fatalf("no function found; not inspected %v", f.NotInspected)
				}
				if f.Func.Params != c.params || f.Func.Callback() != c.callback {
					t.Errorf("function %+v: want %d parameters, callback %v", f.Func, c.params, c.callback)
				}
			}
		})
	}
}

func TestWrappers(t *testing.T) {
	f := read(t, map[string]string{"index.mjs": "export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => { responseStream.end(); });"}, "index.handler", "nodejs24.x")
	if f.Func == nil || !f.Func.Streaming || f.Func.Params != 3 || f.Func.Callback() {
		t.Errorf("a streaming handler is not callback-style: %+v", f.Func)
	}
	f = read(t, map[string]string{"index.mjs": "import middy from '@middy/core';\nconst base = async (event, context, callback) => 1;\nexport const handler = middy(base).use(x());"}, "index.handler", "nodejs24.x")
	if f.Func == nil || f.Func.ParamsKnown || f.Func.Callback() || f.Func.Wrapper != "middy" {
		t.Errorf("middy's wrapper hides the parameters the runtime sees: %+v", f.Func)
	}
	f = read(t, map[string]string{"app.py": "from aws_lambda_powertools import Logger\nlogger = Logger()\n\n@logger.inject_lambda_context\ndef handler(event, context):\n    return 1\n"}, "app.handler", "python3.13")
	if f.Func == nil || f.Func.ParamsKnown {
		t.Errorf("a decorated Python handler: %+v", f.Func)
	}
}

func TestConstructionsAtInitAndPerInvocation(t *testing.T) {
	f := read(t, map[string]string{"index.mjs": `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import Redis from "ioredis";
import pg from "pg";
const shared = new DynamoDBClient({});
let cached;
let redis;
function connect() {
  return new pg.Pool({ max: 1 });
}
export const handler = async (event) => {
  const db = new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(db);
  cached ??= new DynamoDBClient({});
  if (!redis) {
    redis = new Redis(process.env.URL);
  }
  const pool = connect();
  return [doc, pool];
};
`}, "index.handler", "nodejs22.x")
	var got []string
	for _, c := range f.Constructions {
		got = append(got, c.Name+" "+string(c.Phase)+map[bool]string{true: " cached"}[c.Cached]+" "+c.Pos.String())
	}
	want := []string{
		"new DynamoDBClient init index.mjs:5",
		"new Pool invocation index.mjs:9",
		"new DynamoDBClient invocation index.mjs:12",
		"DynamoDBDocumentClient.from invocation index.mjs:13",
		"new DynamoDBClient invocation cached index.mjs:14",
		"new Redis invocation cached index.mjs:16",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("constructions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	f = read(t, map[string]string{"app.py": `import os
import boto3
from redis import Redis

s3 = boto3.client("s3")
conn = None


def handler(event, context):
    global conn
    table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
    if conn is None:
        conn = Redis(host="cache")
    with open("config.json") as f:
        cfg = json.load(open("config.json"))
    return table, cfg
`}, "app.handler", "python3.13")
	got = nil
	for _, c := range f.Constructions {
		got = append(got, c.Name+" "+string(c.Phase)+map[bool]string{true: " cached"}[c.Cached]+" "+c.Pos.String())
	}
	want = []string{
		"boto3.client init app.py:5",
		"boto3.resource invocation app.py:11",
		"redis.Redis invocation cached app.py:13",
		"json.load invocation app.py:15",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Python constructions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRequires(t *testing.T) {
	f := read(t, map[string]string{
		"index.js": `const AWS = require("aws-sdk");
const { S3Client } = require("@aws-sdk/client-s3");
const local = require("./lib");
const gone = require("./nothere");
let xray;
try { xray = require("aws-xray-sdk-core"); } catch (e) {}
exports.handler = async () => {
  const lazy = await import("yaml");
  return [AWS, S3Client, local, gone, xray, lazy];
};
`,
		"lib.js": "module.exports = {};",
	}, "index.handler", "nodejs20.x")
	got := map[string]string{}
	for _, r := range f.Requires {
		got[r.Module] = map[bool]string{true: "always"}[r.Always] + "/" + map[bool]string{true: "unresolved"}[r.Unresolved]
	}
	want := map[string]string{
		"aws-sdk":            "always/unresolved", // v2 is not in nodejs20.x
		"@aws-sdk/client-s3": "always/",           // v3 is
		"./lib":              "always/",
		"./nothere":          "always/unresolved",
		"aws-xray-sdk-core":  "/unresolved", // guarded by try
		"yaml":               "/unresolved", // import() where it is used
	}
	for m, w := range want {
		if got[m] != w {
			t.Errorf("%s: %q, want %q", m, got[m], w)
		}
	}
	f = read(t, map[string]string{"index.js": `const AWS = require("aws-sdk"); exports.handler = async () => AWS;`}, "index.handler", "nodejs16.x")
	if len(f.Requires) != 1 || f.Requires[0].Unresolved {
		t.Errorf("nodejs16.x includes SDK v2: %+v", f.Requires)
	}
}

func TestRecordsAndBatchFailures(t *testing.T) {
	first := read(t, map[string]string{"index.js": "exports.handler = async (event) => { const body = JSON.parse(event.Records[0].body); return body; };"}, "index.handler", "nodejs22.x")
	if first.Records.FirstOnly == nil || first.Records.Whole || first.Records.FirstOnly.Line != 1 {
		t.Errorf("only Records[0]: %+v", first.Records)
	}
	for name, src := range map[string]string{
		"for of":         "exports.handler = async (event) => { for (const r of event.Records) console.log(r); return event.Records[0]; };",
		"map":            "exports.handler = async (e) => Promise.all(e.Records.map(async (r) => r));",
		"destructured":   "exports.handler = async ({ Records }) => Records[0];",
		"passed along":   "exports.handler = async (event) => handle(event.Records);",
		"length checked": "exports.handler = async (event) => { if (event.Records.length > 1) throw new Error('one'); return event.Records[0]; };",
	} {
		f := read(t, map[string]string{"index.js": src}, "index.handler", "nodejs22.x")
		if f.Records.FirstOnly != nil || !f.Records.Whole {
			t.Errorf("%s: every record is reachable: %+v", name, f.Records)
		}
	}
	py := read(t, map[string]string{"app.py": "def handler(event, context):\n    rec = event[\"Records\"][0]\n    return rec\n"}, "app.handler", "python3.13")
	if py.Records.FirstOnly == nil || py.Records.FirstOnly.Line != 2 {
		t.Errorf("Python Records[0]: %+v", py.Records)
	}
	batch := read(t, map[string]string{"index.js": "exports.handler = async (event) => { const batchItemFailures = []; return { batchItemFailures }; };"}, "index.handler", "nodejs22.x")
	if batch.ReportsBatchFailures == nil {
		t.Error("batchItemFailures returned, not seen")
	}
}

func TestSwallowedErrors(t *testing.T) {
	for name, c := range map[string]struct {
		src       string
		swallows  bool
		perRecord bool
	}{
		"log and return":                 {"exports.handler = async (e) => { try { await work(e); } catch (err) { console.error(err); return { ok: false }; } };", true, false},
		"rethrown":                       {"exports.handler = async (e) => { try { await work(e); } catch (err) { console.error(err); throw err; } };", false, false},
		"callback with error":            {"exports.handler = (e, c, callback) => { try { work(e); } catch (err) { callback(err); } };", false, false},
		"per record, logged":             {"exports.handler = async (e) => { for (const r of e.Records) { try { await work(r); } catch (err) { console.log(err); } } };", true, true},
		"per record, reported":           {"exports.handler = async (e) => { const f = []; for (const r of e.Records) { try { await work(r); } catch (err) { f.push({ itemIdentifier: r.messageId }); } } return { batchItemFailures: f }; };", false, false},
		"outside the handler":            {"function helper() { try { x(); } catch (e) {} }\nexports.handler = async () => 1;", false, false},
		"per record, collected in a set": {"exports.handler = async (e) => { const failed = new Set(); for (const r of e.Records) { try { await work(r); } catch (err) { failed.add(r.messageId); } } return { batchItemFailures: [...failed].map((id) => ({ itemIdentifier: id })) }; };", false, false},
	} {
		f := read(t, map[string]string{"index.js": c.src}, "index.handler", "nodejs22.x")
		if (f.Swallows != nil) != c.swallows || c.swallows && f.Swallows.PerRecord != c.perRecord {
			t.Errorf("%s: swallows %+v, want %v (per record %v)", name, f.Swallows, c.swallows, c.perRecord)
		}
	}
	py := read(t, map[string]string{"app.py": "def handler(event, context):\n    try:\n        work(event)\n    except ValueError:\n        pass\n    try:\n        work(event)\n    except Exception as e:\n        print(e)\n"}, "app.handler", "python3.13")
	if py.Swallows == nil || py.Swallows.Pos.Line != 8 {
		t.Errorf("Python except Exception (not the narrow except ValueError): %+v", py.Swallows)
	}
}

func TestParallelIsTheHandlersOwnCode(t *testing.T) {
	bundle := "var __commonJS = (cb, mod) => () => mod;\n// node_modules/open/index.js\nvar require_open = __commonJS({\n  \"node_modules/open/index.js\"(exports2, module2) {\n    var cp = require(\"child_process\");\n  }\n});\n\n// src/convert.ts\nvar import_child_process = require(\"child_process\");\nexports.handler = async () => import_child_process.execFileSync(\"convert\");\n"
	f := read(t, map[string]string{"index.js": bundle}, "index.handler", "nodejs22.x")
	if len(f.Parallel) != 1 || !strings.HasPrefix(f.Parallel[0], "index.js:10") {
		t.Errorf("the handler's own child_process, not the unused dependency's: %v", f.Parallel)
	}
}

func TestUnreadableFilesAreNamed(t *testing.T) {
	f := read(t, map[string]string{"index.js": "exports.handler = async ( => {"}, "index.handler", "nodejs22.x")
	if f.Inspected() || len(f.NotInspected) != 1 || !strings.Contains(f.NotInspected[0].Reason, "syntax error at line 1") {
		t.Errorf("a syntax error: %+v", f.NotInspected)
	}
	f = read(t, map[string]string{"app.py": "def handler(event, context)\n    return 1\n"}, "app.handler", "python3.13")
	if f.Inspected() || len(f.NotInspected) != 1 || !strings.Contains(f.NotInspected[0].Reason, "syntax error") {
		t.Errorf("a Python syntax error: %+v", f.NotInspected)
	}
	fs, _ := asset(t, map[string]string{"index.js": "exports.handler = async () => '" + strings.Repeat("x", 4096) + "';"})
	f = NewReader(fs, Limits{FileBytes: 1024}).Handler("index.handler", "nodejs22.x")
	if f.Inspected() || len(f.NotInspected) != 1 || !strings.Contains(f.NotInspected[0].Reason, "larger than") {
		t.Errorf("a file over the cap: %+v", f.NotInspected)
	}
	fs, _ = asset(t, map[string]string{"index.js": "exports.handler = async () => 1;"})
	f = NewReader(fs, Limits{Budget: time.Nanosecond}).Handler("index.handler", "nodejs22.x")
	time.Sleep(time.Millisecond)
	if f.Inspected() {
		t.Errorf("a reader past its budget read the file: %+v", f)
	}
}

// TestHostileShapesEndInAnswers: declarations that refer to each other
// in a cycle and deep nesting end in facts or a named file, never a hang
// or a crash (a cycle once overflowed the stack).
func TestHostileShapesEndInAnswers(t *testing.T) {
	f := read(t, map[string]string{"index.js": "var a = b; var b = a;\nexports.handler = async (e) => { for (const r of a) { await r; } return b.map((x) => x); };\nexports.other = exports.handler = exports.other;"}, "index.handler", "nodejs22.x")
	if f.Missing != nil {
		t.Errorf("cyclic declarations: %+v", f)
	}
	deep := strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	f = read(t, map[string]string{"app.py": "x = " + deep + "\ndef handler(event, context):\n    return x\n"}, "app.handler", "python3.13")
	if f.Inspected() && f.Func == nil {
		t.Errorf("deeply nested Python: %+v", f)
	}
}

func TestEachFileIsParsedOnce(t *testing.T) {
	fs, _ := asset(t, map[string]string{"index.js": "exports.a = async () => 1;\nexports.b = async (x, y, z) => 1;"})
	r := NewReader(fs, Limits{})
	a, b := r.Handler("index.a", "nodejs22.x"), r.Handler("index.b", "nodejs24.x")
	if len(r.js) != 1 || a.Func.Callback() || !b.Func.Callback() {
		t.Errorf("parsed %d files for two handlers of one file; %+v %+v", len(r.js), a.Func, b.Func)
	}
}

func TestZipAssets(t *testing.T) {
	p := filepath.Join(t.TempDir(), "code.zip")
	out, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	w, _ := zw.Create("lib/index.js")
	_, _ = w.Write([]byte("exports.handler = (e, c, cb) => cb(null, 1);"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	z, err := Zip(p)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f := NewReader(z, Limits{}).Handler("lib/index.handler", "nodejs24.x")
	if f.File != "lib/index.js" || !f.Func.Callback() {
		t.Errorf("a handler in a zip: %+v", f)
	}
}

// TestPositionsFollowTheSourceMap bundles a TypeScript handler with the
// repository's esbuild (minified, with a source map, as NodejsFunction
// does) and reads positions in the TypeScript source.
func TestPositionsFollowTheSourceMap(t *testing.T) {
	esbuild := filepath.Join(repoRoot(t), "node_modules", ".bin", "esbuild")
	if _, err := os.Stat(esbuild); err != nil {
		t.Skip("no esbuild in node_modules: run make deps")
	}
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "orders.ts"), []byte(`import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

interface Order { id: string }

export const handler = async (event: { Records: { body: string }[] }): Promise<Order> => {
  const db = new DynamoDBClient({});
  const order: Order = JSON.parse(event.Records[0].body);
  await db.destroy();
  return order;
};
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command(esbuild, filepath.Join(src, "orders.ts"), "--bundle", "--platform=node", "--format=cjs", "--minify", "--sourcemap",
		"--external:@aws-sdk/*", "--outfile="+filepath.Join(out, "index.js"), "--log-level=warning")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("esbuild: %v\n%s", err, b)
	}
	f := NewReader(Dir(out), Limits{}).Handler("index.handler", "nodejs22.x")
	if f.Func == nil || len(f.Constructions) != 1 || f.Records.FirstOnly == nil {
		t.Fatalf("facts of the minified bundle: %+v", f)
	}
	for what, p := range map[string]Pos{"handler": f.Func.Pos, "client": f.Constructions[0].Pos, "Records[0]": *f.Records.FirstOnly} {
		if !strings.HasSuffix(p.File, "orders.ts") {
			t.Errorf("%s at %s: not in the TypeScript source", what, p)
		}
	}
	if f.Constructions[0].Pos.Line != 6 || f.Records.FirstOnly.Line != 7 {
		t.Errorf("client at %s (want line 6), Records[0] at %s (want line 7)", f.Constructions[0].Pos, f.Records.FirstOnly)
	}
}

// TestWrappersFoundOnRealHandlers: handler shapes of public samples that
// hid the handler from the reader (audit/realworld): middy's
// middy().use(...).handler(fn) and Powertools' class-based handler,
// exported as instance.handler.bind(instance), with or without a method
// decorator as esbuild and tsc compile it.
func TestWrappersFoundOnRealHandlers(t *testing.T) {
	f := read(t, map[string]string{"index.mjs": "import middy from '@middy/core';\nimport sqsBatch from '@middy/sqs-partial-batch-failure';\nconst lambdaHandler = async (event, context) => {\n  for (const r of event.Records) { try { await work(r); } catch (e) { console.log(e); } }\n};\nexport const handler = middy().use(sqsBatch()).handler(lambdaHandler);\n"}, "index.handler", "nodejs22.x")
	if f.Func == nil || f.Func.ParamsKnown || f.Func.Pos.Line != 3 || f.Swallows == nil {
		t.Errorf("middy().use(...).handler(fn): the handler is fn: %+v %+v", f.Func, f.Swallows)
	}
	f = read(t, map[string]string{"index.mjs": "import middy from '@middy/core';\nconst mw = (opts) => ({ before: async () => opts });\nexport const handler = middy().use(mw(() => 1)).handler(async (event) => event);\n"}, "index.handler", "nodejs22.x")
	if f.Func == nil || f.Func.Pos.Line != 3 || f.Func.Params != 0 && f.Func.ParamsKnown {
		t.Errorf("a middleware's function argument is not the handler: %+v", f.Func)
	}
	class := "class Lambda {\n  async handler(event, context, callback) { return 1; }\n}\n"
	f = read(t, map[string]string{"index.js": class + "const fn = new Lambda();\nexports.handler = fn.handler.bind(fn);\n"}, "index.handler", "nodejs24.x")
	if f.Func == nil || !f.Func.ParamsKnown || f.Func.Params != 3 || !f.Func.Callback() || f.Func.Pos.Line != 2 {
		t.Errorf("a class instance's bound method is the handler, with its parameters: %+v", f.Func)
	}
	for name, decorate := range map[string]string{
		"esbuild": `__decorateClass([logger.injectLambdaContext()], Lambda.prototype, "handler", 1);`,
		"tsc":     `__decorate([logger.injectLambdaContext()], Lambda.prototype, "handler", null);`,
	} {
		f = read(t, map[string]string{"index.js": class + decorate + "\nconst fn = new Lambda();\nexports.handler = fn.handler.bind(fn);\n"}, "index.handler", "nodejs24.x")
		if f.Func == nil || f.Func.ParamsKnown || f.Func.Callback() || f.Func.Wrapper == "" {
			t.Errorf("%s: a decorated method is replaced by what the decorator returns: %+v", name, f.Func)
		}
	}
}

// TestRecordLoopThatReturns: a return inside the loop over the event's
// records ends the batch (a DynamoDB stream sample of serverless-patterns
// scheduled one record per batch); a return that reports batchItemFailures
// (a FIFO consumer stopping at its first failure, a stream checkpoint), or
// one inside a per-record callback, does not.
func TestRecordLoopThatReturns(t *testing.T) {
	for name, c := range map[string]struct {
		file, src string
		stops     bool
	}{
		"js return in the loop":      {"index.js", "exports.handler = async (event) => {\n  for (const r of event.Records) {\n    if (r.dynamodb.NewImage) {\n      await put(r);\n      return { statusCode: 200 };\n    }\n  }\n};", true},
		"js index loop":              {"index.js", "exports.handler = async (event) => {\n  for (let i = 0; i < event.Records.length; i++) { if (!event.Records[i].body) return; }\n};", true},
		"js continue":                {"index.js", "exports.handler = async (event) => {\n  for (const r of event.Records) { if (!r.body) continue; await put(r); }\n  return { ok: true };\n};", false},
		"js reports the rest":        {"index.js", "exports.handler = async (event) => {\n  const batchItemFailures = [];\n  for (const r of event.Records) { try { await put(r); } catch (e) { batchItemFailures.push({ itemIdentifier: r.messageId }); return { batchItemFailures }; } }\n  return { batchItemFailures };\n};", false},
		"js return in a callback":    {"index.js", "exports.handler = async (event) => Promise.all(event.Records.map(async (r) => { return put(r); }));", false},
		"js search over other array": {"index.js", "const find = (xs, id) => { for (const x of xs) { if (x.id === id) return x; } };\nexports.handler = async (event) => find(event.items, 1);", false},
		"py return in the loop":      {"app.py", "def handler(event, context):\n    for r in event[\"Records\"]:\n        if r.get(\"body\"):\n            return process(r)\n", true},
		"py checkpoint":              {"app.py", "def handler(event, context):\n    records = event.get(\"Records\")\n    for record in records:\n        try:\n            work(record)\n        except Exception:\n            return {\"batchItemFailures\": [{\"itemIdentifier\": record[\"kinesis\"][\"sequenceNumber\"]}]}\n    return {\"batchItemFailures\": []}\n", false},
		"py helper search":           {"app.py", "def find(items, key):\n    for item in items:\n        if item[\"id\"] == key:\n            return item\n\ndef handler(event, context):\n    for r in event[\"Records\"]:\n        find(r[\"items\"], 1)\n", false},
	} {
		handler := "index.handler"
		if strings.HasSuffix(c.file, ".py") {
			handler = "app.handler"
		}
		f := read(t, map[string]string{c.file: c.src}, handler, "nodejs22.x")
		if strings.HasSuffix(c.file, ".py") {
			f = read(t, map[string]string{c.file: c.src}, handler, "python3.13")
		}
		if (f.Records.StopsEarly != nil) != c.stops {
			t.Errorf("%s: stops early at %v, want %v", name, f.Records.StopsEarly, c.stops)
		}
		// The position is the return statement's, not a later token's.
		if name == "js return in the loop" && f.Records.StopsEarly != nil && f.Records.StopsEarly.Line != 5 {
			t.Errorf("%s: the return is on line 5, got %s", name, f.Records.StopsEarly)
		}
	}
}

// TestLegacyContextMethods: context.succeed/fail/done of the handler's
// context parameter, also inside a callback (Amplify's trigger templates
// end with context.done), is recorded; a helper's own context is not the
// runtime's.
func TestLegacyContextMethods(t *testing.T) {
	f := read(t, map[string]string{"index.js": "exports.handler = function(event, ctx) {\n  event.Records.forEach(r => console.log(r));\n  setTimeout(() => ctx.done(null, 'ok'), 1);\n};\n"}, "index.handler", "nodejs24.x")
	if f.LegacyContext == nil || f.LegacyContext.Method != "done" || f.LegacyContext.Pos.Line != 3 {
		t.Errorf("ctx.done in a callback of the handler: %+v", f.LegacyContext)
	}
	for name, src := range map[string]string{
		"async":       "exports.handler = async (event, context) => { return context.getRemainingTimeInMillis(); };\n",
		"other param": "const reply = (context) => context.succeed(1);\nexports.handler = async (event) => reply({ succeed() {} });\n",
	} {
		if f := read(t, map[string]string{"index.js": src}, "index.handler", "nodejs24.x"); f.LegacyContext != nil {
			t.Errorf("%s: %+v", name, f.LegacyContext)
		}
	}
}

// TestRawTypeScriptIsNamed: a .ts handler on nodejs24.x, which Node's type
// stripping may run, is not parsed (none of the public TypeScript handlers
// measured in audit/realworld parse raw); the summary says it is
// TypeScript, not merely "syntax error".
func TestRawTypeScriptIsNamed(t *testing.T) {
	f := read(t, map[string]string{"index.ts": "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) console.log(r); };\n"}, "index.handler", "nodejs24.x")
	if f.Inspected() || len(f.NotInspected) != 1 || !strings.Contains(f.NotInspected[0].Reason, "TypeScript source") || !strings.Contains(f.NotInspected[0].Reason, "syntax error at line 1") {
		t.Errorf("raw TypeScript: %+v", f.NotInspected)
	}
}

// TestMiddyPartialBatchReports: @middy/sqs-partial-batch-failure returns
// batchItemFailures for the handler (its documentation's handler returns
// Promise.allSettled), so the handler reports batch failures: without
// ReportBatchItemFailures on the mapping Lambda ignores them.
func TestMiddyPartialBatchReports(t *testing.T) {
	f := read(t, map[string]string{"index.mjs": "import middy from '@middy/core'\nimport sqsBatch from '@middy/sqs-partial-batch-failure'\nconst lambdaHandler = (event, context) => Promise.allSettled(event.Records.map(async (r) => r))\nexport const handler = middy(lambdaHandler).use(sqsBatch())\n"}, "index.handler", "nodejs22.x")
	if f.ReportsBatchFailures == nil || f.ReportsBatchFailures.Line != 2 {
		t.Errorf("middy's partial batch middleware reports the failures: %+v", f.ReportsBatchFailures)
	}
}
