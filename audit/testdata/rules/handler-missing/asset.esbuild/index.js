var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __toCommonJS = (mod) => mod;

// src/orders.ts
var orders_exports = {};
__export(orders_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(orders_exports);
var handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
