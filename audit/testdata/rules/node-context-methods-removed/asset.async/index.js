exports.handler = async (event, context) => {
  event.Records.forEach((record) => console.log(record.eventID));
  return 'Successfully processed DynamoDB record';
};
