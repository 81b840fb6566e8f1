import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const handler = async (event, context) => {
  const dir = await mkdtemp(join(tmpdir(), "export-"));
  try {
    const file = join(dir, "export.json");
    await writeFile(file, JSON.stringify(event.item), { flag: "wx" });
    await writeFile(`/tmp/${context.awsRequestId}.log`, "done");
    return { exported: (await readFile(file)).length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
