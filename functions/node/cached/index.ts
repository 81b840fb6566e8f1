// Reference Node.js handler in a VPC: reads items through a shared Valkey
// cache (ElastiCache Serverless) in front of DynamoDB, the source of truth,
// and signs every response with a key it reads from Secrets Manager through
// the AWS Parameters and Secrets Lambda Extension on localhost.
//
// The cache is an optimization, never a dependency: the client connects
// lazily, queues nothing while it is not connected, gives up fast, and a
// cache that is down is skipped for a while (the request goes to DynamoDB)
// instead of every request paying a connect timeout.
//
// Init path (measured as for functions/node/api, whose comments give the
// numbers): optimizedfn bundles the SDK (SplitESM, SDKBundled); the
// barebones DynamoDBClient with GetItemCommand instead of lib-dynamodb's
// DocumentClient; the default credential chain (its first link reads the
// environment); the cache client is built at the top level but connects
// on first use. Clients are reused by every warm invocation.
import { createHmac } from "node:crypto";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { Cluster } from "ioredis";

const TABLE = process.env.TABLE_NAME ?? "";
const db = new DynamoDBClient({});

const CACHE_TTL_S = 60;
const CONNECT_TIMEOUT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 250;
const SKIP_CACHE_MS = 30_000; // after a failure, go straight to DynamoDB for this long

// ElastiCache Serverless speaks the cluster protocol over TLS: a Cluster
// client on the one endpoint, with dnsLookup passing the name through so
// TLS checks the certificate against it.
const endpoint = process.env.CACHE_ENDPOINT;
const cache = endpoint
  ? new Cluster([{ host: endpoint, port: Number(process.env.CACHE_PORT ?? 6379) }], {
      dnsLookup: (address, callback) => callback(null, address),
      lazyConnect: true, // connect on first use, not during init
      enableOfflineQueue: false, // fail at once while disconnected, never queue
      clusterRetryStrategy: () => null, // no background reconnects: the next request decides
      slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
      redisOptions: {
        tls: {},
        connectTimeout: CONNECT_TIMEOUT_MS,
        commandTimeout: COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
      },
    })
  : undefined;
cache?.on("error", () => {}); // failures are handled where the cache is used

let skipUntil = 0;
let connecting: Promise<void> | undefined;

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`cache: no answer in ${ms} ms`)), ms).unref());
}

// ready returns the connected cache, or undefined when there is none or it
// is down; a failure makes the next requests skip it for SKIP_CACHE_MS.
async function ready(): Promise<Cluster | undefined> {
  if (!cache || Date.now() < skipUntil) return undefined;
  if (cache.status === "ready") return cache;
  try {
    if (!connecting) {
      connecting = cache.connect().finally(() => {
        connecting = undefined;
      });
    }
    await Promise.race([connecting, timeout(CONNECT_TIMEOUT_MS)]);
    return cache;
  } catch (err) {
    down(err);
    return undefined;
  }
}

function down(err: unknown) {
  skipUntil = Date.now() + SKIP_CACHE_MS;
  console.warn(JSON.stringify({ message: "cache unavailable, reading DynamoDB", error: String(err) }));
  cache?.disconnect();
}

// Secrets come from the extension's local cache: one HTTP call on
// localhost, and a Secrets Manager call only once per TTL per environment.
async function secret(): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? "2773";
  const id = encodeURIComponent(process.env.SIGNING_KEY_SECRET_NAME ?? "");
  const res = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${id}`, {
    headers: { "X-Aws-Parameters-Secrets-Token": process.env.AWS_SESSION_TOKEN ?? "" },
  });
  if (!res.ok) throw new Error(`secrets extension answered ${res.status}`);
  return ((await res.json()) as { SecretString: string }).SecretString;
}

interface UrlEvent {
  rawPath: string;
  requestContext: { http: { method: string } };
}

interface UrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

async function respond(statusCode: number, body: unknown, source: string): Promise<UrlResult> {
  const text = JSON.stringify(body);
  const signature = createHmac("sha256", await secret()).update(text).digest("hex");
  return {
    statusCode,
    headers: { "content-type": "application/json", "x-cache": source, "x-signature": signature },
    body: text,
  };
}

// Read-through: the cache first, DynamoDB on a miss (then fill the cache),
// DynamoDB alone when the cache is down.
async function readItem(id: string): Promise<UrlResult> {
  const key = `item:${id}`;
  const c = await ready();
  if (c) {
    try {
      const hit = await c.get(key);
      if (hit !== null) return respond(200, JSON.parse(hit), "hit");
    } catch (err) {
      down(err);
    }
  }
  const out = await db.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: id } } }));
  if (!out.Item) return respond(404, { error: `no item ${id}` }, c ? "miss" : "bypass");
  const item = { id, name: out.Item.name?.S, price: Number(out.Item.price?.N) };
  if (c && Date.now() >= skipUntil) {
    // Filling the cache must not fail the request.
    await c.set(key, JSON.stringify(item), "EX", CACHE_TTL_S).catch(down);
  }
  return respond(200, item, c ? "miss" : "bypass");
}

export async function handler(event: UrlEvent): Promise<UrlResult> {
  const match = /^\/items\/([A-Za-z0-9_-]{1,64})$/.exec(event.rawPath);
  if (event.requestContext.http.method !== "GET" || !match) return respond(404, { error: "not found" }, "none");
  return readItem(match[1]);
}
