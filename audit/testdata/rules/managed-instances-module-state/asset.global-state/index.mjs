// The Node.js runtime page's example of global state that is not safe
// under concurrent invocations.
let state = {
  currentUser: null,
  requestData: null,
};

export const handler = async (event, context) => {
  state.currentUser = event.userId;
  state.requestData = event.data;

  await processData(state.requestData);

  // state.currentUser might now belong to a different request
  return { user: state.currentUser };
};

async function processData(data) {
  return data;
}
