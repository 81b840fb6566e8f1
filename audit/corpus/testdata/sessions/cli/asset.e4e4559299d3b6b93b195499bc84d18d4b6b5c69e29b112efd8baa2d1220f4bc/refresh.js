const Redis = require('ioredis');

let redis;

exports.handler = async (event) => {
  if (!redis) {
    redis = new Redis(process.env.REDIS_URL);
  }
  const token = JSON.parse(event.body || '{}').token;
  const ok = await redis.expire(`session:${token}`, 3600);
  return { statusCode: ok ? 200 : 404, body: '' };
};
