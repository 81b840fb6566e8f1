// Handlers for the Managed Instances tests: one with the concurrency bug
// Managed Instances expose, its correct twin, and a worker that crashes.
//
// unsafe keeps per-request state at module level, the Node.js page's own
// example of what is not async-safe: while it awaits, the next invocation
// on the same worker thread overwrites current, and it answers with another
// request's id and request id.
let current;

export const unsafe = async (event, context) => {
  current = { id: event.id, requestId: context.awsRequestId };
  await new Promise((resolve) => setTimeout(resolve, event.delayMs ?? 200));
  console.log("answering", current.id);
  return current;
};

// safe keeps the request's id in a local: each invocation answers its own.
export const safe = async (event, context) => {
  const id = event.id;
  await new Promise((resolve) => setTimeout(resolve, event.delayMs ?? 200));
  console.log("answering", id);
  if (event.crash) {
    // An exception no promise catches: it ends this worker thread.
    setTimeout(() => {
      throw new Error("worker crash");
    }, 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (event.big) return "x".repeat(7 << 20);
  return { id, requestId: context.awsRequestId };
};
