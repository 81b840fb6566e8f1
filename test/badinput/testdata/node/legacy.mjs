// A JavaScript entry whose export is not called handler.
export const main = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });
