// Reference Node.js handler: a Function URL API over a DynamoDB table that
// shows the playbook's code habits. esbuild bundles it; @aws-sdk/* is left
// to the SDK the Lambda runtime ships.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";

// Init code runs once per execution environment, outside the handler:
// clients and their connection pools are reused by every warm invocation.
const TABLE = process.env.TABLE_NAME ?? "";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

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

async function getItem(id: string) {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: id } }));
  return out.Item;
}

// GET /items/{id}: the item and the price rules are independent, so they
// are fetched in parallel with Promise.all rather than one after the other.
async function readItem(id: string): Promise<UrlResult> {
  const [item, rules] = await Promise.all([
    getItem(id),
    cached("price-rules", async () => (await getItem("#price-rules"))?.discount ?? 0),
  ]);
  if (!item) return json(404, { error: `no item ${id}` });
  const discount = typeof rules === "number" ? rules : 0;
  return json(200, { id, name: item.name, price: item.price * (1 - discount) });
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
  const requests = input.data.items.map((i) => ({ PutRequest: { Item: { pk: i.id, name: i.name, price: i.price } } }));
  const chunks = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  await Promise.all(chunks.map(async (chunk) => {
    let pending: typeof chunk | undefined = chunk;
    for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
      pending = out.UnprocessedItems?.[TABLE] as typeof chunk | undefined;
    }
    if (pending?.length) throw new Error(`${pending.length} items left unprocessed`);
  }));
  return json(201, { written: requests.length });
}

// GET /items/{id}/export: YAML export is rare and its serializer is the
// heaviest module in the bundle, so it is loaded lazily on this branch
// instead of during every cold start (esbuild keeps it in the one bundle
// file but runs its module code only on first use).
async function exportItem(id: string): Promise<UrlResult> {
  const [item, { stringify }] = await Promise.all([getItem(id), import("yaml")]);
  if (!item) return json(404, { error: `no item ${id}` });
  return { statusCode: 200, headers: { "content-type": "application/yaml" }, body: stringify(item) };
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
