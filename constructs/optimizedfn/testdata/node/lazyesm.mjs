// Loads an ES module lazily: named exports survive SplitESM as they are.
export const handler = async () => {
  const { parse } = await import("./modern.mjs");
  return { named: typeof parse };
};
