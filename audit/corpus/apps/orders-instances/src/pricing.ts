// Written for concurrent invocations: what belongs to one request stays in
// locals; the module keeps a client, a counter and a cache filled per key.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

const TABLE = process.env.TABLE_NAME ?? "prices";
let db: DynamoDBClient | undefined;
let invocations = 0;
const prices = new Map<string, number>();

export const handler = async (event: { skus: string[] }) => {
  invocations++;
  db ??= new DynamoDBClient({});
  let total = 0;
  for (const sku of event.skus) {
    total += await price(sku);
  }
  return { total, invocations };
};

async function price(sku: string): Promise<number> {
  const cached = prices.get(sku);
  if (cached !== undefined) return cached;
  const out = await db!.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: sku } } }));
  const value = Number(out.Item?.price?.N ?? "0");
  prices.set(sku, value);
  return value;
}
