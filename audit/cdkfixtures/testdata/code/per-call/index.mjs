import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

export const handler = async (event) => {
  const db = new DynamoDBClient({});
  return db.send(new GetItemCommand({ TableName: 't', Key: { id: { S: event.id } } }));
};
