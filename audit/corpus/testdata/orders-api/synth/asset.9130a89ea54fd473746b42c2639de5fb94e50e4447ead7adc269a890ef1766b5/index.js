// audit/corpus/apps/orders-api/src/export.js
var { DynamoDBClient, QueryCommand } = require("@aws-sdk/client-dynamodb");
var db = new DynamoDBClient({});
exports.handler = async (event) => {
  const customer = event.requestContext?.authorizer?.principalId ?? "anonymous";
  const out = await db.send(new QueryCommand({
    TableName: "orders",
    KeyConditionExpression: "customer = :c",
    ExpressionAttributeValues: { ":c": { S: customer } }
  }));
  const rows = (out.Items ?? []).map((i) => [i.id.S, i.total.N].join(","));
  return { statusCode: 200, headers: { "content-type": "text/csv" }, body: rows.join("\n") };
};
