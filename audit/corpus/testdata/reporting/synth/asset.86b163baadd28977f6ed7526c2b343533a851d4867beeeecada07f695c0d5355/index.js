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

// audit/corpus/apps/reporting/src/report.ts
var report_exports = {};
__export(report_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(report_exports);
var import_client_s3 = require("@aws-sdk/client-s3");
var s3 = new import_client_s3.S3Client({});
var handler = async (event) => {
  const key = `reports/${(/* @__PURE__ */ new Date()).toISOString().slice(0, 10)}.json`;
  await s3.send(new import_client_s3.PutObjectCommand({ Bucket: process.env.BUCKET ?? "reports", Key: key, Body: JSON.stringify(event) }));
  return { key };
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
