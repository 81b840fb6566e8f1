exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      JSON.parse(record.body);
    } catch (err) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
