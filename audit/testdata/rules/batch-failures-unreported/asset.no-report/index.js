exports.handler = async (event) => {
  for (const record of event.Records) {
    await save(JSON.parse(record.body));
  }
};

async function save(order) {
  if (!order.id) throw new Error('no id');
}
