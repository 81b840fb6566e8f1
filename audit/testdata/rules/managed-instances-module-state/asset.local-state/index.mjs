import { AsyncLocalStorage } from "node:async_hooks";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

// Shared by every request: configuration, one client, a counter, a cache
// filled once per key.
const TABLE = process.env.TABLE_NAME;
const requestContext = new AsyncLocalStorage();
let client;
let invocations = 0;
const byId = new Map();

export const handler = async (event, context) => {
  invocations++;
  client ??= new DynamoDBClient({});
  // The request's own data: locals, and an AsyncLocalStorage store.
  const state = { currentUser: event.userId, requestData: event.data };
  return requestContext.run({ requestId: context.awsRequestId }, async () => {
    const hit = byId.get(event.id);
    if (hit) return hit;
    const out = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: event.id } } }));
    byId.set(event.id, out.Item);
    return { user: state.currentUser, item: out.Item };
  });
};
