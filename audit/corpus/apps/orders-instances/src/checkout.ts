// Written for on-demand Lambda: the order in flight and the customer are
// kept at module level, where every helper can reach them.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});
const TABLE = process.env.TABLE_NAME ?? "orders";

interface Order {
  id: string;
  customer: string;
  items: { sku: string; qty: number }[];
}

let currentOrder: Order | undefined;
const session = { customer: "", total: 0 };
const lines: string[] = [];

export const handler = async (event: { order: Order }) => {
  currentOrder = event.order;
  session.customer = event.order.customer;
  for (const item of event.order.items) {
    lines.push(`${item.sku} x${item.qty}`);
  }
  await save();
  return { id: currentOrder.id, customer: session.customer, lines: lines.length };
};

async function save() {
  await db.send(new PutItemCommand({
    TableName: TABLE,
    Item: { pk: { S: currentOrder!.id }, customer: { S: session.customer }, lines: { SS: lines } },
  }));
}
