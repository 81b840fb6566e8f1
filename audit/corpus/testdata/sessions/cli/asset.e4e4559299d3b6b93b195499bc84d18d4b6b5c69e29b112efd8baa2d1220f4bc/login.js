const Redis = require('ioredis');
const crypto = require('crypto');

exports.handler = async (event) => {
  const redis = new Redis(process.env.REDIS_URL);
  const user = JSON.parse(event.body || '{}').user;
  const token = crypto.randomBytes(24).toString('hex');
  await redis.set(`session:${token}`, user, 'EX', 3600);
  await redis.quit();
  return { statusCode: 200, body: JSON.stringify({ token }) };
};
