// Checkout stores an order: POST a JSON body {"orderId", "items": [...]}
// through the function's URL. zod checks the body; the DynamoDB client
// comes from @aws-sdk, which esbuild bundles in, tree-shaken and minified
// (optimizedfn's default, SDKBundled): it loads faster than the copy the
// Lambda runtime ships, and runs the version in the lock file.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import * as z from "zod/mini";

// Built once per execution environment, reused by every warm invocation.
const db = new DynamoDBClient({});
const TABLE = process.env.TABLE_NAME ?? "";

const Order = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(64)),
  items: z.array(z.object({ sku: z.string().check(z.minLength(1)), quantity: z.number().check(z.int(), z.positive()) })).check(z.minLength(1), z.maxLength(50)),
});

// The parts of a Function URL event and result this handler uses.
type UrlEvent = { body?: string; isBase64Encoded?: boolean };
type UrlResult = { statusCode: number; headers: Record<string, string>; body: string };

function reply(statusCode: number, body: unknown): UrlResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

export const handler = async (event: UrlEvent): Promise<UrlResult> => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString() : (event.body ?? "");
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch {
    return reply(400, { error: "the body is not JSON" });
  }
  const order = Order.safeParse(input);
  if (!order.success) {
    return reply(400, { error: order.error.issues.map((i) => i.message) });
  }
  await db.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { orderId: { S: order.data.orderId }, items: { S: JSON.stringify(order.data.items) } },
      ConditionExpression: "attribute_not_exists(orderId)",
    }),
  );
  return reply(201, { orderId: order.data.orderId });
};
