export const handle = async (event) => ({ statusCode: 200 });
