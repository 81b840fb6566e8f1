// Resize uploaded images (from the SDK v2 sample, lightly edited).
const AWS = require('aws-sdk');
const s3 = new AWS.S3();

exports.handler = async (event) => {
  try {
    for (const record of event.Records) {
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const image = await s3.getObject({ Bucket: record.s3.bucket.name, Key: key }).promise();
      await s3.putObject({
        Bucket: process.env.BUCKET,
        Key: key.replace(/^raw\//, 'resized/'),
        Body: image.Body,
        ContentType: image.ContentType,
      }).promise();
    }
  } catch (err) {
    console.error('resize failed', err);
    return { status: 'error' };
  }
  return { status: 'ok' };
};
