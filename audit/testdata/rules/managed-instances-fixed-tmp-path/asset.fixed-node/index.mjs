import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const EXPORT_FILE = join(tmpdir(), "export.json");

export const handler = async (event) => {
  await writeFile(EXPORT_FILE, JSON.stringify(event.item));
  const bytes = await readFile(EXPORT_FILE);
  return { exported: bytes.length };
};
