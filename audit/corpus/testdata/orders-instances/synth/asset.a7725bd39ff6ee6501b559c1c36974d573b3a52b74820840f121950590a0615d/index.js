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

// audit/corpus/apps/orders-instances/src/invoices.ts
var invoices_exports = {};
__export(invoices_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(invoices_exports);
var import_node_crypto = require("node:crypto");
var import_promises = require("node:fs/promises");
var import_node_os = require("node:os");
var import_node_path = require("node:path");
var import_client_s3 = require("@aws-sdk/client-s3");
var s3 = new import_client_s3.S3Client({});
var handler = async (event) => {
  const dir = await (0, import_promises.mkdtemp)((0, import_node_path.join)((0, import_node_os.tmpdir)(), "invoice-"));
  try {
    const file = (0, import_node_path.join)(dir, `${(0, import_node_crypto.randomUUID)()}.txt`);
    await (0, import_promises.writeFile)(file, event.lines.join("\n"));
    const body = await (0, import_promises.readFile)(file);
    await s3.send(new import_client_s3.PutObjectCommand({ Bucket: process.env.BUCKET, Key: `invoices/${event.orderId}.txt`, Body: body }));
    return { bytes: body.length };
  } finally {
    await (0, import_promises.rm)(dir, { recursive: true, force: true });
  }
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
