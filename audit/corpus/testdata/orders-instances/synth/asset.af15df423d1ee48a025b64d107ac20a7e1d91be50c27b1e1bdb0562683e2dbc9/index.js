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

// audit/corpus/apps/orders-instances/src/receipts.ts
var receipts_exports = {};
__export(receipts_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(receipts_exports);
var import_promises = require("node:fs/promises");
var import_client_s3 = require("@aws-sdk/client-s3");
var s3 = new import_client_s3.S3Client({});
var RECEIPT = "/tmp/receipt.txt";
var handler = async (event) => {
  await (0, import_promises.writeFile)(RECEIPT, event.lines.join("\n"));
  const body = await (0, import_promises.readFile)(RECEIPT);
  await s3.send(new import_client_s3.PutObjectCommand({ Bucket: process.env.BUCKET, Key: `receipts/${event.orderId}.txt`, Body: body }));
  return { bytes: body.length };
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
