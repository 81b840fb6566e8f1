const AWS = require('aws-sdk');
const s3 = new AWS.S3();

exports.handler = async (event) => {
  return s3.getObject({ Bucket: event.bucket, Key: event.key }).promise();
};
