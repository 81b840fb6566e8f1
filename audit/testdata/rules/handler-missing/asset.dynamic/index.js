const routes = require('./routes');
module.exports = Object.fromEntries(routes.map((r) => [r.name, r.fn]));
