import type { APIGatewayProxyEvent, APIGatewayProxyResult, Callback, Context } from "aws-lambda";

export const handler = (event: APIGatewayProxyEvent, _context: Context, callback: Callback<APIGatewayProxyResult>) => {
  const user = event.requestContext.authorizer?.principalId ?? "anonymous";
  callback(null, { statusCode: 200, body: JSON.stringify({ user }) });
};
