package test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// fakeDynamoDBScript is a DynamoDB endpoint on loopback for bundles that carry
// the SDK: the real client serializes, signs and sends; the fake answers
// GetItem from a fixed table and counts BatchWriteItem calls. The bundle
// finds it through AWS_ENDPOINT_URL_DYNAMODB, with placeholder keys in the
// environment as Lambda sets the role's.
const fakeDynamoDBScript = `
const http = require("node:http");
const items = {
  "42": { pk: { S: "42" }, name: { S: "answer" }, price: { N: "10" } },
  "#price-rules": { pk: { S: "#price-rules" }, discount: { N: "0.1" } },
};
globalThis.batchWrites = 0;
const dynamo = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const input = JSON.parse(body);
    const op = String(req.headers["x-amz-target"]).split(".")[1];
    let out;
    if (op === "GetItem") out = items[input.Key.pk.S] ? { Item: items[input.Key.pk.S] } : {};
    else if (op === "BatchWriteItem") { globalThis.batchWrites++; out = { UnprocessedItems: {} }; }
    else { res.statusCode = 400; out = { __type: "UnknownOperationException" }; }
    res.setHeader("content-type", "application/x-amz-json-1.0");
    res.end(JSON.stringify(out));
  });
});
async function startDynamoDB() {
  await new Promise((r) => dynamo.listen(0, "127.0.0.1", r));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:" + dynamo.address().port, AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test-secret",
  });
}
`

const runner = fakeDynamoDBScript + `
(async () => {
  await startDynamoDB();
  process.env.TABLE_NAME = "items";
  const { handler } = await import("./index.mjs");
  const ev = (method, rawPath, body) => ({ rawPath, body, requestContext: { http: { method } } });
  const show = (label, r) => console.log(label + " -> " + r.statusCode + " " + r.body.trim());
  show("GET /items/42", await handler(ev("GET", "/items/42")));
  show("GET /items/7", await handler(ev("GET", "/items/7")));
  const items = Array.from({ length: 30 }, (_, i) => ({ id: "i" + i, name: "n" + i, price: i }));
  show("POST /items", await handler(ev("POST", "/items", JSON.stringify({ items }))));
  console.log("batch writes: " + globalThis.batchWrites);
  show("POST /items bad", await handler(ev("POST", "/items", "{\"items\":[]}")));
  show("GET /items/42/export", await handler(ev("GET", "/items/42/export")));
  dynamo.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`

// copyBundle copies every file of a bundle (entry and chunks) into dir and
// returns their contents joined, for checks across the whole bundle.
func copyBundle(t *testing.T, asset, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(asset)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(asset, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		testfiles.Write(t, filepath.Join(dir, e.Name()), string(b))
		all.Write(b)
	}
	return all.String()
}

func runNode(t *testing.T, dir string, script string) string {
	t.Helper()
	cmd := exec.Command("node", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, out)
	}
	return string(out)
}
