import { S3Client } from "@aws-sdk/client-s3";

const s3 = new S3Client({});

export const handler = async (): Promise<{ ok: boolean; region: unknown }> => ({ ok: true, region: await s3.config.region() });
