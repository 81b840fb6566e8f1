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

// audit/corpus/apps/order-queue/src/process-order.ts
var process_order_exports = {};
__export(process_order_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(process_order_exports);
var import_client_dynamodb = require("@aws-sdk/client-dynamodb");
var db = new import_client_dynamodb.DynamoDBClient({});
var handler = async (event) => {
  const order = JSON.parse(event.Records[0].body);
  await db.send(new import_client_dynamodb.PutItemCommand({
    TableName: process.env.TABLE_NAME ?? "orders",
    Item: { id: { S: order.id }, customer: { S: order.customer }, total: { N: String(order.total) } }
  }));
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
