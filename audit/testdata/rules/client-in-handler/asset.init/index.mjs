import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});

export const handler = async (event) => db.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: event.id } } }));
