// Reference Node.js handler: a Function URL API over a DynamoDB table that
// shows the playbook's code habits. optimizedfn bundles it with the SDK
// (SplitESM, SDKBundled): tree-shaken, minified, lazily imported modules in
// chunks of their own.
//
// Init-path habits, each measured on its own by `make bench`
// (BenchmarkNodeInitHabits: the handler's DynamoDB access with and without
// the habit, built as here, process start to handler loaded, median of 41
// paired runs, two runs on 2026-12-03, shared 2-core machine, noise about
// ±3 %):
// - Kept: the barebones DynamoDBClient and its commands (GetItemCommand,
//   BatchWriteItemCommand) with attribute values written out, not the
//   DocumentClient of @aws-sdk/lib-dynamodb: 0.94x and 0.96x the load
//   time, 11.7 KB less to parse (lib-dynamodb, util-dynamodb).
// - Not kept: credentials: fromEnv() of @aws-sdk/credential-provider-env
//   instead of the default chain measured 1.06x and 1.05x, with the same
//   bytes: the client's runtime config imports the chain anyway, the
//   chain's first link is that same fromEnv (Lambda sets the role's keys
//   in the environment), and its other links are import()ed chunks never
//   read.
// - Not kept: the zod schema in a lazily import()ed module measured 0.99x
//   and 0.97x, within noise, and costs the first POST one more chunk read.
// - Kept: YAML export, rare and the largest dependency (112 KB), is
//   import()ed on its branch: its chunk is never read during init.
// - Nothing runs at the top level but building the client, whose
//   connections are reused by every warm invocation; it opens none until
//   the first send.
import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import * as z from "zod/mini";

const TABLE = process.env.TABLE_NAME ?? "";
const db = new DynamoDBClient({});

// A small in-memory cache that lives as long as the execution environment.
const CACHE_TTL_MS = 60_000;
const cache = new Map<string, { value: unknown; expires: number }>();

async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expires > Date.now()) return hit.value as T;
  const value = await load();
  cache.set(key, { value, expires: Date.now() + CACHE_TTL_MS });
  return value;
}

const Item = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)), name: z.string().check(z.maxLength(256)), price: z.number().check(z.nonnegative()) });
const PutItems = z.object({ items: z.array(Item).check(z.minLength(1), z.maxLength(100)) });

interface UrlEvent {
  rawPath: string;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string } };
}

interface UrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const json = (statusCode: number, body: unknown): UrlResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

type Row = Record<string, AttributeValue>;

async function getItem(id: string): Promise<Row | undefined> {
  const out = await db.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: id } } }));
  return out.Item;
}

// GET /items/{id}: the item and the price rules are independent, so they
// are fetched in parallel with Promise.all rather than one after the other.
async function readItem(id: string): Promise<UrlResult> {
  const [item, rules] = await Promise.all([
    getItem(id),
    cached("price-rules", async () => Number((await getItem("#price-rules"))?.discount?.N ?? 0)),
  ]);
  if (!item) return json(404, { error: `no item ${id}` });
  const discount = Number.isFinite(rules) ? rules : 0;
  return json(200, { id, name: item.name?.S, price: Number(item.price?.N) * (1 - discount) });
}

// POST /items: one BatchWrite per 25 items instead of a loop of single
// writes, retrying what DynamoDB hands back unprocessed.
async function writeItems(body: string | undefined): Promise<UrlResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    return json(400, { error: "body must be JSON" });
  }
  const input = PutItems.safeParse(parsed);
  if (!input.success) return json(400, { error: input.error.issues.map((i) => i.message).join("; ") });
  const requests = input.data.items.map((i) => ({ PutRequest: { Item: { pk: { S: i.id }, name: { S: i.name }, price: { N: String(i.price) } } } }));
  const chunks = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  await Promise.all(chunks.map(async (chunk) => {
    let pending: typeof chunk | undefined = chunk;
    for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
      const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: pending } }));
      pending = out.UnprocessedItems?.[TABLE] as typeof chunk | undefined;
    }
    if (pending?.length) throw new Error(`${pending.length} items left unprocessed`);
  }));
  return json(201, { written: requests.length });
}

// GET /items/{id}/export: YAML export is rare and its serializer is the
// heaviest module in the bundle, so it is loaded lazily on this branch
// instead of during every cold start (SplitESM puts it in a chunk of its
// own, read on first use). yaml is CommonJS: import() of it gives its
// exports as `default` in Node.js and in every esbuild format; named
// exports with code splitting only through lambdaperf's interop
// (https://github.com/evanw/esbuild/issues/3245).
async function exportItem(id: string): Promise<UrlResult> {
  const [item, { default: { stringify } }] = await Promise.all([getItem(id), import("yaml")]);
  if (!item) return json(404, { error: `no item ${id}` });
  const plain = Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.N !== undefined ? Number(v.N) : v.S]));
  return { statusCode: 200, headers: { "content-type": "application/yaml" }, body: stringify(plain) };
}

export async function handler(event: UrlEvent): Promise<UrlResult> {
  const method = event.requestContext.http.method;
  const body = event.isBase64Encoded && event.body ? Buffer.from(event.body, "base64").toString() : event.body;
  if (method === "POST" && event.rawPath === "/items") return writeItems(body);
  const match = /^\/items\/([^/]+)(\/export)?$/.exec(event.rawPath);
  if (method === "GET" && match) {
    const id = decodeURIComponent(match[1]);
    return match[2] ? exportItem(id) : readItem(id);
  }
  return json(404, { error: "use GET /items/{id}, GET /items/{id}/export or POST /items" });
}
