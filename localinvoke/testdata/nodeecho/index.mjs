// A test function for the Node.js client: an ES module that imports the SDK
// as a bundle with @aws-sdk external does, and answers like testdata/echo.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

const client = new DynamoDBClient({}); // init: nothing is sent
console.log("init done");

export const handler = async (event, context) => {
  console.log("event", JSON.stringify(event));
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  if (event.fail) throw new TypeError(event.fail);
  if (event.require) {
    // A package of the project that is not the SDK: absent on Lambda.
    await import(event.require);
  }
  return {
    echo: event.echo ?? null,
    env: process.env[event.env ?? ""] ?? "",
    memory: context.memoryLimitInMB,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis() > 0,
    sdk: typeof client.send,
  };
};
