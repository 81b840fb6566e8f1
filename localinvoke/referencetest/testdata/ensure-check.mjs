// Evaluates a script's ensure checks on an Artillery JSON report with
// Artillery's own ensure plugin, as `artillery run` does when a run ends,
// and prints each check and whether it held, as JSON.
// Usage: node ensure-check.mjs ARTILLERY_PACKAGE_DIR SCRIPT.yml REPORT.json
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [, , dir, scriptPath, reportPath] = process.argv;
const require = createRequire(dir + "/node_modules/");
const yaml = require("js-yaml");
const { Plugin } = require(dir + "/node_modules/artillery/dist/builtin-packages/artillery-plugin-ensure");
global.artillery = { log: () => {} };
const script = yaml.load(readFileSync(scriptPath, "utf8"));
const report = JSON.parse(readFileSync(reportPath, "utf8")).aggregate;
const checks = Plugin.runChecks(script.config.ensure, Plugin.statsToVars({ report }));
console.log(JSON.stringify(checks.map((c) => ({ check: c.original, ok: c.result === 1 }))));
