// Loads a CommonJS module lazily and reads a named export: Node.js gives
// it, SplitESM bundles do not (esbuild#3245), so lambdaperf warns.
export const handler = async () => {
  const { parse } = await import("./legacy.cjs");
  const mod = await import("./legacy.cjs");
  return { named: typeof parse, viaDefault: typeof mod.default.parse };
};
