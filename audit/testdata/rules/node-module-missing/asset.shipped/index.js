const AWS = require('aws-sdk');
exports.handler = async () => new AWS.S3().listBuckets().promise();
