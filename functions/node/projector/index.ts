// Reference DynamoDB Streams consumer: projects every stored order into a
// summary item. Records of one key stay in order; different keys are
// processed in parallel. The partial batch response names the first failed
// record of each key, so Lambda retries from there and skips what is done.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";

// Init code runs once per execution environment: the client and its
// connection pool serve every warm invocation.
const TABLE = process.env.TABLE_NAME ?? "";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

type Attribute = { S?: string; N?: string };

interface StreamRecord {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  dynamodb: {
    Keys: Record<string, Attribute>;
    NewImage?: Record<string, Attribute>;
    SequenceNumber: string;
  };
}

interface StreamEvent {
  Records: StreamRecord[];
}

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

// One record: an order written or changed becomes its summary (an
// idempotent put, as a retried batch repeats records).
async function project(record: StreamRecord): Promise<void> {
  const key = record.dynamodb.Keys.pk?.S ?? "";
  const image = record.dynamodb.NewImage;
  if (!key.startsWith("order#") || record.eventName === "REMOVE" || !image) return;
  await db.send(new PutCommand({
    TableName: TABLE,
    Item: { pk: `summary#${key.slice("order#".length)}`, sku: image.sku?.S, total: Number(image.total?.N ?? 0) },
  }));
}

export async function handler(event: StreamEvent): Promise<BatchResponse> {
  // Records of one key in stream order, keys in parallel.
  const byKey = new Map<string, StreamRecord[]>();
  for (const r of event.Records) {
    const key = JSON.stringify(r.dynamodb.Keys);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const failed = await Promise.all([...byKey.values()].map(async (records) => {
    for (const r of records) {
      try {
        await project(r);
      } catch (err) {
        // Stop this key: its later records must not overtake the failed one.
        console.error(JSON.stringify({ message: "projection failed", sequenceNumber: r.dynamodb.SequenceNumber, reason: String(err) }));
        return r.dynamodb.SequenceNumber;
      }
    }
    return undefined;
  }));
  return { batchItemFailures: failed.filter((s): s is string => s !== undefined).map((s) => ({ itemIdentifier: s })) };
}
