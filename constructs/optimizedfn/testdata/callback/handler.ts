// A callback-style handler written for Node.js 22 and earlier.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});

export function handler(event: { id: string }, _context: unknown, callback: (err: unknown, result?: unknown) => void): void {
  db.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { id: { S: event.id } } }))
    .then((out) => callback(null, { statusCode: 200, body: JSON.stringify(out.Item ?? {}) }))
    .catch((err) => callback(err));
}
