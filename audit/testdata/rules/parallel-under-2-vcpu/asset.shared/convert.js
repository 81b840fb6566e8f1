const { execFile } = require('child_process');
exports.handler = async () => new Promise((ok) => execFile('convert', ['a', 'b'], ok));
