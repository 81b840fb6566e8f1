let xray;
try {
  xray = require('aws-xray-sdk-core');
} catch (e) {
  xray = undefined;
}
exports.handler = async () => ({ traced: Boolean(xray) });
