import type { APIGatewayProxyEvent, APIGatewayProxyResult, Callback, Context } from "aws-lambda";

export function handler(event: APIGatewayProxyEvent, context: Context, callback: Callback<APIGatewayProxyResult>): void {
  context.callbackWaitsForEmptyEventLoop = false;
  callback(null, { statusCode: 200, body: JSON.stringify({ ok: true, path: event.path }) });
}
