const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async (e) => s3.getObject({ Bucket: e.b, Key: e.k }).promise();
