// Token authorizer, written for the Node.js 16 runtime.
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Callback, Context } from "aws-lambda";

export const handler = function (event: APIGatewayTokenAuthorizerEvent, context: Context, callback: Callback<APIGatewayAuthorizerResult>): void {
  const token = (event.authorizationToken || "").replace(/^Bearer /, "");
  if (!token) {
    return callback("Unauthorized");
  }
  callback(null, {
    principalId: token.slice(0, 8),
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
  });
};
