const { execFile } = require('child_process');
const { promisify } = require('util');

const run = promisify(execFile);

exports.handler = async (event) => {
  const { stdout } = await run('gzip', ['-c', '/tmp/sessions.csv']);
  return { statusCode: 200, isBase64Encoded: true, body: Buffer.from(stdout).toString('base64') };
};
