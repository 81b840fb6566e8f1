// Thumbnails for uploads under incoming/: SDK v3 from the runtime, one
// client per execution environment, failures rethrown so Lambda retries
// them and finally sends them to the failure queue.
import { S3Client, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";

const s3 = new S3Client({});

export const handler = async (event) => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    try {
      const image = await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: key }));
      await s3.send(new PutObjectCommand({
        Bucket: process.env.BUCKET,
        Key: key.replace(/^incoming\//, "thumbnails/"),
        Body: await image.Body.transformToByteArray(),
        ContentType: image.ContentType,
      }));
    } catch (err) {
      console.error("thumbnail failed", { key, err });
      throw err;
    }
  }
};
