import { readFile, writeFile } from "node:fs/promises";

// One file name for every invocation.
export const handler = async (event) => {
  await writeFile("/tmp/report.csv", event.rows.join("\n"));
  return (await readFile("/tmp/report.csv")).length;
};
