exports.handler = async (event) => {
  try {
    await notify(event.Records[0].Sns.Message);
  } catch (err) {
    console.error('notify failed', err);
  }
};

async function notify(message) {
  if (!message) throw new Error('empty');
}
