import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const batchItemFailures: DynamoDBBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      await doc.send(new PutCommand({
        TableName: process.env.AUDIT_TABLE ?? "audit",
        Item: { id: record.eventID, change: record.eventName, at: record.dynamodb?.ApproximateCreationDateTime },
      }));
    } catch (err) {
      console.error("audit write failed", err);
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
    }
  }
  return { batchItemFailures };
};
