import * as AWS from "aws-sdk";
import type { EventBridgeEvent } from "aws-lambda";

const sqs = new AWS.SQS();

export const handler = async (event: EventBridgeEvent<"AccountCreated", { id: string }>) => {
  await sqs.sendMessage({ QueueUrl: process.env.WEBHOOK_QUEUE_URL ?? "", MessageBody: JSON.stringify(event.detail) }).promise();
  return { forwarded: event.detail.id };
};
