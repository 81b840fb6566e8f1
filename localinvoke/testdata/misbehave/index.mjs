// A Node.js function that misbehaves on request, for the tests of what
// lambdaperf bounds. Its parameters come from the event, or from the query
// string of a Function URL request: detach=1 starts a child in a session of
// its own that keeps the output pipes open, holdMiB=n holds n MiB of
// touched memory, sleepMs=n waits, respondBytes=n answers a string of n
// bytes; it answers the size of the event it received, the child's pid and
// what it holds.
import { spawn } from "node:child_process";

const held = [];

export const handler = async (event) => {
  const p = event.queryStringParameters
    ? Object.fromEntries(Object.entries(event.queryStringParameters).map(([k, v]) => [k, Number(v)]))
    : event;
  const out = { eventBytes: JSON.stringify(event).length };
  if (p.detach) {
    const child = spawn("sleep", ["300"], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
    child.unref();
    out.pid = child.pid;
  }
  for (let i = 0; i < (p.holdMiB ?? 0); i++) held.push(Buffer.alloc(1 << 20, 1));
  out.held = held.length;
  if (p.sleepMs) await new Promise((r) => setTimeout(r, p.sleepMs));
  if (p.respondBytes) return "x".repeat(p.respondBytes);
  return out;
};
