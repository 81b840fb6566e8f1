exports.handler = async (event) => {
  const order = JSON.parse(event.Records[0].body);
  console.log('order', order.id);
};
