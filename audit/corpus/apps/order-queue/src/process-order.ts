import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { SQSEvent } from "aws-lambda";

const db = new DynamoDBClient({});

interface Order {
  id: string;
  customer: string;
  total: number;
}

export const handler = async (event: SQSEvent): Promise<void> => {
  const order: Order = JSON.parse(event.Records[0].body);
  await db.send(new PutItemCommand({
    TableName: process.env.TABLE_NAME ?? "orders",
    Item: { id: { S: order.id }, customer: { S: order.customer }, total: { N: String(order.total) } },
  }));
};
