// A local stand-in for an AWS_IAM Function URL's front end, for the tests:
// it verifies each request's SigV4 signature with the AWS SDK's signer
// (@smithy/signature-v4, the one the Artillery processor signs with, found
// on NODE_PATH) and the credentials of its environment, answers 403 with
// the reason when it does not match, else forwards the request to
// UPSTREAM (lambdaperf serve) and returns its answer. Prints its URL.
"use strict";

const http = require("node:http");
const path = require("node:path");
const { SignatureV4 } = require("@smithy/signature-v4");
// The processor's hash constructor (node:crypto), as the signer takes it.
const { Sha256 } = require(path.join(__dirname, "..", "..", "artillery-processor.cjs"));

const env = process.env;
const region = env.AWS_REGION || "us-east-1";
const signer = new SignatureV4({
  service: "lambda",
  region,
  sha256: Sha256,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN },
});
const upstream = new URL(env.UPSTREAM);

// verify returns "" for a good signature, else why it is not.
async function verify(req, body) {
  const auth = req.headers.authorization || "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return "no SigV4 Authorization header";
  const [, keyId, , scopeRegion, service, signedHeaders] = m;
  if (keyId !== env.AWS_ACCESS_KEY_ID) return "unknown access key " + keyId;
  if (scopeRegion !== region || service !== "lambda") return `signed for ${scopeRegion}/${service}, not ${region}/lambda`;
  const amzDate = req.headers["x-amz-date"] || "";
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!d) return "no X-Amz-Date";
  const date = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6]));
  if (Math.abs(Date.now() - date.getTime()) > 5 * 60 * 1000) return "X-Amz-Date is more than 5 minutes off";
  const url = new URL(req.url, "http://" + req.headers.host);
  const query = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
  // Only the headers the client signed; the payload hash is recomputed
  // from the body, not taken from the request.
  const headers = {};
  for (const name of signedHeaders.split(";")) {
    if (name !== "x-amz-content-sha256" && req.headers[name] !== undefined) headers[name] = req.headers[name];
  }
  const expected = await signer.sign(
    { method: req.method, protocol: "http:", hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, query, headers, body: body.length ? body : undefined },
    { signingDate: date },
  );
  return expected.headers.authorization === auth ? "" : "signature does not match";
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks);
    let why;
    try {
      why = await verify(req, body);
    } catch (e) {
      why = String(e);
    }
    if (why) {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ Message: "Forbidden: " + why }));
      return;
    }
    const headers = { ...req.headers, host: upstream.host };
    const up = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (ur) => {
      res.writeHead(ur.statusCode, ur.headers);
      ur.pipe(res);
    });
    up.on("error", (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    up.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
