package handlercode

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func stateLines(f *Facts) string {
	var out []string
	for _, s := range f.ModuleState {
		out = append(out, fmt.Sprintf("%s %s %s %s", s.Name, s.How, s.Kind, s.Pos))
	}
	return strings.Join(out, "\n")
}

func tempLines(f *Facts) string {
	var out []string
	for _, t := range f.TempFiles {
		out = append(out, fmt.Sprintf("%s %s %s %s", t.Path, t.Call, t.Phase, t.Pos))
	}
	return strings.Join(out, "\n")
}

func TestModuleStateWrittenPerInvocation(t *testing.T) {
	f := read(t, map[string]string{"index.mjs": `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
let currentUser;
let requestCount = 0;
const state = { user: null, data: null };
const results = [];
const cache = new Map();
let client;
let config;
let ready = false;
export const handler = async (event, context) => {
  currentUser = event.user;
  requestCount++;
  state.user = event.userId;
  results.push({ id: context.awsRequestId });
  client ??= new DynamoDBClient({});
  if (!config) {
    config = await load(event.stage);
  }
  cache.set(event.key, event.value);
  ready = true;
  const local = [];
  local.push(event);
  record(event);
  return currentUser;
};
function record(item) {
  results.push(item);
}
async function load(stage) { return { stage }; }
`}, "index.handler", "nodejs22.x")
	want := `currentUser = request index.mjs:11
requestCount ++ counter index.mjs:12
state property request index.mjs:13
results push request index.mjs:14
client ??= lazy index.mjs:15
config = lazy index.mjs:17
cache set keyed index.mjs:19
ready = shared index.mjs:20
results push request index.mjs:27`
	if got := stateLines(f); got != want {
		t.Errorf("module state:\n%s\nwant:\n%s", got, want)
	}
	if n := len(f.RequestStateWrites()); n != 4 {
		t.Errorf("%d writes of request state, want 4", n)
	}
}

func TestLazyInitializationIsNotRequestState(t *testing.T) {
	f := read(t, map[string]string{"index.js": `let secret;
let table = null;
const memo = {};
exports.handler = async (event) => {
  if (secret) return use(secret, event);
  secret = await fetchSecret(event.name);
  table = table || makeTable(event.region);
  if (memo[event.id] === undefined) memo[event.id] = event.value;
  return use(secret, event);
};
`}, "index.handler", "nodejs22.x")
	if got := f.RequestStateWrites(); len(got) != 0 {
		t.Errorf("guarded writes are lazy initialization, not request state: %v", stateLines(f))
	}
	if len(f.ModuleState) != 3 {
		t.Errorf("three writes, each lazy or keyed:\n%s", stateLines(f))
	}
}

func TestOnlyTheFunctionsOwnCodeCounts(t *testing.T) {
	// esbuild's module comments tell the dependency from the function's own
	// code: a write in uuid's rng is not the function's, one in src/ is.
	bundle := `// node_modules/uuid/dist/rng.js
var rnds8Pool = new Uint8Array(256);
var poolPtr = rnds8Pool.length;
var last;
function rng(size) {
  last = size;
  return rnds8Pool.slice(poolPtr, poolPtr += 16);
}

// src/handler.ts
var seen = [];
function remember(id) {
  seen.push(id);
}
exports.handler = async (event) => {
  rng(event.size);
  remember(event.id);
  return 1;
};
`
	f := read(t, map[string]string{"index.js": bundle}, "index.handler", "nodejs22.x")
	if got, want := stateLines(f), "seen push request index.js:13"; got != want {
		t.Errorf("own code only:\n%s\nwant:\n%s", got, want)
	}
}

func TestTempFilesWithFixedNames(t *testing.T) {
	f := read(t, map[string]string{"index.js": `const fs = require("node:fs");
const fsp = require("node:fs/promises");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const REPORT = path.join(os.tmpdir(), "report.csv");
fs.writeFileSync("/tmp/warmup.json", "{}");
exports.handler = async (event, context) => {
  await fsp.writeFile(REPORT, event.body);
  fs.createWriteStream("/tmp/" + "upload.bin");
  const fd = fs.openSync(` + "`/tmp/${\"lock\"}`" + `, "w");
  fs.openSync("/tmp/input.json");
  fs.copyFileSync(event.src, "/tmp/copy.dat");
  await fsp.writeFile(path.join(os.tmpdir(), crypto.randomUUID() + ".csv"), event.body);
  await fsp.writeFile("/tmp/" + context.awsRequestId + ".json", event.body);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "export-"));
  await fsp.writeFile(path.join(dir, "item.json"), event.body);
  fs.writeFileSync("./relative.txt", "x");
  fs.renameSync(path.join(dir, "item.json"), "/tmp/published.json"); // an atomic publish
  return fd;
};
`}, "index.handler", "nodejs22.x")
	want := `/tmp/warmup.json writeFileSync init index.js:7
/tmp/report.csv writeFile invocation index.js:9
/tmp/upload.bin createWriteStream invocation index.js:10
/tmp/lock openSync invocation index.js:11
/tmp/copy.dat copyFileSync invocation index.js:13`
	if got := tempLines(f); got != want {
		t.Errorf("temp files:\n%s\nwant:\n%s", got, want)
	}
}

func TestPythonModuleStateAndTempFiles(t *testing.T) {
	f := read(t, map[string]string{"app.py": `import os
import shutil
import tempfile
import uuid
from pathlib import Path

import boto3

s3 = boto3.client("s3")
MODEL = os.path.join(tempfile.gettempdir(), "model.bin")
s3.download_file("models", "model.bin", MODEL)
current_user = None
invocations = 0
RESULTS = []
CACHE = {}
table = None
SEEN = set()


def handler(event, context):
    global current_user, invocations, table
    current_user = event["user"]
    invocations += 1
    RESULTS.append(event["id"])
    CACHE[event["key"]] = event["value"]
    if table is None:
        table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
    SEEN.add(event["id"])
    local = []
    local.append(event)
    with open("/tmp/out.csv", "w") as fh:
        fh.write(event["body"])
    with open(MODEL, "rb") as fh:
        fh.read()
    Path(f"{tempfile.gettempdir()}/notes.txt").write_text(event["body"])
    unique = os.path.join(tempfile.gettempdir(), f"{uuid.uuid4()}.csv")
    with open(unique, "w") as fh:
        fh.write("x")
    with tempfile.NamedTemporaryFile("w") as tmp:
        tmp.write("x")
    shutil.copy(event["src"], "/tmp/copy.dat")
    with gzip.open("/tmp/archive.gz", mode="wt") as gz:
        gz.write("x")
    shadow(event)
    return current_user


def shadow(event):
    current_user = event["user"]  # a local: no global statement
    RESULTS = [event]  # a local too
    RESULTS.append(event)
    return current_user
`}, "app.handler", "python3.13")
	wantState := `current_user = request app.py:22
invocations += counter app.py:23
RESULTS append request app.py:24
CACHE property keyed app.py:25
table = lazy app.py:27
SEEN add keyed app.py:28`
	if got := stateLines(f); got != wantState {
		t.Errorf("Python module state:\n%s\nwant:\n%s", got, wantState)
	}
	wantTemp := `/tmp/model.bin s3.download_file init app.py:11
/tmp/out.csv open invocation app.py:31
/tmp/notes.txt pathlib.Path.write_text invocation app.py:35
/tmp/copy.dat shutil.copy invocation app.py:41
/tmp/archive.gz gzip.open invocation app.py:42`
	if got := tempLines(f); got != wantTemp {
		t.Errorf("Python temp files:\n%s\nwant:\n%s", got, wantTemp)
	}
}

// TestTheReferenceManagedInstancesHandler bundles the reference handler
// (functions/node/instances/index.ts) as optimizedfn does (minified ESM
// with the AWS SDK, with and without a source map) and reads it: no
// request state at module level and no fixed temp path. The same handler
// with both mistakes planted (a module-level variable set from the request,
// a fixed file name in /tmp in its helper) yields both facts, so the
// reference passes because it is right, not because the reader is blind.
func TestTheReferenceManagedInstancesHandler(t *testing.T) {
	root := repoRoot(t)
	esbuild := filepath.Join(root, "node_modules", ".bin", "esbuild")
	if _, err := os.Stat(esbuild); err != nil {
		t.Skip("no esbuild in node_modules: run make deps")
	}
	src, err := os.ReadFile(filepath.Join(root, "functions", "node", "instances", "index.ts"))
	if err != nil {
		t.Fatal(err)
	}
	planted := strings.Replace(string(src), "export async function handler(", "let lastRequest = \"\";\n\nexport async function handler(", 1)
	planted = strings.Replace(planted, "  const requestId = context.awsRequestId;\n", "  const requestId = context.awsRequestId;\n  lastRequest = requestId;\n", 1)
	planted = strings.Replace(planted, `const file = join(dir, "item.json");`, `const file = join(tmpdir(), "export.json");`, 1)
	if planted == string(src) || !strings.Contains(planted, "lastRequest = requestId") || !strings.Contains(planted, `"export.json"`) {
		t.Fatal("the reference handler changed: plant the mistakes again")
	}
	plantedLine := func(what string) int {
		for i, l := range strings.Split(planted, "\n") {
			if strings.Contains(l, what) {
				return i + 1
			}
		}
		return 0
	}
	for _, c := range []struct {
		name      string
		source    string
		sourceMap bool
	}{
		{"reference", string(src), false},
		{"reference with a source map", string(src), true},
		{"planted", planted, false},
		{"planted with a source map", planted, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			entry := filepath.Join(dir, "index.ts")
			if err := os.WriteFile(entry, []byte(c.source), 0o644); err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			args := []string{entry, "--bundle", "--platform=node", "--target=node22", "--minify", "--main-fields=module,main",
				"--format=esm", "--outfile=" + filepath.Join(out, "index.mjs"), "--log-level=warning"}
			if c.sourceMap {
				args = append(args, "--sourcemap", "--sources-content=false")
			}
			cmd := exec.Command(esbuild, args...)
			cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(root, "node_modules"))
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("esbuild: %v\n%s", err, b)
			}
			f := NewReader(Dir(out), Limits{}).Handler("index.handler", "nodejs24.x")
			if !f.Inspected() || f.Func == nil || !f.Func.Async {
				t.Fatalf("the handler was not read: %+v", f)
			}
			requests, temps := f.RequestStateWrites(), f.TempFiles
			if !strings.HasPrefix(c.name, "planted") {
				if len(requests) > 0 || len(temps) > 0 {
					t.Errorf("the reference handler keeps request state or fixed temp files:\n%s\n%s", stateLines(f), tempLines(f))
				}
				return
			}
			if len(requests) != 1 || len(temps) != 1 || temps[0].Path != "/tmp/export.json" || temps[0].Phase != PerInvocation {
				t.Fatalf("planted mistakes: state\n%s\ntemp files\n%s", stateLines(f), tempLines(f))
			}
			if c.sourceMap {
				if requests[0].Name != "lastRequest" {
					t.Errorf("the minified variable is named %q, want its source name lastRequest from the map", requests[0].Name)
				}
				for what, p := range map[string]Pos{"lastRequest = requestId": requests[0].Pos, "await writeFile(file": temps[0].Pos} {
					if !strings.HasSuffix(p.File, "index.ts") || p.Line != plantedLine(what) {
						t.Errorf("%s at %s, want index.ts:%d", what, p, plantedLine(what))
					}
				}
			}
		})
	}
}
