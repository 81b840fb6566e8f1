package test

import (
	"os/exec"
	"testing"
)

// The stubbed SDK: a GetCommand answers from a fixed table, BatchWrite
// counts its calls. Shapes follow @aws-sdk/lib-dynamodb.
const stubClient = `exports.DynamoDBClient = class { constructor() {} };`

const stubLib = `
const items = { "42": { pk: "42", name: "answer", price: 10 }, "#price-rules": { pk: "#price-rules", discount: 0.1 } };
globalThis.batchWrites = 0;
class GetCommand { constructor(input) { this.input = input; } }
class BatchWriteCommand { constructor(input) { this.input = input; } }
exports.GetCommand = GetCommand;
exports.BatchWriteCommand = BatchWriteCommand;
exports.DynamoDBDocumentClient = { from() { return { async send(cmd) {
  if (cmd instanceof GetCommand) return { Item: items[cmd.input.Key.pk] };
  if (cmd instanceof BatchWriteCommand) { globalThis.batchWrites++; return { UnprocessedItems: {} }; }
  throw new Error("unexpected command");
} }; } };
`

const runner = `
process.env.TABLE_NAME = "items";
const { handler } = require("./index.js");
const ev = (method, rawPath, body) => ({ rawPath, body, requestContext: { http: { method } } });
(async () => {
  const show = (label, r) => console.log(label + " -> " + r.statusCode + " " + r.body.trim());
  show("GET /items/42", await handler(ev("GET", "/items/42")));
  show("GET /items/7", await handler(ev("GET", "/items/7")));
  const items = Array.from({ length: 30 }, (_, i) => ({ id: "i" + i, name: "n" + i, price: i }));
  show("POST /items", await handler(ev("POST", "/items", JSON.stringify({ items }))));
  console.log("batch writes: " + globalThis.batchWrites);
  show("POST /items bad", await handler(ev("POST", "/items", "{\"items\":[]}")));
  show("GET /items/42/export", await handler(ev("GET", "/items/42/export")));
})().catch((e) => { console.error(e); process.exit(1); });
`

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
