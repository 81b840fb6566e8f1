// lambdaperf's runtime interface client for Node.js: loads the handler named
// on the command line (or in _HANDLER) from LAMBDA_TASK_ROOT, then serves the
// Lambda Runtime API loop (GET .../invocation/next, call the handler, POST
// .../response or .../error) until the emulator stops it. Init failures go to
// .../init/error. Node.js built-ins only; the Go package embeds this file.
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

const api = process.env.AWS_LAMBDA_RUNTIME_API;
if (!api) {
  console.error("AWS_LAMBDA_RUNTIME_API is not set: run this client under the Lambda runtime interface emulator");
  process.exit(1);
}
const sep = api.lastIndexOf(":");
const host = api.slice(0, sep);
const port = Number(api.slice(sep + 1));
const base = "/2018-06-01/runtime";
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

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

// Console output carries the request id, as in Lambda's text log format.
let requestId = "";
for (const [name, level] of [["log", "INFO"], ["info", "INFO"], ["warn", "WARN"], ["error", "ERROR"], ["debug", "DEBUG"], ["trace", "TRACE"]]) {
  console[name] = (...args) => {
    process.stdout.write(`${new Date().toISOString()}\t${requestId || "undefined"}\t${level}\t${format(...args)}\n`);
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
    if (current) await postError(`${base}/invocation/${current}/error`, err);
  } finally {
    process.exit(129);
  }
});
process.on("unhandledRejection", async (reason) => {
  console.error("Unhandled Promise Rejection", reason);
  try {
    if (current) await postError(`${base}/invocation/${current}/error`, reason);
  } finally {
    process.exit(128);
  }
});

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
  const h = next.headers;
  current = requestId = h["lambda-runtime-aws-request-id"];
  const deadline = Number(h["lambda-runtime-deadline-ms"]) || Date.now() + 3000;
  if (h["lambda-runtime-trace-id"]) process.env._X_AMZN_TRACE_ID = h["lambda-runtime-trace-id"];
  else delete process.env._X_AMZN_TRACE_ID;
  const context = {
    awsRequestId: requestId,
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
    await postError(`${base}/invocation/${requestId}/error`, err);
    current = undefined;
    continue;
  }
  await call("POST", `${base}/invocation/${requestId}/response`, body);
  current = undefined;
}
