// The shape of the Amplify CLI's storage trigger templates.
exports.handler = function (event, context) {
  event.Records.forEach((record) => console.log(record.eventID));
  context.done(null, 'Successfully processed DynamoDB record');
};
