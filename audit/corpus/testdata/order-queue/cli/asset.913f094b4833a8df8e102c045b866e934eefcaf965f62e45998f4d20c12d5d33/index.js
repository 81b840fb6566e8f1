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

// audit/corpus/apps/order-queue/src/process-payment.ts
var process_payment_exports = {};
__export(process_payment_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(process_payment_exports);
async function charge(payment) {
  if (payment.amount <= 0) {
    throw new Error(`payment ${payment.id}: nothing to charge`);
  }
}
var handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await charge(JSON.parse(record.body));
    } catch (err) {
      console.error("charge failed", record.messageId, err);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
