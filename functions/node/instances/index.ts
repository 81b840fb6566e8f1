// Reference Node.js handler for Lambda Managed Instances: it reads an item
// from DynamoDB and, when asked, exports it as a file written through the
// temp folder, while many invocations run at once in one execution
// environment.
//
// On Managed Instances the Node.js runtime runs the handler in worker
// threads, each taking several invocations at once with async/await
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-nodejs-runtime.html).
// Every invocation on a worker shares this module's state, and every worker
// shares the environment's /tmp. So this file keeps three rules:
//
//  1. No per-request state at module level. Only what is the same for every
//     request lives up here (configuration, the DynamoDB client and its
//     connection pool). The request's id, input and results are locals,
//     passed as arguments: a module-level `let current...` would be
//     overwritten by the next invocation while this one awaits DynamoDB.
//  2. No fixed file names in /tmp. Each export gets a folder of its own
//     from mkdtemp (a unique name, created atomically) and removes it when
//     done: a fixed /tmp/export.json would be written by two invocations at
//     once, on this worker or another, and one would read the other's data.
//  3. Connection pools sized for the concurrency. The function's
//     PerExecutionEnvironmentMaxConcurrency is split across the workers;
//     the stack passes each worker's share as SOCKETS_PER_WORKER, and the
//     client's keep-alive agent opens at most that many sockets. Fewer
//     would queue requests behind each other inside the SDK; many more
//     would open connections that concurrency can never use.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

// Configuration: read once, the same for every invocation.
const TABLE = process.env.TABLE_NAME ?? "";
const SOCKETS = Math.max(1, Number(process.env.SOCKETS_PER_WORKER ?? "64"));

// One client per worker, reused by every invocation on it; the SDK client is
// safe for concurrent use, and its pool is sized for this worker's share of
// the concurrency.
const db = new DynamoDBClient({
  requestHandler: { httpsAgent: new Agent({ keepAlive: true, maxSockets: SOCKETS }) },
});

interface Request {
  id?: string;
  export?: boolean;
}

interface Context {
  awsRequestId: string;
}

export async function handler(event: Request, context: Context) {
  // Everything about this request is local to this call.
  const requestId = context.awsRequestId;
  const id = typeof event?.id === "string" && event.id.length <= 256 ? event.id : "";
  if (!id) {
    return { statusCode: 400, body: JSON.stringify({ message: "id (a string of at most 256 characters) is required", requestId }) };
  }
  const out = await db.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: id } } }));
  if (!out.Item) {
    return { statusCode: 404, body: JSON.stringify({ message: `no item ${id}`, requestId }) };
  }
  const item = JSON.stringify(out.Item);
  if (!event.export) {
    return { statusCode: 200, body: item };
  }
  const bytes = await exportThroughTmp(item);
  return { statusCode: 200, body: JSON.stringify({ exported: bytes, requestId }) };
}

// exportThroughTmp writes the item to a file in a folder of its own and
// reads it back, as a step that needs a file (a library that takes a path)
// would: the folder's name is unique to this call and is removed after.
async function exportThroughTmp(item: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "export-"));
  try {
    const file = join(dir, "item.json");
    await writeFile(file, item, { flag: "wx" }); // wx: never overwrite another call's file
    return (await readFile(file)).length;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
