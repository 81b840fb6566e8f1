// Loads a Lambda Node.js handler the way the runtime does, with the AWS SDK
// stubbed, and writes what the runtime decides by to the file named by
// argv[4]: the exported handler's declared parameter count (length) and
// whether it is a response-streaming handler.
// Usage: node probe.cjs TASK_DIR HANDLER OUT_FILE
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const { pathToFileURL } = require("node:url");

const [, , taskDir, handlerString, outFile] = process.argv;
const write = (r) => fs.writeFileSync(outFile, JSON.stringify(r));

// Any property, call or construction of the stub yields the stub again.
const stub = new Proxy(function () {}, {
  get: (_t, p) => (p === Symbol.toPrimitive ? () => "" : p === "then" ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
const stubbed = (r) => r === "aws-sdk" || r.startsWith("@aws-sdk/") || r.startsWith("@smithy/") || r.startsWith("aws-xray-sdk");
const load = Module._load;
Module._load = function (request, ...rest) {
  return stubbed(request) ? stub : load.call(this, request, ...rest);
};
const streaming = Symbol.for("aws.lambda.runtime.handler.streaming");
globalThis.awslambda = {
  streamifyResponse: (fn) => { fn[streaming] = "response"; return fn; },
  HttpResponseStream: { from: (s) => s },
};

(async () => {
  // "dir/file.export.path": the module is up to the first dot of the last
  // path segment, as the runtime splits it.
  const slash = handlerString.lastIndexOf("/") + 1;
  const dot = handlerString.indexOf(".", slash);
  if (dot < 0) return write({ error: "handler has no module.export form" });
  const modulePath = path.resolve(taskDir, handlerString.slice(0, dot));
  const exportPath = handlerString.slice(dot + 1).split(".");
  const file = [".js", ".mjs", ".cjs"].map((e) => modulePath + e).find((f) => fs.existsSync(f));
  if (!file) return write({ error: "no module " + handlerString.slice(0, dot) + " (.js, .mjs or .cjs)" });
  let mod;
  try {
    mod = file.endsWith(".mjs") ? await import(pathToFileURL(file).href) : require(file);
  } catch (e) {
    if (e && e.code === "ERR_REQUIRE_ESM") mod = await import(pathToFileURL(file).href);
    else throw e;
  }
  let fn = mod;
  for (const p of exportPath) fn = fn == null ? undefined : fn[p];
  if (fn === undefined && mod && mod.default) {
    fn = mod.default;
    for (const p of exportPath) fn = fn == null ? undefined : fn[p];
  }
  if (typeof fn !== "function") return write({ error: "export " + exportPath.join(".") + " is not a function" });
  write({ found: true, params: fn.length, streaming: fn[streaming] === "response" });
})().catch((e) => write({ error: "loading failed: " + (e && e.message ? e.message : String(e)) }));
