// Artillery processor written by `lambdaperf load --url ... --artillery FILE`,
// beside the script. Two hooks, both on every request:
//
// lambdaperfSign signs the request with AWS Signature Version 4 (service
// "lambda") so a Function URL with AuthType AWS_IAM answers. Credentials
// come from the standard environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, as Lambda gives run-lambda's
// workers), else from the SDK's default chain (a profile, a Fargate task
// role for run-fargate's workers). It uses the AWS SDK's signer,
// @smithy/signature-v4, and @aws-sdk/credential-providers: from the
// project's node_modules, else from the Artillery installation's (Artillery
// depends on the SDK). Without credentials it sends the request unsigned
// (a 403, counted as an error) and says why once.
//
// lambdaperfCount counts answers a gate must see as errors, which Artillery
// counts as successes: 5xx (a function error is a 502), 429 (throttled) and
// 403 (the signature was refused), as the counter lambdaperf.errors, which
// the script's `ensure` condition reads.
"use strict";

const { createHash, createHmac } = require("node:crypto");
const path = require("node:path");

// load requires a package from here, else from where Artillery runs.
function load(name) {
  try {
    return require(name);
  } catch (first) {
    const roots = [require.main && require.main.filename, process.argv[1]].filter(Boolean);
    for (const root of roots) {
      try {
        return require(require.resolve(name, { paths: [path.dirname(root)] }));
      } catch {
        // next root
      }
    }
    throw first;
  }
}

// Sha256 is the hash constructor the signer takes: node:crypto, as the
// SDK's @smithy/hash-node wraps it.
class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data) {
    this.hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

let signer; // undefined until the first request, null without credentials
let warned = false;

// regionOf reads the region of a Function URL host
// (<url-id>.lambda-url.<region>.on.aws), else the environment's.
function regionOf(hostname) {
  const m = /\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(hostname);
  return (m && m[1]) || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1";
}

// credentialsFor is the credential provider: the environment's, else the
// SDK's default chain, else none.
function credentialsFor(env) {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const creds = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
    return async () => creds;
  }
  try {
    return load("@aws-sdk/credential-providers").fromNodeProviderChain();
  } catch {
    return null;
  }
}

function warnOnce(why) {
  if (!warned) {
    warned = true;
    console.error("lambdaperf: requests go unsigned (an AWS_IAM Function URL answers 403): " + why);
  }
}

function lambdaperfSign(requestParams, context, ee, next) {
  const url = new URL(requestParams.url);
  if (signer === undefined) {
    const credentials = credentialsFor(process.env);
    signer = null;
    if (!credentials) {
      warnOnce("no AWS credentials in the environment and no @aws-sdk/credential-providers to find others");
    } else {
      const { SignatureV4 } = load("@smithy/signature-v4");
      signer = new SignatureV4({ service: "lambda", region: regionOf(url.hostname), sha256: Sha256, credentials });
    }
  }
  if (!signer) {
    return next();
  }
  const query = {};
  for (const [k, v] of url.searchParams) {
    query[k] = k in query ? [].concat(query[k], v) : v;
  }
  const headers = { host: url.host };
  for (const [k, v] of Object.entries(requestParams.headers || {})) {
    headers[k.toLowerCase()] = String(v);
  }
  let body = requestParams.body;
  if (requestParams.json !== undefined && typeof requestParams.json !== "boolean") {
    body = JSON.stringify(requestParams.json);
    requestParams.body = body;
    delete requestParams.json;
  }
  const request = {
    method: requestParams.method.toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers,
    body,
  };
  signer
    .sign(request)
    .then((signed) => {
      requestParams.headers = requestParams.headers || {};
      for (const [k, v] of Object.entries(signed.headers)) {
        if (k !== "host") requestParams.headers[k] = v;
      }
      next();
    })
    .catch((err) => {
      warnOnce(String(err && err.message ? err.message : err));
      next();
    });
}

function lambdaperfCount(requestParams, response, context, ee, next) {
  const status = response.statusCode;
  ee.emit("counter", "lambdaperf.errors", status >= 500 || status === 429 || status === 403 ? 1 : 0);
  next();
}

module.exports = { lambdaperfSign, lambdaperfCount, regionOf, Sha256 };
