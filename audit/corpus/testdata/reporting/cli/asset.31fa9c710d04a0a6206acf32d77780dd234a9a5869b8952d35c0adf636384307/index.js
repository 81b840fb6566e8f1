// audit/corpus/apps/reporting/src/report.js
var { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");
var s3 = new S3Client({});
exports.handler = async (event) => {
  const key = `reports/${(/* @__PURE__ */ new Date()).toISOString().slice(0, 10)}.json`;
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET ?? "reports", Key: key, Body: JSON.stringify(event) }));
  return { key };
};
