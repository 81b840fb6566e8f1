// A callback-style handler, as written for Node.js 16-22 runtimes.
const { DynamoDBClient, GetItemCommand } = require("@aws-sdk/client-dynamodb");

const db = new DynamoDBClient({});

exports.handler = function (event, context, callback) {
  db.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { id: { S: String(event.id) } } }))
    .then((out) => callback(null, { statusCode: 200, body: JSON.stringify(out.Item || {}) }))
    .catch((err) => callback(err));
};
