// Written for on-demand Lambda: one receipt file in /tmp, reused by every
// invocation.
import { readFile, writeFile } from "node:fs/promises";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";

const s3 = new S3Client({});
const RECEIPT = "/tmp/receipt.txt";

export const handler = async (event: { orderId: string; lines: string[] }) => {
  await writeFile(RECEIPT, event.lines.join("\n"));
  const body = await readFile(RECEIPT);
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `receipts/${event.orderId}.txt`, Body: body }));
  return { bytes: body.length };
};
