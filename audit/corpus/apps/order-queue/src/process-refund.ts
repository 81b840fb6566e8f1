import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

async function refund(payment: { id: string; amount: number }): Promise<void> {
  if (payment.amount <= 0) {
    throw new Error(`payment ${payment.id}: nothing to refund`);
  }
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      await refund(JSON.parse(record.body));
    } catch (err) {
      console.error("refund failed", record.messageId, err);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
