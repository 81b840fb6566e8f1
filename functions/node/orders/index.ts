// Reference SQS consumer: stores the orders of a batch in DynamoDB and
// answers with a partial batch response, so only the messages that failed
// return to the queue (and, after maxReceiveCount receives, move to the
// dead-letter queue) instead of the whole batch.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";

// Init code runs once per execution environment: the client and its
// connection pool serve every warm invocation.
const TABLE = process.env.TABLE_NAME ?? "";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const Order = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  quantity: z.number().check(z.int(), z.positive()),
  price: z.number().check(z.nonnegative()),
});

interface SQSRecord {
  messageId: string;
  body: string;
}

interface SQSEvent {
  Records: SQSRecord[];
}

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

// One message: parse, validate, store. Storing is idempotent (a redelivered
// message writes the same item), as SQS delivers at least once.
async function store(record: SQSRecord): Promise<void> {
  const order = Order.parse(JSON.parse(record.body));
  await db.send(new PutCommand({
    TableName: TABLE,
    Item: { pk: `order#${order.id}`, sku: order.sku, quantity: order.quantity, total: order.quantity * order.price },
  }));
}

// The messages of a standard queue are independent, so they are processed
// in parallel; the response names only the ones that failed.
export async function handler(event: SQSEvent): Promise<BatchResponse> {
  const results = await Promise.allSettled(event.Records.map(store));
  const batchItemFailures = [];
  for (const [i, r] of results.entries()) {
    if (r.status === "rejected") {
      const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
      console.error(JSON.stringify({ message: "order failed", messageId: event.Records[i].messageId, reason }));
      batchItemFailures.push({ itemIdentifier: event.Records[i].messageId });
    }
  }
  return { batchItemFailures };
}
