"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// audit/corpus/apps/orders-api/src/export.ts
var export_exports = {};
__export(export_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(export_exports);
var import_client_dynamodb = require("@aws-sdk/client-dynamodb");
var db = new import_client_dynamodb.DynamoDBClient({});
var handler = async (event) => {
  const customer = event.requestContext?.authorizer?.principalId ?? "anonymous";
  const out = await db.send(new import_client_dynamodb.QueryCommand({
    TableName: "orders",
    KeyConditionExpression: "customer = :c",
    ExpressionAttributeValues: { ":c": { S: customer } }
  }));
  const rows = (out.Items ?? []).map((i) => [i.id.S, i.total.N].join(","));
  return { statusCode: 200, headers: { "content-type": "text/csv" }, body: rows.join("\n") };
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
