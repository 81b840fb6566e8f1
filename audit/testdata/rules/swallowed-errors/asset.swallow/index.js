exports.handler = async (event) => {
  try {
    for (const record of event.Records) {
      await resize(record.s3.object.key);
    }
  } catch (err) {
    console.error('resize failed', err);
  }
};

async function resize(key) {
  if (!key) throw new Error('no key');
}
