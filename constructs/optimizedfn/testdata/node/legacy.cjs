// A CommonJS-only module, as many npm packages still are.
exports.parse = (s) => "parsed:" + s;
