var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[Object.keys(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};

// node_modules/open/index.js
var require_open = __commonJS({
  "node_modules/open/index.js"(exports2, module2) {
    var childProcess = require("child_process");
    module2.exports = (url) => childProcess.spawn("xdg-open", [url]);
  }
});

// src/api.ts
exports.handler = async () => ({ statusCode: 200 });
