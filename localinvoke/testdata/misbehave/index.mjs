// A Node.js function that misbehaves on request, for the tests of what
// lambdaperf bounds: {"holdMiB": n} holds n MiB of touched memory,
// {"respondBytes": n} answers a string of n bytes, {"detach": true} starts
// a child in a session of its own that keeps the output pipes open and
// answers its pid, {"sleepMs": n} waits first; anything else answers the
// size of the event it received.
import { spawn } from "node:child_process";

const held = [];

export const handler = async (event) => {
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  if (event.holdMiB) {
    for (let i = 0; i < event.holdMiB; i++) held.push(Buffer.alloc(1 << 20, 1));
    return { held: held.length };
  }
  if (event.respondBytes) return "x".repeat(event.respondBytes);
  if (event.detach) {
    const child = spawn("sleep", ["300"], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
    child.unref();
    return { pid: child.pid };
  }
  return { eventBytes: JSON.stringify(event).length };
};
