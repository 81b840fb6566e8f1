import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

async function charge(payment: { id: string; amount: number }): Promise<void> {
  if (payment.amount <= 0) {
    throw new Error(`payment ${payment.id}: nothing to charge`);
  }
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      await charge(JSON.parse(record.body));
    } catch (err) {
      console.error("charge failed", record.messageId, err);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
