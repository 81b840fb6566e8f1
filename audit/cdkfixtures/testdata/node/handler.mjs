// A DynamoDB reader: bundled with the AWS SDK external (lambdaperf's
// default) it is a few hundred bytes; with the SDK bundled, hundreds of KB.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

const ddb = new DynamoDBClient({});

export const handler = async (event) => {
  const out = await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: String(event.id) } } }));
  return { statusCode: 200, body: JSON.stringify(out.Item ?? null) };
};
