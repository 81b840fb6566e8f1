// lambdaperf's runtime interface client for Node.js: loads the handler named
// on the command line (or in _HANDLER) from LAMBDA_TASK_ROOT, then serves the
// Lambda Runtime API loop (GET .../invocation/next, call the handler, POST
// .../response or .../error) until the emulator stops it. Init failures go to
// .../init/error. Node.js built-ins only; the Go package embeds this file.
//
// On Lambda Managed Instances (AWS_LAMBDA_MAX_CONCURRENCY set) it runs as
// AWS's client does there (aws-lambda-nodejs-runtime-interface-client:
// src/worker/ignition.ts, src/runtime/runtime.ts processMultiConcurrent):
// the main thread starts worker threads (LAMBDAPERF_NODEJS_WORKERS, which
// lambdaperf sets from AWS_LAMBDA_NODEJS_WORKER_COUNT or 8 per vCPU); each
// worker loads the handler itself ("Function initialization occurs once per
// worker thread") and loops on one /next poll, starting each invocation with
// setImmediate and polling again at once, so several invocations run on one
// worker with async/await and share its module state
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-nodejs-runtime.html).
// Logs are JSON lines with the invocation's requestId, kept per invocation
// with AsyncLocalStorage. A worker that dies takes only its invocations with
// it; the process ends when every worker has.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { Worker, isMainThread } from "node:worker_threads";

const multiConcurrent = process.env.AWS_LAMBDA_MAX_CONCURRENCY !== undefined;
const jsonLogs = (process.env.AWS_LAMBDA_LOG_FORMAT || "").toUpperCase() === "JSON";

const api = process.env.AWS_LAMBDA_RUNTIME_API;
if (!api) {
  console.error("AWS_LAMBDA_RUNTIME_API is not set: run this client under the Lambda runtime interface emulator");
  process.exit(1);
}
const sep = api.lastIndexOf(":");
const host = api.slice(0, sep);
const port = Number(api.slice(sep + 1));
const base = "/2018-06-01/runtime";
// One socket serves one invocation at a time; several run at once on Managed
// Instances (a /next poll waits while responses are posted).
// A socket is this worker's alone and stays open while an invocation taken
// on it runs: lambdaperf reads its close as the worker's end.
const agent = new http.Agent({ keepAlive: true, maxSockets: multiConcurrent ? Infinity : 1, maxFreeSockets: Infinity });

function call(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) {
      h["content-type"] = "application/json";
      h["content-length"] = Buffer.byteLength(body);
    }
    const req = http.request({ host, port, method, path: urlPath, agent, headers: h }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Lambda's error shape for Node.js: errorType, errorMessage, trace.
function errorPayload(err) {
  if (err instanceof Error) {
    return { errorType: err.name || "Error", errorMessage: err.message, trace: String(err.stack || "").split("\n") };
  }
  let message;
  try {
    message = typeof err === "string" ? err : JSON.stringify(err);
  } catch {
    message = String(err);
  }
  return { errorType: "Error", errorMessage: message, trace: [] };
}

// Console output carries the request id, as in Lambda's text log format, or
// in a JSON line (AWS_LAMBDA_LOG_FORMAT=JSON, always on Managed Instances).
// With several invocations at once the id is the one of the async context.
let requestId = "";
const invocationStore = new AsyncLocalStorage();
const currentRequestId = () => invocationStore.getStore()?.requestId ?? requestId;
for (const [name, level] of [["log", "INFO"], ["info", "INFO"], ["warn", "WARN"], ["error", "ERROR"], ["debug", "DEBUG"], ["trace", "TRACE"]]) {
  console[name] = (...args) => {
    const id = currentRequestId();
    if (jsonLogs) {
      const line = { timestamp: new Date().toISOString(), level, message: format(...args) };
      if (id) line.requestId = id;
      process.stdout.write(JSON.stringify(line) + "\n");
    } else {
      process.stdout.write(`${new Date().toISOString()}\t${id || "undefined"}\t${level}\t${format(...args)}\n`);
    }
  };
}

class HandlerError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

function requireOrImport(file) {
  try {
    return createRequire(import.meta.url)(file);
  } catch (err) {
    if (err && err.code === "ERR_REQUIRE_ESM") return import(pathToFileURL(file).href);
    throw err;
  }
}

// "src/index.handler": module src/index(.js|.mjs|.cjs), export handler.
async function loadHandler(spec, root) {
  const slash = spec.lastIndexOf("/");
  const dot = spec.indexOf(".", slash + 1);
  if (dot < 0) throw new HandlerError("Runtime.MalformedHandlerName", `Bad handler ${spec}: expected FILE.EXPORT`);
  const modulePath = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1).split(".");
  let file;
  for (const ext of [".js", ".mjs", ".cjs"]) {
    const candidate = path.resolve(root, modulePath + ext);
    if (fs.existsSync(candidate)) {
      file = candidate;
      break;
    }
  }
  if (!file) throw new HandlerError("Runtime.ImportModuleError", `Error: Cannot find module '${modulePath}' in ${root}`);
  let mod;
  try {
    // As Lambda's runtime: require a .js or .cjs handler (import() of a
    // CommonJS file first scans it for named exports, which a large bundle
    // pays for at every cold start), import a .mjs one or an ES module.
    mod = file.endsWith(".mjs") ? await import(pathToFileURL(file).href) : await requireOrImport(file);
  } catch (err) {
    if (err instanceof SyntaxError) throw new HandlerError("Runtime.UserCodeSyntaxError", `${err.name}: ${err.message}`);
    if (err && (err.code === "ERR_MODULE_NOT_FOUND" || err.code === "MODULE_NOT_FOUND")) throw new HandlerError("Runtime.ImportModuleError", `Error: ${err.message}`);
    throw err;
  }
  const find = (obj) => exportPath.reduce((o, k) => (o == null ? undefined : o[k]), obj);
  const fn = find(mod) ?? find(mod.default);
  if (typeof fn !== "function") throw new HandlerError("Runtime.HandlerNotFound", `${modulePath}.${exportPath.join(".")} is undefined or not exported`);
  return fn;
}

// Promise and callback handlers alike.
function invoke(fn, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(result);
    };
    try {
      const out = fn(event, context, done);
      if (out && typeof out.then === "function") out.then((r) => done(null, r), (e) => done(e ?? new Error("handler rejected")));
      else if (fn.length < 3) done(null, out);
    } catch (err) {
      done(err);
    }
  });
}

async function postError(urlPath, err) {
  const payload = errorPayload(err);
  await call("POST", urlPath, JSON.stringify(payload), { "Lambda-Runtime-Function-Error-Type": payload.errorType });
}

let current; // the request id being served, for uncaught errors
process.on("uncaughtException", async (err) => {
  console.error("Uncaught Exception", err);
  try {
    // On Managed Instances the worker ends: what it held fails, the other
    // workers run on.
    if (current && !multiConcurrent) await postError(`${base}/invocation/${current}/error`, err);
  } finally {
    process.exit(129);
  }
});
process.on("unhandledRejection", async (reason) => {
  console.error("Unhandled Promise Rejection", reason);
  try {
    if (current && !multiConcurrent) await postError(`${base}/invocation/${current}/error`, reason);
  } finally {
    process.exit(128);
  }
});

// startWorkers is the main thread on Managed Instances: it only starts the
// worker threads, each a runtime of its own, and ends with the last.
function startWorkers() {
  const count = Math.max(1, Number(process.env.LAMBDAPERF_NODEJS_WORKERS) || 1);
  // As AWS's client: heap flags that worker threads refuse stay out.
  const execArgv = process.execArgv.filter((a) => !["--expose-gc", "--max-semi-space-size", "--max-old-space-size"].some((f) => a.startsWith(f)));
  let alive = count;
  for (let i = 0; i < count; i++) {
    const worker = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2), execArgv });
    worker.on("error", (err) => console.error(`worker ${i} failed:`, err));
    worker.on("exit", (code) => {
      if (code !== 0) console.error(`worker ${i} exited with code ${code}`);
      if (--alive === 0) process.exit(1);
    });
  }
}

// handle runs one invocation and posts its answer.
async function handle(next, handler) {
  const h = next.headers;
  const id = h["lambda-runtime-aws-request-id"];
  if (!multiConcurrent) {
    current = requestId = id;
    if (h["lambda-runtime-trace-id"]) process.env._X_AMZN_TRACE_ID = h["lambda-runtime-trace-id"];
    else delete process.env._X_AMZN_TRACE_ID;
  }
  const deadline = Number(h["lambda-runtime-deadline-ms"]) || Date.now() + 3000;
  const context = {
    awsRequestId: id,
    xRayTraceId: h["lambda-runtime-trace-id"],
    invokedFunctionArn: h["lambda-runtime-invoked-function-arn"],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: h["lambda-runtime-client-context"] ? JSON.parse(h["lambda-runtime-client-context"]) : undefined,
    identity: h["lambda-runtime-cognito-identity"] ? JSON.parse(h["lambda-runtime-cognito-identity"]) : undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let body;
  try {
    const result = await invoke(handler, JSON.parse(next.body), context);
    body = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    if (multiConcurrent) console.error("Invoke Error", err); // as AWS's client logs it
    endOutput(id);
    await postError(`${base}/invocation/${id}/error`, err);
    current = undefined;
    return;
  }
  endOutput(id);
  await call("POST", `${base}/invocation/${id}/response`, body);
  current = undefined;
}

// endOutput tells lambdaperf, on Managed Instances, that the invocation's
// output is all written: a worker thread's output reaches the process's
// stdout after its answer may have reached the Runtime API.
function endOutput(id) {
  if (multiConcurrent) process.stdout.write(JSON.stringify({ lambdaperf: "invocation-end", requestId: id }) + "\n");
}

async function serve() {
  const spec = process.argv[2] || process.env._HANDLER;
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  let handler;
  try {
    handler = await loadHandler(spec || "", root);
  } catch (err) {
    console.error(err);
    await postError(`${base}/init/error`, err).catch(() => {});
    process.exit(1);
  }
  for (;;) {
    const next = await call("GET", `${base}/invocation/next`);
    if (next.status !== 200) {
      console.error(`runtime API answered ${next.status} to invocation/next: ${next.body}`);
      process.exit(1);
    }
    if (!multiConcurrent) {
      await handle(next, handler);
      continue;
    }
    const id = next.headers["lambda-runtime-aws-request-id"];
    setImmediate(() => {
      invocationStore.run({ requestId: id }, () => {
        handle(next, handler).catch((err) => {
          console.error("lambdaperf: answering the runtime API failed:", err);
          process.exit(1);
        });
      });
    });
  }
}

if (multiConcurrent && isMainThread) startWorkers();
else await serve();
