import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (e) => s3.send(new GetObjectCommand({ Bucket: e.b, Key: e.k }));
