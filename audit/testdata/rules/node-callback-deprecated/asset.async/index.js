exports.handler = async (event, context) => ({ statusCode: 200 });
