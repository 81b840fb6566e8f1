import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

const s3 = new S3Client({});

export const handler = async (event: unknown): Promise<{ key: string }> => {
  const key = `reports/${new Date().toISOString().slice(0, 10)}.json`;
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET ?? "reports", Key: key, Body: JSON.stringify(event) }));
  return { key };
};
