// Written for concurrent invocations: each invoice gets a folder of its own
// in /tmp, removed when done.
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";

const s3 = new S3Client({});

export const handler = async (event: { orderId: string; lines: string[] }) => {
  const dir = await mkdtemp(join(tmpdir(), "invoice-"));
  try {
    const file = join(dir, `${randomUUID()}.txt`);
    await writeFile(file, event.lines.join("\n"));
    const body = await readFile(file);
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `invoices/${event.orderId}.txt`, Body: body }));
    return { bytes: body.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
