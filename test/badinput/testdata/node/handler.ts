// A valid Node.js handler: each bad-input row breaks one prop around it.
export const handler = async () => ({ statusCode: 200 });
