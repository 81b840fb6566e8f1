// Loads a CommonJS module lazily and reads a named export, as Node.js allows.
// esbuild's SplitESM output gives only `default` here (esbuild#3245).
export const handler = async (event = {}) => {
  const { parse } = await import("./legacy.cjs");
  const mod = await import("./legacy.cjs");
  if (event.fail) throw new Error("fail");
  return { named: typeof parse, viaDefault: typeof mod.default.parse };
};
