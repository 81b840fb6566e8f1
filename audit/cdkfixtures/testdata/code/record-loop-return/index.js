// A stream consumer shaped as serverless-patterns' scheduler sample: it
// returns from the handler on the first record it handles.
exports.handler = async (event) => {
  for (const record of event.Records) {
    if (record.body) {
      await schedule(JSON.parse(record.body));
      return { statusCode: 200 };
    }
  }
};

async function schedule(item) {
  return item;
}
