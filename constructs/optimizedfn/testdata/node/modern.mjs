// The same module as ESM.
export const parse = (s) => "parsed:" + s;
