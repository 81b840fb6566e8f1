import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

const users = [{ id: "1", name: "Ada" }, { id: "2", name: "Grace" }];

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.queryStringParameters?.id;
  const found = id ? users.filter((u) => u.id === id) : users;
  return { statusCode: 200, body: JSON.stringify(found) };
};
