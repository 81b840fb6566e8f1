// Loads an ES module lazily: named exports survive SplitESM, no warning.
export const handler = async () => {
  const { parse } = await import("./modern.mjs");
  return { named: typeof parse };
};
