// A handler written for on-demand Lambda, where an environment serves one
// invocation at a time: the request's user is kept at module level.
let currentUser;

export const handler = async (event) => {
  currentUser = event.userId;
  await audit(event);
  return { user: currentUser };
};

async function audit(event) {
  return event;
}
